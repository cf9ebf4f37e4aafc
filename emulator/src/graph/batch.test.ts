import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededRandom } from '../faults/prng.js';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator, type TestResponse } from '../test-support.js';

const user = '00000000-0000-4000-a000-000000000001';

describe('Graph $batch', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    const doc = minimalTenant(9);
    doc.graph.users = [{ id: user, userPrincipalName: 'ea1@contoso.onmicrosoft.com', displayName: 'EA 1' }];
    t = await startTestEmulator({ tenant: doc });
    token = await t.token();
  });
  after(() => t.close());
  const batch = (requests: unknown[]) => t.call('POST', '/graph/v1.0/$batch', { token, body: { requests } });
  type Item = { status: number; headers: Record<string, string>; body: TestResponse['body'] };
  const byId = (res: TestResponse) =>
    Object.fromEntries((res.body.responses as (Item & { id: string })[]).map((r) => [r.id, r])) as Record<
      string,
      Item
    >;

  it('runs items with per-item status, headers and bodies, and orders dependsOn', async () => {
    const res = await batch([
      {
        id: '1',
        method: 'POST',
        url: '/groups',
        headers: { 'Content-Type': 'application/json' },
        body: { displayName: 'G', mailNickname: 'g', securityEnabled: true, mailEnabled: false },
      },
      { id: '2', method: 'GET', url: `/users/${user}?$select=id`, dependsOn: ['1'] },
      { id: '3', method: 'GET', url: '/users/99999999-9999-4999-8999-999999999999' },
    ]);
    assert.equal(res.status, 200);
    const r = byId(res);
    assert.equal(r['1']!.status, 201);
    assert.equal(r['1']!.headers['Content-Type']?.startsWith('application/json'), true);
    assert.equal(r['2']!.status, 200);
    assert.equal(r['2']!.body.id, user);
    assert.equal(r['3']!.status, 404);
    assert.equal(r['3']!.body.error.code, 'Request_ResourceNotFound');
  });

  it('answers 424 for items whose dependency failed, and runs the rest', async () => {
    const res = await batch([
      { id: 'a', method: 'GET', url: '/users/99999999-9999-4999-8999-999999999999' },
      { id: 'b', method: 'GET', url: `/users/${user}`, dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: `/users/${user}`, dependsOn: ['b'] },
      { id: 'd', method: 'GET', url: `/users/${user}` },
    ]);
    const r = byId(res);
    assert.equal(r.a!.status, 404);
    assert.equal(r.b!.status, 424);
    assert.equal(r.c!.status, 424);
    assert.equal(r.d!.status, 200);
  });

  const malformed: { name: string; requests: unknown[] }[] = [
    {
      name: 'more than 20 requests',
      requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' })),
    },
    {
      name: 'duplicate ids (case-insensitive)',
      requests: [
        { id: 'X', method: 'GET', url: '/users' },
        { id: 'x', method: 'GET', url: '/users' },
      ],
    },
    {
      name: 'dependsOn an unknown id',
      requests: [{ id: '1', method: 'GET', url: '/users', dependsOn: ['7'] }],
    },
    { name: 'no requests', requests: [] },
  ];
  for (const m of malformed) {
    it(`refuses the whole batch with 400 for ${m.name}`, async () => {
      const res = await batch(m.requests);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'BadRequest');
    });
  }

  it('checks permissions per item', async () => {
    const reader = await t.token({ roles: ['User.Read.All'] });
    const res = await t.call('POST', '/graph/v1.0/$batch', {
      token: reader,
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users' },
          { id: '2', method: 'GET', url: '/auditLogs/signIns' },
        ],
      },
    });
    const r = byId(res);
    assert.equal(r['1']!.status, 200);
    assert.equal(r['2']!.status, 403);
  });

  it('throttles items on their own: a 429 inside a 200 batch carries Retry-After', async () => {
    // A seed whose first draw lets the batch request through and whose second throttles its item.
    let seed = 0;
    for (; ; seed++) {
      const r = seededRandom(seed);
      if (r() >= 0.5 && r() < 0.5) break;
    }
    await t.call('PUT', '/_emulator/faults', { body: { throttle: 0.5, retryAfter: 3, seed } });
    try {
      const res = await batch([{ id: '1', method: 'GET', url: '/users' }]);
      assert.equal(res.status, 200);
      const item = byId(res)['1']!;
      assert.equal(item.status, 429);
      assert.equal(item.headers['Retry-After'], '3');
      assert.equal(item.body.error.code, 'TooManyRequests');
    } finally {
      await t.call('PUT', '/_emulator/faults', { body: { throttle: 0, retryAfter: 1 } });
    }
  });
});
