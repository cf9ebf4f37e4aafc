import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RouteContext } from '../http/types.js';
import { EmulatorState } from '../state.js';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';
import { enforceCaWriteLimit } from './inject.js';
import { defaultFaults, parseFaultSpec } from './spec.js';

describe('fault spec', () => {
  it('parses the documented fields', () => {
    assert.deepEqual(
      parseFaultSpec(
        'latency=100,jitter=20,throttle=0.1,caWriteLimit=1,error5xx=0.05,drop=0.02,consistency=3000,seed=7',
      ),
      {
        ...defaultFaults,
        latency: 100,
        jitter: 20,
        throttle: 0.1,
        caWriteLimit: 1,
        error5xx: 0.05,
        drop: 0.02,
        consistency: 3000,
        seed: 7,
      },
    );
    assert.deepEqual(parseFaultSpec(''), defaultFaults);
  });
  for (const bad of ['throttle=2', 'latency=-1', 'nonsense=1', 'throttle', 'throttle=abc', 'seed=1.5']) {
    it(`refuses "${bad}" in one line`, () => {
      assert.throws(
        () => parseFaultSpec(bad),
        (err: Error & { userFacing?: boolean }) => err.userFacing === true && !err.message.includes('\n'),
      );
    });
  }
});

describe('injected faults', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    t = await startTestEmulator({ tenant: minimalTenant(11) });
    token = await t.token();
  });
  after(() => t.close());
  const faults = (spec: Record<string, number>) =>
    t.call('PUT', '/_emulator/faults', { body: { ...defaultFaults, ...spec } });
  const newUser = (n: string) => ({
    accountEnabled: true,
    displayName: n,
    mailNickname: n,
    userPrincipalName: `${n}@contoso.onmicrosoft.com`,
    passwordProfile: { password: 'Xy-12345678!' },
  });

  it('adds latency', async () => {
    await faults({ latency: 200 });
    const start = Date.now();
    await t.call('GET', '/graph/v1.0/organization', { token });
    assert.ok(Date.now() - start >= 190);
    await faults({});
  });

  it('throttles Graph with 429 and Retry-After', async () => {
    await faults({ throttle: 1, retryAfter: 2 });
    const res = await t.call('GET', '/graph/v1.0/users', { token });
    await faults({});
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.body.error.code, 'TooManyRequests');
    assert.ok(res.body.error.innerError['request-id']);
  });

  it('fails with 500 or 503', async () => {
    await faults({ error5xx: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await t.call('GET', '/graph/v1.0/users', { token })).status);
    await faults({});
    assert.deepEqual([...statuses].sort(), [500, 503]);
  });

  it('drops the connection after the request took effect', async () => {
    await faults({ drop: 1 });
    await assert.rejects(
      t.call('POST', '/graph/v1.0/users', { token, body: newUser('dropped') }),
      /socket hang up|ECONNRESET/,
    );
    await faults({});
    const found = await t.call('GET', '/graph/v1.0/users/dropped@contoso.onmicrosoft.com', { token });
    assert.equal(found.status, 200, 'the write happened even though the client saw no answer');
  });

  it('never touches the token endpoint or the control plane', async () => {
    await faults({ throttle: 1, error5xx: 1, drop: 1 });
    try {
      assert.equal((await t.call('GET', '/_emulator/info')).status, 200);
      assert.equal((await t.call('GET', `/${t.tenantId}/v2.0/.well-known/openid-configuration`)).status, 200);
    } finally {
      await faults({});
    }
  });

  it('eventual consistency: a new object is 404 to other reads until the window passes', async () => {
    await faults({ consistency: 3000 });
    const created = await t.call('POST', '/graph/v1.0/users', { token, body: newUser('fresh') });
    assert.equal(created.status, 201, 'the creating response is still returned');
    const read = await t.call('GET', `/graph/v1.0/users/${created.body.id}`, { token });
    assert.equal(read.status, 404);
    assert.equal(read.body.error.code, 'Request_ResourceNotFound');
    const list = await t.call(
      'GET',
      `/graph/v1.0/users?$filter=${encodeURIComponent(`id eq '${created.body.id}'`)}`,
      { token },
    );
    assert.equal(list.body.value.length, 0);
    await t.call('POST', '/_emulator/clock/advance', { body: { seconds: 3 } });
    assert.equal((await t.call('GET', `/graph/v1.0/users/${created.body.id}`, { token })).status, 200);
    await faults({});
  });

  it('the same seed gives the same faults', async () => {
    const run = async () => {
      await faults({ throttle: 0.3, error5xx: 0.3, seed: 1234 });
      const out: number[] = [];
      for (let i = 0; i < 15; i++)
        out.push((await t.call('GET', '/graph/v1.0/organization', { token })).status);
      return out;
    };
    const first = await run();
    const second = await run();
    await faults({});
    assert.deepEqual(first, second);
    assert.ok(new Set(first).size > 1, 'the sequence mixes outcomes');
  });
});

describe('CA write limit', () => {
  // The helper only needs the state (clock, faults) and the tenant id.
  const state = new EmulatorState(
    1,
    { caCertPem: '', serverCertPem: '', serverKeyPem: '', caFile: '' },
    {} as never,
    { caWriteLimit: 1 },
  );
  const ctx = { emulator: state, tenant: { tenantId: 't1' } } as unknown as RouteContext;
  const other = { emulator: state, tenant: { tenantId: 't2' } } as unknown as RouteContext;

  it('allows N writes per second per tenant, then 429 without Retry-After', () => {
    enforceCaWriteLimit(ctx);
    assert.throws(
      () => enforceCaWriteLimit(ctx),
      (err: { status: number; code: string; headers: Record<string, string> }) =>
        err.status === 429 && err.code === 'TooManyRequests' && err.headers['retry-after'] === undefined,
    );
    enforceCaWriteLimit(other);
    state.clock.advance(1);
    enforceCaWriteLimit(ctx);
  });

  it('is off when caWriteLimit is 0', () => {
    state.setFaults({ caWriteLimit: 0 });
    for (let i = 0; i < 10; i++) enforceCaWriteLimit(ctx);
  });
});
