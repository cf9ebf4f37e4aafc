import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../errors.js';
import { connect, emulatorFromEnv, NO_TARGET_MESSAGE } from './connection.js';
import { CLOUDS } from './endpoints.js';

test('with neither a tenant nor an emulator, connect says in one line how to connect one', async () => {
  await assert.rejects(connect({ env: {} }), (error: Error) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.message, NO_TARGET_MESSAGE);
    assert.match(error.message, /--tenant ID/);
    assert.match(error.message, /--emulator \[URL\]/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});

test('--scenario without an embedded emulator is a usage error', async () => {
  await assert.rejects(
    connect({ scenario: 'healthy', env: {} }),
    /--scenario applies to an embedded emulator/,
  );
  await assert.rejects(
    connect({ scenario: 'healthy', emulator: 'https://127.0.0.1:1', env: {} }),
    /--scenario applies to an embedded emulator/,
  );
});

test("a live connection uses the cloud's endpoints and the configured credential", async () => {
  const env = { AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };
  const connection = await connect({ tenantId: 't', cloud: 'usgov', env });
  assert.equal(connection.mode, 'live');
  assert.equal(connection.endpoints, CLOUDS.usgov);
  assert.equal(connection.tenantId, 't');
  assert.equal(connection.credentialKind, 'client-secret');
  assert.equal(connection.clientId, 'c');
  assert.equal(connection.emulator, undefined);
  await connection.close();
  const fromEnv = await connect({ env: { ...env, AZURE_TENANT_ID: 'from-env' } });
  assert.equal(fromEnv.tenantId, 'from-env');
  assert.equal(fromEnv.endpoints, CLOUDS.global);
});

test('BREAKGLASS_EMULATOR selects an emulator; a plain-http one is refused', async () => {
  await assert.rejects(
    connect({ env: { BREAKGLASS_EMULATOR: 'http://127.0.0.1:1' } }),
    /speaks https, not http/,
  );
});

test('BREAKGLASS_EMULATOR names a URL, or embedded', () => {
  const cases: [string | undefined, string | true | undefined][] = [
    [undefined, undefined],
    ['  ', undefined],
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443'],
    ['Embedded', true],
  ];
  for (const [value, expected] of cases) assert.equal(emulatorFromEnv(value), expected, String(value));
});
