import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import type { TenantDocument } from '../tenant/schema.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

/** A tenant with `n` users: user000 … (every third disabled, every fifth a guest). */
function tenantWithUsers(n: number): TenantDocument {
  const doc = minimalTenant(3);
  doc.graph.users = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
    userPrincipalName: `user${String(i).padStart(3, '0')}@contoso.onmicrosoft.com`,
    displayName: i % 2 ? `Bob ${i}` : `Alice ${i}`,
    accountEnabled: i % 3 !== 0,
    userType: i % 5 === 0 ? 'Guest' : 'Member',
    mail: null,
  }));
  return doc;
}

describe('Graph users', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    t = await startTestEmulator({ tenant: tenantWithUsers(250) });
    token = await t.token();
  });
  after(() => t.close());
  const get = (path: string, headers: Record<string, string> = {}) => t.call('GET', path, { token, headers });

  it('pages by @odata.nextLink with an opaque $skiptoken, 100 per page by default', async () => {
    const ids: string[] = [];
    let url: string | undefined = `${t.emulator.url}/graph/v1.0/users`;
    const sizes: number[] = [];
    while (url) {
      const res = await get(url.slice(t.emulator.url.length));
      assert.equal(res.status, 200);
      sizes.push(res.body.value.length);
      ids.push(...res.body.value.map((u: { id: string }) => u.id));
      url = res.body['@odata.nextLink'];
      if (url) {
        assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/users\?\$skiptoken=/);
        assert.doesNotMatch(new URL(url).searchParams.get('$skiptoken') ?? '', /^\d+$/);
      }
    }
    assert.deepEqual(sizes, [100, 100, 50]);
    assert.equal(new Set(ids).size, 250);
  });

  it('honours $top up to 999 and refuses larger pages', async () => {
    assert.equal((await get('/graph/v1.0/users?$top=999')).body.value.length, 250);
    const res = await get('/graph/v1.0/users?$top=1000');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'Request_BadRequest');
  });

  it('refuses a skiptoken that was tampered with or moved to another query', async () => {
    const first = await get('/graph/v1.0/users?$top=10');
    const next = new URL(first.body['@odata.nextLink']);
    const moved = await get(`/graph/v1.0/users?$top=20&$skiptoken=${next.searchParams.get('$skiptoken')}`);
    assert.equal(moved.status, 400);
    assert.equal((await get('/graph/v1.0/users?$skiptoken=garbage')).status, 400);
  });

  const filters: { filter: string; expect: number }[] = [
    { filter: "userPrincipalName eq 'USER007@contoso.onmicrosoft.com'", expect: 1 },
    { filter: "startswith(displayName,'alice')", expect: 125 },
    {
      filter: "id in ('00000000-0000-4000-a000-000000000001','00000000-0000-4000-a000-000000000002','nope')",
      expect: 2,
    },
    { filter: "accountEnabled eq false and userType eq 'Guest'", expect: 17 },
    { filter: "userType eq 'Guest' or startswith(userPrincipalName,'user24')", expect: 58 },
    {
      filter: "(accountEnabled eq true) and (startswith(displayName,'Bob') or userType eq 'Guest')",
      expect: 0,
    },
  ];
  // Count the last case from the fixture itself so the table states the rule, not a magic number.
  filters[5]!.expect = Array.from({ length: 250 }, (_, i) => i).filter(
    (i) => i % 3 !== 0 && (i % 2 === 1 || i % 5 === 0),
  ).length;
  for (const { filter, expect } of filters) {
    it(`$filter=${filter} → ${expect}`, async () => {
      const res = await get(`/graph/v1.0/users?$top=999&$filter=${encodeURIComponent(filter)}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.value.length, expect);
    });
  }

  const unsupported = [
    "endswith(mail,'@contoso.com')",
    "jobTitle eq 'x'",
    'not(accountEnabled eq true)',
    "assignedLicenses/any(x:x/skuId eq 'a')",
    "displayName has 'x'",
  ];
  for (const filter of unsupported) {
    it(`unsupported $filter=${filter} → 400, never a silent answer`, async () => {
      const res = await get(`/graph/v1.0/users?$filter=${encodeURIComponent(filter)}`);
      assert.equal(res.status, 400);
      assert.ok(
        ['Request_UnsupportedQuery', 'BadRequest'].includes(res.body.error.code),
        res.body.error.code,
      );
    });
  }

  it('$expand and other unimplemented options are refused with 400', async () => {
    for (const q of ['$expand=memberOf', '$orderby=displayName', '$search="displayName:a"']) {
      const res = await get(`/graph/v1.0/users?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.code, 'Request_UnsupportedQuery');
    }
  });

  it('$count needs ConsistencyLevel: eventual', async () => {
    const without = await get('/graph/v1.0/users?$count=true');
    assert.equal(without.status, 400);
    assert.equal(without.body.error.code, 'Request_BadRequest');
    const withHeader = await get(
      `/graph/v1.0/users?$count=true&$filter=${encodeURIComponent("userType eq 'Guest'")}`,
      { ConsistencyLevel: 'eventual' },
    );
    assert.equal(withHeader.body['@odata.count'], 50);
    const segment = await get('/graph/v1.0/users/$count', { ConsistencyLevel: 'eventual' });
    assert.equal(segment.text, '250');
    assert.equal((await get('/graph/v1.0/users/$count')).status, 400);
  });

  it('v1.0 returns the default property set; $select returns exactly what was asked (null when unset)', async () => {
    const plain = await get('/graph/v1.0/users/user001@contoso.onmicrosoft.com');
    assert.equal(plain.body.accountEnabled, undefined);
    assert.equal(plain.body.displayName, 'Bob 1');
    assert.match(plain.body['@odata.context'], /\/graph\/v1\.0\/\$metadata#users\/\$entity$/);
    const selected = await get(
      '/graph/v1.0/users/00000000-0000-4000-a000-000000000001?$select=id,accountEnabled,usageLocation',
    );
    assert.deepEqual(Object.keys(selected.body).sort(), [
      '@odata.context',
      'accountEnabled',
      'id',
      'usageLocation',
    ]);
    assert.equal(selected.body.usageLocation, null);
    assert.match(selected.body['@odata.context'], /#users\(id,accountEnabled,usageLocation\)\/\$entity$/);
    assert.equal(
      (await get('/graph/v1.0/users/user001@contoso.onmicrosoft.com?$select=nonsense')).status,
      400,
    );
  });

  it('answers Graph errors with request ids in the envelope and headers', async () => {
    const res = await get('/graph/v1.0/users/11111111-2222-4333-8444-555555555555', {
      'client-request-id': 'abc-123',
    });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'Request_ResourceNotFound');
    assert.equal(res.body.error.innerError['client-request-id'], 'abc-123');
    assert.equal(res.body.error.innerError['request-id'], res.headers['request-id']);
    assert.match(res.body.error.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const unknown = await get('/graph/v1.0/widgets');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'BadRequest');
    assert.equal(unknown.body.error.message, "Resource not found for the segment 'widgets'.");
  });

  it('creates, reads, updates and deletes a user; the password never comes back', async () => {
    const body = {
      accountEnabled: true,
      displayName: 'Emergency 1',
      mailNickname: 'ea1',
      userPrincipalName: 'ea1@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Very$ecret-Passw0rd!', forceChangePasswordNextSignIn: false },
    };
    const created = await t.call('POST', '/graph/v1.0/users', { token, body });
    assert.equal(created.status, 201, created.text);
    assert.ok(!created.text.includes('Very$ecret'));
    const id = created.body.id as string;
    const dup = await t.call('POST', '/graph/v1.0/users', { token, body });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.details[0].code, 'ObjectConflict');
    const weak = await t.call('POST', '/graph/v1.0/users', {
      token,
      body: {
        ...body,
        userPrincipalName: 'ea2@contoso.onmicrosoft.com',
        passwordProfile: { password: 'short' },
      },
    });
    assert.equal(weak.status, 400);
    const foreign = await t.call('POST', '/graph/v1.0/users', {
      token,
      body: { ...body, userPrincipalName: 'ea3@fabrikam.com' },
    });
    assert.equal(foreign.status, 400);
    assert.equal(
      (await t.call('PATCH', `/graph/v1.0/users/${id}`, { token, body: { usageLocation: 'NL' } })).status,
      204,
    );
    assert.equal((await get(`/graph/v1.0/users/${id}?$select=usageLocation`)).body.usageLocation, 'NL');
    assert.equal(
      (await t.call('PATCH', `/graph/v1.0/users/${id}`, { token, body: { favouriteColour: 'red' } })).status,
      400,
    );
    const snapshot = await t.call('GET', `/_emulator/snapshot?tenant=${t.tenantId}`);
    assert.ok(!snapshot.text.includes('Very$ecret'));
    assert.equal((await t.call('DELETE', `/graph/v1.0/users/${id}`, { token })).status, 204);
    assert.equal((await get(`/graph/v1.0/users/${id}`)).status, 404);
  });
});

