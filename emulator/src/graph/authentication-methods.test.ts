import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const user = '00000000-0000-4000-a000-000000000001';

/** A minimal tenant whose one user holds a FIDO2 key, and any other methods given. */
function tenantWithKeyHolder(
  seed: number,
  otherMethods: ({ '@odata.type': string; id?: string } & Record<string, unknown>)[] = [],
) {
  const doc = minimalTenant(seed);
  doc.graph.users = [{ id: user, userPrincipalName: 'ea1@contoso.onmicrosoft.com', displayName: 'EA 1' }];
  doc.graph.authenticationMethods = {
    [user]: [
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'key-1', displayName: 'YubiKey 5' },
      ...otherMethods,
    ],
  };
  return doc;
}

describe('authentication methods and audit logs', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    const doc = tenantWithKeyHolder(13);
    doc.graph.signIns = [
      { id: 's1', createdDateTime: '2026-10-01T10:00:00Z', userId: user },
      { id: 's2', createdDateTime: '2026-10-05T10:00:00Z', userId: user },
      { id: 's3', createdDateTime: '2026-10-09T10:00:00Z', userId: 'someone-else' },
    ];
    t = await startTestEmulator({ tenant: doc });
    token = await t.token();
  });
  after(() => t.close());
  const base = `/graph/v1.0/users/${user}/authentication`;

  it('lists all methods and each typed collection', async () => {
    const all = await t.call('GET', `${base}/methods`, { token });
    assert.deepEqual(
      all.body.value.map((m: { '@odata.type': string }) => m['@odata.type']),
      ['#microsoft.graph.fido2AuthenticationMethod'],
    );
    assert.equal(
      (await t.call('GET', `${base}/fido2Methods`, { token })).body.value[0].displayName,
      'YubiKey 5',
    );
    assert.deepEqual((await t.call('GET', `${base}/emailMethods`, { token })).body.value, []);
  });

  it('returns a Temporary Access Pass once and never again', async () => {
    const created = await t.call('POST', `${base}/temporaryAccessPassMethods`, {
      token,
      body: { lifetimeInMinutes: 60, isUsableOnce: true },
    });
    assert.equal(created.status, 201, created.text);
    const pass = created.body.temporaryAccessPass as string;
    assert.equal(pass.length, 8);
    assert.equal(created.body.isUsable, true);
    const listed = await t.call('GET', `${base}/temporaryAccessPassMethods`, { token });
    assert.equal(listed.body.value[0].temporaryAccessPass, null);
    const one = await t.call('GET', `${base}/temporaryAccessPassMethods/${created.body.id}`, { token });
    assert.equal(one.body.temporaryAccessPass, null);
    const snapshot = await t.call('GET', '/_emulator/snapshot');
    assert.ok(!snapshot.text.includes(pass) && !listed.text.includes(pass));
    assert.equal(
      (await t.call('POST', `${base}/temporaryAccessPassMethods`, { token, body: {} })).status,
      400,
      'one TAP per user',
    );
    await t.call('POST', '/_emulator/clock/advance', { body: { seconds: 3600 } });
    // An hour later the old token has expired too, as it would in a real tenant.
    assert.equal((await t.call('GET', `${base}/methods`, { token })).status, 401);
    token = await t.token();
    const expired = await t.call('GET', `${base}/temporaryAccessPassMethods/${created.body.id}`, { token });
    assert.equal(expired.body.isUsable, false);
    assert.equal(expired.body.methodUsabilityReason, 'Expired');
    assert.equal(
      (await t.call('DELETE', `${base}/temporaryAccessPassMethods/${created.body.id}`, { token })).status,
      204,
    );
  });

  it('needs UserAuthenticationMethod permissions', async () => {
    const reader = await t.token({ roles: ['UserAuthenticationMethod.Read.All'] });
    assert.equal((await t.call('GET', `${base}/methods`, { token: reader })).status, 200);
    assert.equal(
      (await t.call('POST', `${base}/emailMethods`, { token: reader, body: { emailAddress: 'a@b.example' } }))
        .status,
      403,
    );
  });

  it('filters sign-ins by user and time, newest first', async () => {
    const filter = `userId eq '${user}' and createdDateTime ge 2026-10-02T00:00:00Z`;
    const res = await t.call('GET', `/graph/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`, {
      token,
    });
    assert.deepEqual(
      res.body.value.map((s: { id: string }) => s.id),
      ['s2'],
    );
    const all = await t.call('GET', '/graph/v1.0/auditLogs/signIns', { token });
    assert.deepEqual(
      all.body.value.map((s: { id: string }) => s.id),
      ['s3', 's2', 's1'],
    );
  });

  it('records writes in directoryAudits, filterable by the initiating app and time', async () => {
    await t.call('PATCH', `/graph/v1.0/users/${user}`, { token, body: { usageLocation: 'NL' } });
    const since = new Date(Date.now() + 3600_000 - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const filter = `initiatedBy/app/appId eq '${t.admin.clientId}' and activityDateTime ge ${since}`;
    const res = await t.call(
      'GET',
      `/graph/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`,
      { token },
    );
    assert.equal(res.status, 200, res.text);
    assert.ok(
      res.body.value.some((a: { activityDisplayName: string }) => a.activityDisplayName === 'Update user'),
    );
  });
});

