import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { ConfigError, editDistance, loadConfig, nearest, parseConfig } from './load.js';
import { defaultConfig } from './schema.js';

/** A good config touching every section; each case below changes one line. */
const good = `version: 1
tenant:
  initialDomain: contoso.onmicrosoft.com
model: dedicated
accounts:
  count: 2
  naming: EmergencyAccount_{n}
  list:
    - userPrincipalName: EmergencyAccount_1@contoso.onmicrosoft.com
group:
  displayName: CA-Persona-BreakGlassAccounts
policy:
  signInFrequencyHours: 1
methods:
  email: it-emergency@contoso.com
monitoring:
  subscriptionId: 11111111-1111-1111-1111-111111111111
  actionGroup:
    emails: [secops@contoso.com]
audit:
  failOn: high
`;

test('a good config loads, with defaults filled in', () => {
  const { config } = parseConfig(good, 'breakglass.yaml');
  assert.equal(config.tenant.initialDomain, 'contoso.onmicrosoft.com');
  assert.equal(config.accounts.list?.[0]?.userPrincipalName, 'EmergencyAccount_1@contoso.onmicrosoft.com');
  assert.equal(config.monitoring.retentionInDays, defaultConfig().monitoring.retentionInDays);
});

test('an empty file is the default config', () => {
  assert.deepEqual(parseConfig('# nothing yet\n', 'breakglass.yaml').config, defaultConfig());
});

test('locate() points back at a key in the file', () => {
  const loaded = parseConfig(good, 'breakglass.yaml');
  assert.deepEqual(loaded.locate(['monitoring', 'actionGroup', 'emails']), { line: 19, column: 5 });
  assert.deepEqual(loaded.locate(['accounts', 'list', 0, 'userPrincipalName']), { line: 9, column: 7 });
  assert.equal(loaded.locate(['policy', 'state']), undefined);
});

/** [case, line to replace, replacement, expected message]. */
const cases: [string, string, string, string][] = [
  [
    'a misspelt key',
    '  count: 2',
    '  cuont: 2',
    'breakglass.yaml:6:3: accounts.cuont: unknown key (did you mean "count"?)',
  ],
  [
    'a key with transposed letters',
    'model: dedicated',
    'modle: dedicated',
    'breakglass.yaml:4:1: modle: unknown key (did you mean "model"?)',
  ],
  [
    'a key at the wrong level',
    'model: dedicated',
    'retentionInDays: 90',
    'breakglass.yaml:4:1: retentionInDays: unknown key (did you mean "monitoring.retentionInDays"?)',
  ],
  [
    'a key nothing resembles',
    '  displayName: CA-Persona-BreakGlassAccounts',
    '  colour: blue',
    'breakglass.yaml:11:3: group.colour: unknown key (valid keys here: displayName, roleAssignable)',
  ],
  [
    'a number written as text',
    '  count: 2',
    '  count: two',
    'breakglass.yaml:6:3: accounts.count: expected number, got string "two"',
  ],
  [
    'a number out of range',
    '  count: 2',
    '  count: 1',
    'breakglass.yaml:6:3: accounts.count: must be at least 2, got number 1',
  ],
  [
    'an unknown model',
    'model: dedicated',
    'model: dedicate',
    'breakglass.yaml:4:1: model: expected one of "dedicated", "exclude-all", "split", got string "dedicate"',
  ],
  [
    'a bad email address',
    '  email: it-emergency@contoso.com',
    '  email: it-emergency',
    'breakglass.yaml:15:3: methods.email: expected an email address, got string "it-emergency"',
  ],
  [
    'a bad address in a list',
    '    emails: [secops@contoso.com]',
    '    emails: [secops]',
    'breakglass.yaml:19:14: monitoring.actionGroup.emails[0]: expected an email address, got string "secops"',
  ],
  [
    'an unknown key in a list item',
    '    - userPrincipalName: EmergencyAccount_1@contoso.onmicrosoft.com',
    '    - upn: EmergencyAccount_1@contoso.onmicrosoft.com',
    'breakglass.yaml:9:7: accounts.list[0].upn: unknown key (valid keys here: userPrincipalName, id, role)',
  ],
  [
    'a section that is not a mapping',
    'group:',
    'group: CA-Persona',
    'breakglass.yaml:10:8: invalid YAML: Nested mappings are not allowed in compact mappings',
  ],
  [
    'a duplicated key',
    'model: dedicated',
    'model: dedicated\nmodel: split',
    'breakglass.yaml:5:1: invalid YAML: Map keys must be unique',
  ],
  [
    'bad indentation',
    '  naming: EmergencyAccount_{n}',
    ' naming: EmergencyAccount_{n}',
    'breakglass.yaml:7:1: invalid YAML: All mapping items must start at the same column',
  ],
  ['a wrong version', 'version: 1', 'version: 2', 'breakglass.yaml:1:1: version: expected 1, got number 2'],
];

for (const [name, from, to, message] of cases) {
  test(`reports ${name} on one line with file, line, column and key`, () => {
    assert.ok(good.includes(`${from}\n`), `fixture has ${from}`);
    const text = good.replace(`${from}\n`, `${to}\n`);
    assert.throws(
      () => parseConfig(text, 'breakglass.yaml'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError && error instanceof UsageError);
        assert.equal(error.message, message);
        return true;
      },
    );
  });
}

test('a top level that is not a mapping', () => {
  assert.throws(
    () => parseConfig('- a\n- b\n', 'c.yaml'),
    /^ConfigError|c\.yaml:1:1: expected a mapping of settings at the top level/,
  );
});

test('the first mistake in the file is the one reported', () => {
  const text = good.replace('  count: 2\n', '  count: 1\n').replace('model: dedicated\n', 'model: nope\n');
  assert.throws(() => parseConfig(text, 'b.yaml'), /^.*b\.yaml:4:1: model:/);
});

test('files: explicit path must exist; no path and no ./breakglass.yaml means no config', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'breakglass-config-'));
  try {
    assert.equal(await loadConfig({ cwd: dir }), undefined);
    await assert.rejects(
      loadConfig({ cwd: dir, path: 'other.yaml' }),
      /^UsageError: config file other\.yaml does not exist$/,
    );
    writeFileSync(join(dir, 'breakglass.yaml'), good);
    const loaded = await loadConfig({ cwd: dir });
    assert.equal(loaded?.file, 'breakglass.yaml');
    assert.equal(loaded?.config.model, 'dedicated');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.yaml'), 'model: split\naccounts: { count: 1 }\n');
    await assert.rejects(loadConfig({ cwd: dir, path: 'sub/x.yaml' }), {
      message: 'sub/x.yaml:2:13: accounts.count: must be at least 2, got number 1',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('suggestions: edit distance with transpositions, only for likely typos', () => {
  assert.equal(editDistance('modle', 'model'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(nearest('naem', ['name', 'count']), 'name');
  assert.equal(nearest('displayname', ['displayName']), 'displayName');
  assert.equal(nearest('zzz', ['model', 'tenant']), undefined);
});

test('methods.personTied is keep unless the file says remove, and nothing else is accepted', () => {
  assert.equal(parseConfig('methods: {}\n', 'breakglass.yaml').config.methods.personTied, 'keep');
  const remove = parseConfig('methods:\n  personTied: remove\n', 'breakglass.yaml').config;
  assert.equal(remove.methods.personTied, 'remove');
  assert.throws(() => parseConfig('methods:\n  personTied: delete\n', 'breakglass.yaml'), {
    message: 'breakglass.yaml:2:3: methods.personTied: expected one of "keep", "remove", got string "delete"',
  });
});
