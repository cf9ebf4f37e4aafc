import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import { UsageError } from '../errors.js';
import {
  BREAKGLASS_PUBLIC_CLIENT_ID,
  chooseCredentialKind,
  createCredential,
  credentialOptionsFromEnv,
  mergeCredentialOptions,
  type CredentialOptions,
} from './credential.js';

const target = { authorityHost: 'https://login.microsoftonline.com' };

test('chooseCredentialKind picks the first credential whose settings are present', () => {
  const cases: [string, CredentialOptions, Record<string, string>, string | undefined][] = [
    ['nothing', {}, {}, undefined],
    ['client id alone is not enough', { clientId: 'c' }, {}, undefined],
    ['secret', { clientId: 'c', clientSecret: 's' }, {}, 'client-secret'],
    ['certificate file', { clientId: 'c', certificatePath: '/x.pem' }, {}, 'client-certificate'],
    ['certificate PEM', { clientId: 'c', certificatePem: 'PEM' }, {}, 'client-certificate'],
    [
      'secret wins over certificate',
      { clientId: 'c', clientSecret: 's', certificatePath: '/x' },
      {},
      'client-secret',
    ],
    ['workload identity', { clientId: 'c', federatedTokenFile: '/t' }, {}, 'workload-identity'],
    ['managed identity endpoint', {}, { IDENTITY_ENDPOINT: 'http://169.254.169.254' }, 'managed-identity'],
    ['named kind wins', { kind: 'azure-cli', clientId: 'c', clientSecret: 's' }, {}, 'azure-cli'],
  ];
  for (const [name, options, env, expected] of cases)
    assert.equal(chooseCredentialKind(options, env), expected, name);
});

test('credentialOptionsFromEnv reads the usual variables; explicit options win', () => {
  const env = {
    AZURE_TENANT_ID: 't',
    AZURE_CLIENT_ID: 'c',
    AZURE_CLIENT_SECRET: 's',
    AZURE_FEDERATED_TOKEN_FILE: '/token',
    BREAKGLASS_AUTH: 'workload-identity',
  };
  const fromEnv = credentialOptionsFromEnv(env);
  assert.deepEqual(fromEnv, {
    kind: 'workload-identity',
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's',
    federatedTokenFile: '/token',
  });
  assert.equal(mergeCredentialOptions({ tenantId: 'x', clientId: undefined }, fromEnv).tenantId, 'x');
  assert.equal(mergeCredentialOptions({ tenantId: 'x', clientId: undefined }, fromEnv).clientId, 'c');
  assert.throws(() => credentialOptionsFromEnv({ BREAKGLASS_AUTH: 'password' }), UsageError);
});

test('createCredential builds the matching @azure/identity class', () => {
  const cases: [CredentialOptions, unknown][] = [
    [{ tenantId: 't', clientId: 'c', clientSecret: 's' }, ClientSecretCredential],
    [{ tenantId: 't', clientId: 'c', certificatePath: '/nonexistent.pem' }, ClientCertificateCredential],
    [{ tenantId: 't', clientId: 'c', federatedTokenFile: '/token' }, WorkloadIdentityCredential],
    [{ tenantId: 't', kind: 'device-code' }, DeviceCodeCredential],
  ];
  const userAssigned = createCredential(
    { tenantId: 't', kind: 'managed-identity', clientId: 'mi-client' },
    target,
    {},
  );
  assert.equal(userAssigned.clientId, 'mi-client', 'a user-assigned identity is named by AZURE_CLIENT_ID');
  for (const [options, type] of cases) {
    const chosen = createCredential(options, target, {});
    assert.ok(chosen.credential instanceof (type as new (...args: never[]) => unknown), String(chosen.kind));
  }
});

test("device code uses breakglass's own client id unless the user names an app, never the Azure CLI's", () => {
  assert.equal(
    createCredential({ tenantId: 't', kind: 'device-code' }, target, {}).clientId,
    BREAKGLASS_PUBLIC_CLIENT_ID,
  );
  assert.equal(
    createCredential({ tenantId: 't', kind: 'device-code', clientId: 'mine' }, target, {}).clientId,
    'mine',
  );
  assert.notEqual(BREAKGLASS_PUBLIC_CLIENT_ID, '04b07795-8ddb-461a-bbee-02f9e1bf7b46');
});

test('missing settings are one-line usage errors that say what to set', () => {
  assert.throws(
    () => createCredential({ clientId: 'c', clientSecret: 's' }, target, {}),
    /no tenant id: pass --tenant or set AZURE_TENANT_ID/,
  );
  assert.throws(
    () => createCredential({ tenantId: 't', kind: 'client-secret', clientId: 'c' }, target, {}),
    /client-secret sign-in needs a client secret \(AZURE_CLIENT_SECRET\)/,
  );
  if (!process.stdin.isTTY) {
    assert.throws(
      () => createCredential({ tenantId: 't' }, target, {}),
      (error: Error) => error instanceof UsageError && /no credential configured/.test(error.message),
    );
  }
});