describe('Graph authentication and permissions', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ tenant: tenantWithUsers(3) });
  });
  after(() => t.close());

  it('401 InvalidAuthenticationToken for a missing, malformed, wrong-audience or expired token', async () => {
    const arm = await t.token({ resource: 'arm' });
    const graph = await t.token();
    const cases: [string, string | undefined][] = [
      ['missing', undefined],
      ['malformed', 'not.a.jwt'],
      ['wrong audience', arm],
      ['tampered', graph.slice(0, -4) + 'AAAA'],
    ];
    for (const [name, token] of cases) {
      const res = await t.call('GET', '/graph/v1.0/users', { token });
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error.code, 'InvalidAuthenticationToken', name);
      assert.ok(res.body.error.innerError['request-id'], name);
      assert.ok(res.headers['www-authenticate'], name);
    }
    assert.equal((await t.call('GET', '/graph/v1.0/users', { token: graph })).status, 200);
    await t.call('POST', '/_emulator/clock/advance', { body: { seconds: 2 * 3600 } });
    try {
      const expired = await t.call('GET', '/graph/v1.0/users', { token: graph });
      assert.equal(expired.status, 401);
      assert.match(expired.body.error.message, /expired/);
    } finally {
      await t.call('POST', '/_emulator/clock/advance', { body: { seconds: -2 * 3600 } });
    }
  });

  it('403 Authorization_RequestDenied when the token lacks the permission', async () => {
    const policyOnly = await t.token({ roles: ['Policy.Read.All'] });
    const res = await t.call('GET', '/graph/v1.0/users', { token: policyOnly });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'Authorization_RequestDenied');
    assert.equal(res.body.error.message, 'Insufficient privileges to complete the operation.');
    const reader = await t.token({ roles: ['User.Read.All'] });
    assert.equal((await t.call('GET', '/graph/v1.0/users', { token: reader })).status, 200);
    const write = await t.call('POST', '/graph/v1.0/users', { token: reader, body: {} });
    assert.equal(write.status, 403);
  });
});
