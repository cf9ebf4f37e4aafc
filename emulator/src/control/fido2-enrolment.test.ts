import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const withPass = '00000000-0000-4000-a000-000000000001';
const withNothing = '00000000-0000-4000-a000-000000000002';
const disabled = '00000000-0000-4000-a000-000000000003';
const aaGuid = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

describe('POST /_emulator/tenants/{tenant}/users/{id}/fido2 (custodian enrols a key)', () => {
  let t: TestEmulator;
  let token: string;
  const enrol = (user: string, body: unknown = { aaGuid, model: 'YubiKey 5 Series' }) =>
    t.call('POST', `/_emulator/tenants/${t.tenantId}/users/${user}/fido2`, { body });
  const methods = async (user: string) =>
    (await t.call('GET', `/graph/v1.0/users/${user}/authentication/methods`, { token })).body.value as {
      '@odata.type': string;
      aaGuid?: string;
    }[];

  before(async () => {
    const doc = minimalTenant(21);
    doc.graph.users = [
      { id: withPass, userPrincipalName: 'ea1@contoso.onmicrosoft.com', displayName: 'EA 1' },
      { id: withNothing, userPrincipalName: 'ea2@contoso.onmicrosoft.com', displayName: 'EA 2' },
      {
        id: disabled,
        userPrincipalName: 'ea3@contoso.onmicrosoft.com',
        displayName: 'EA 3',
        accountEnabled: false,
      },
    ];
    t = await startTestEmulator({ tenant: doc });
    token = await t.token();
  });
  after(() => t.close());

  it('uses a one-time pass to register the first key, then the key to register a backup', async () => {
    const pass = await t.call(
      'POST',
      `/graph/v1.0/users/${withPass}/authentication/temporaryAccessPassMethods`,
      {
        token,
        body: { lifetimeInMinutes: 60, isUsableOnce: true },
      },
    );
    assert.equal(pass.status, 201, pass.text);
    const first = await enrol(withPass);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.aaGuid, aaGuid);
    let listed = await methods(withPass);
    assert.deepEqual(
      listed.map((m) => m['@odata.type']),
      ['#microsoft.graph.fido2AuthenticationMethod'],
      'the one-time pass is used up',
    );
    const backup = await enrol(withPass, {
      aaGuid: '2fc0579f-8113-47ea-b116-bb5a8db9202a',
      model: 'Feitian',
    });
    assert.equal(backup.status, 201, backup.text);
    listed = await methods(withPass);
    assert.equal(
      listed.filter((m) => m['@odata.type'] === '#microsoft.graph.fido2AuthenticationMethod').length,
      2,
    );
  });

  it('refuses an account with no way to sign in, a disabled account, and a bad body', async () => {
    const none = await enrol(withNothing);
    assert.equal(none.status, 409);
    assert.match(none.text, /no usable Temporary Access Pass/);
    const off = await enrol(disabled);
    assert.equal(off.status, 409);
    assert.match(off.text, /disabled/);
    assert.equal((await enrol(withPass, { aaGuid: 'not-a-guid' })).status, 400);
    assert.equal((await enrol('00000000-0000-4000-a000-00000000ffff')).status, 404);
    assert.deepEqual(await methods(withNothing), []);
  });
});
