import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const user = '00000000-0000-4000-a000-000000000001';

describe('authentication methods and audit logs', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    const doc = minimalTenant(13);
    doc.graph.users = [{ id: user, userPrincipalName: 'ea1@contoso.onmicrosoft.com', displayName: 'EA 1' }];
    doc.graph.authenticationMethods = {
      [user]: [
        {
          '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
          id: 'key-1',
          displayName: 'YubiKey 5',
        },
      ],
    };
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
