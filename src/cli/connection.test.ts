import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { defaultConfig } from '../config/schema.js';
import { addConnectionOptions, connectOptionsFrom, type ConnectionFlags } from './connection.js';

function parse(args: string[]): ConnectionFlags {
  const command = addConnectionOptions(
    new Command('audit').exitOverride().configureOutput({ writeErr: () => {} }),
  );
  command.parse(args, { from: 'user' });
  return command.opts<ConnectionFlags>();
}

test('the shared options parse as commands expect', () => {
  const cases: [string[], ConnectionFlags][] = [
    [[], {}],
    [['--emulator'], { emulator: true }],
    [['--emulator', 'https://127.0.0.1:8443'], { emulator: 'https://127.0.0.1:8443' }],
    [['--emulator', '--scenario', 'healthy'], { emulator: true, scenario: 'healthy' }],
    [['--tenant', 'abc', '--cloud', 'china'], { tenant: 'abc', cloud: 'china' }],
  ];
  for (const [args, expected] of cases) assert.deepEqual(parse(args), expected, args.join(' '));
  assert.throws(() => parse(['--cloud', 'germany']), /Allowed choices are global, usgov, china/);
});

test('flags win over breakglass.yaml, which wins over the environment', () => {
  const config = defaultConfig();
  config.tenant.id = 'from-config';
  config.tenant.cloud = 'usgov';
  assert.deepEqual(connectOptionsFrom({}, config), {
    emulator: undefined,
    scenario: undefined,
    tenantId: 'from-config',
    cloud: 'usgov',
  });
  assert.deepEqual(connectOptionsFrom({ tenant: 'flag', cloud: 'global', emulator: true }, config), {
    emulator: true,
    scenario: undefined,
    tenantId: 'flag',
    cloud: 'global',
  });
  assert.equal(
    connectOptionsFrom({}, undefined).tenantId,
    undefined,
    'no config: the environment decides later',
  );
});