describe('methods tied to one person: read and deleted through their own collections', () => {
  let t: TestEmulator;
  let token: string;
  const ids = {
    mobile: '3179e48a-750b-4051-897c-87b9720928f7',
    alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
    authenticator: '6e3d4b0b-7c4e-4d8a-9a55-0a6c4a1e9f01',
    oath: 'b1e4c2a9-1d3f-4e6a-8b7c-2f9d0e1a3b5c',
  };
  const base = `/graph/v1.0/users/${user}/authentication`;
  const phone = (id: string, phoneType: string, phoneNumber: string) => ({
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id,
    phoneNumber,
    phoneType,
    smsSignInState: 'notAllowedByPolicy',
  });
  before(async () => {
    const doc = tenantWithKeyHolder(14, [
      phone(ids.mobile, 'mobile', '+31 6 5555 0142'),
      phone(ids.alternateMobile, 'alternateMobile', '+31 6 5555 0143'),
      {
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
        id: ids.authenticator,
        displayName: "Lee's iPhone",
        deviceTag: 'SoftwareTokenActivated',
        phoneAppVersion: '6.2411.7212',
      },
      { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: ids.oath, secretKey: null },
    ]);
    t = await startTestEmulator({ tenant: doc });
    token = await t.token();
  });
  after(() => t.close());

  const collections: [segment: string, id: string][] = [
    ['microsoftAuthenticatorMethods', ids.authenticator],
    ['softwareOathMethods', ids.oath],
    ['phoneMethods', ids.alternateMobile],
  ];
  for (const [segment, id] of collections) {
    it(`${segment}: listed, deleted with 204, then 404 in Graph's error envelope`, async () => {
      const listed = await t.call('GET', `${base}/${segment}`, { token });
      assert.equal(listed.status, 200, listed.text);
      assert.ok(listed.body.value.some((m: { id: string }) => m.id === id));
      const deleted = await t.call('DELETE', `${base}/${segment}/${id}`, { token });
      assert.equal(deleted.status, 204, deleted.text);
      assert.equal(deleted.text, '');
      for (const method of ['GET', 'DELETE'] as const) {
        const gone = await t.call(method, `${base}/${segment}/${id}`, { token });
        assert.equal(gone.status, 404, `${method} after delete`);
        assert.equal(gone.body.error.code, 'itemNotFound');
        assert.match(gone.body.error.message, new RegExp(id));
        assert.ok(gone.body.error.innerError['request-id'], 'innerError keeps the request id');
      }
      const all = await t.call('GET', `${base}/methods`, { token });
      assert.ok(!all.body.value.some((m: { id: string }) => m.id === id), 'gone from /methods too');
    });
  }

  it('a method of another collection is not found through this one', async () => {
    assert.equal((await t.call('DELETE', `${base}/phoneMethods/key-1`, { token })).status, 404);
    assert.equal(
      (await t.call('DELETE', `${base}/softwareOathMethods/${ids.mobile}`, { token })).status,
      404,
    );
  });

  it('an unknown user answers 404 Request_ResourceNotFound', async () => {
    const res = await t.call(
      'DELETE',
      `/graph/v1.0/users/00000000-0000-4000-a000-0000000000ff/authentication/phoneMethods/${ids.mobile}`,
      { token },
    );
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'Request_ResourceNotFound');
  });

  it('the mobile number cannot go while an alternate mobile number exists', async () => {
    const doc = minimalTenant(15);
    doc.graph.users = [{ id: user, userPrincipalName: 'ea1@contoso.onmicrosoft.com', displayName: 'EA 1' }];
    doc.graph.authenticationMethods = {
      [user]: [
        phone(ids.mobile, 'mobile', '+31 6 5555 0142'),
        phone(ids.alternateMobile, 'alternateMobile', '+31 6 5555 0143'),
      ],
    };
    const other = await startTestEmulator({ tenant: doc });
    try {
      const otherToken = await other.token();
      const refused = await other.call('DELETE', `${base}/phoneMethods/${ids.mobile}`, { token: otherToken });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'badRequest');
      for (const id of [ids.alternateMobile, ids.mobile])
        assert.equal(
          (await other.call('DELETE', `${base}/phoneMethods/${id}`, { token: otherToken })).status,
          204,
        );
    } finally {
      await other.close();
    }
  });

  it('deleting needs UserAuthenticationMethod.ReadWrite.All or the collection’s own permission', async () => {
    const reader = await t.token({ roles: ['UserAuthenticationMethod.Read.All'] });
    assert.equal(
      (await t.call('DELETE', `${base}/phoneMethods/${ids.mobile}`, { token: reader })).status,
      403,
    );
    const oathOnly = await t.token({ roles: ['UserAuthMethod-SoftwareOATH.ReadWrite.All'] });
    assert.equal(
      (await t.call('DELETE', `${base}/phoneMethods/${ids.mobile}`, { token: oathOnly })).status,
      403,
    );
    const phoneOnly = await t.token({ roles: ['UserAuthMethod-Phone.ReadWrite.All'] });
    assert.equal((await t.call('GET', `${base}/phoneMethods`, { token: phoneOnly })).status, 200);
    assert.equal(
      (await t.call('DELETE', `${base}/phoneMethods/${ids.mobile}`, { token: phoneOnly })).status,
      204,
    );
  });
});
