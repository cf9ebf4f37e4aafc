/**
 * Every fault the emulator injects, against the product's clients: they recover, and no write is
 * duplicated — each test counts the objects afterwards with the faults off. A missing permission
 * gives a 403 that the product turns into a message naming the permission.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ConnectOptions } from '../../src/clients/connection.js';
import { isApiError, type ApiError } from '../../src/clients/errors.js';
import { GraphClient } from '../../src/clients/graph.js';
import { sleep } from '../../src/clients/retry.js';
import { emulatorSkipReason, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { NO_FAULTS } from '../helpers/provisioning.js';

const skip = emulatorSkipReason();

interface User {
  id: string;
  userPrincipalName: string;
  usageLocation?: string;
}
interface Group {
  id: string;
  displayName: string;
}

/** Fast back-off so the suite stays quick; the decisions are the production ones. */
const FAST: Pick<ConnectOptions, 'retry'> = { retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetries: 8 } };
const FAST_CONSISTENCY = { baseDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 15_000, settleMs: 3000 };

describe('clients recover from every emulator fault without duplicate writes', { skip }, () => {
  let t: TestEmulator;
  let domain: string;
  let tenantId: string;

  before(async () => {
    t = await startTestEmulator({ scenario: 'empty', seed: 7 });
    const tenant = (await t.control.info()).tenants[0];
    assert.ok(tenant);
    tenantId = tenant.tenantId;
    domain = tenant.initialDomain ?? '';
  });

  after(async () => {
    await t?.stop();
  });

  async function client(options: Omit<ConnectOptions, 'emulator' | 'emulatorCaPem' | 'env'> = {}) {
    const connection = await t.connect({ ...FAST, ...options });
    return { connection, graph: new GraphClient(connection, { consistency: FAST_CONSISTENCY }) };
  }

  /**
   * Writes a small directory — `count` users, each updated and read back, and a group holding them
   * — then, with faults off, counts what exists. Returns the connection for its statistics.
   */
  async function workload(faults: Record<string, number>, options: Parameters<typeof client>[0] = {}) {
    const prefix = `Fault${randomUUID().slice(0, 6)}_`;
    const count = 6;
    const { connection, graph } = await client(options);
    await t.control.setFaults({ ...NO_FAULTS, ...faults });
    try {
      // Users in parallel, as the product writes independent objects; each one's own steps in order.
      const users = await Promise.all(
        Array.from({ length: count }, async (_, index) => {
          const name = `${prefix}${index + 1}`;
          const upn = `${name}@${domain}`;
          const user = await graph.createIdempotent(
            () =>
              graph.post<User>('/users', {
                accountEnabled: true,
                displayName: name,
                mailNickname: name,
                userPrincipalName: upn,
                passwordProfile: { forceChangePasswordNextSignIn: false, password: `Aa1!${randomUUID()}` },
              }),
            () => graph.find<User>(`/users/${encodeURIComponent(upn)}`),
          );
          await graph.patch(`/users/${user.id}`, { usageLocation: 'NL' });
          const read = await graph.get<User>(`/users/${user.id}`, { query: { $select: 'id,usageLocation' } });
          assert.equal(read.usageLocation, 'NL');
          return user;
        }),
      );
      const groupName = `${prefix}group`;
      const group = await graph.createIdempotent(
        () =>
          graph.post<Group>('/groups', {
            displayName: groupName,
            mailEnabled: false,
            mailNickname: groupName,
            securityEnabled: true,
          }),
        async () =>
          (await graph.listAll<Group>('/groups', { query: { $filter: `displayName eq '${groupName}'` } }))[0],
      );
      await Promise.all(users.map((user) => graph.addGroupMember(group.id, user.id)));
    } finally {
      await t.control.setFaults(NO_FAULTS);
    }
    await sleep((faults.consistency ?? 0) + 50); // let everything become readable before counting
    const { graph: check } = await client();
    const made = await check.listAll<User>('/users', {
      query: { $filter: `startswith(userPrincipalName,'${prefix}')`, $select: 'id,userPrincipalName' },
    });
    const groups = await check.listAll<Group>('/groups', {
      query: { $filter: `displayName eq '${prefix}group'` },
    });
    const members = groups[0] ? await check.listAll<{ id: string }>(`/groups/${groups[0].id}/members`) : [];
    assert.equal(
      made.length,
      count,
      `exactly ${count} users (no duplicates): ${made.map((u) => u.userPrincipalName).join(', ')}`,
    );
    assert.equal(new Set(made.map((u) => u.userPrincipalName.toLowerCase())).size, count);
    assert.equal(groups.length, 1, 'exactly one group');
    assert.equal(members.length, count, 'every user is a member once');
    return connection;
  }

  test('throttle: 429s with Retry-After are waited out', async () => {
    const connection = await workload({ throttle: 0.15, retryAfter: 1 });
    assert.ok(connection.recorder.stats().throttled > 0, 'the fault was met');
  });

  test('error5xx: 500/503 are retried for idempotent calls; a failed create is looked up, then redone', async () => {
    const connection = await workload({ error5xx: 0.2, retryAfter: 0 });
    const stats = connection.recorder.stats();
    assert.ok(stats.attempts > stats.requests, 'some requests needed another attempt');
  });

  test('drop: lost answers — creates are found instead of repeated, other calls are resent', async () => {
    const connection = await workload({ drop: 0.15 });
    const stats = connection.recorder.stats();
    assert.ok(stats.attempts > stats.requests, 'some connections were dropped');
  });

  test('latency: answers slower than the timeout are retried or looked up, never duplicated', async () => {
    const connection = await workload(
      { latency: 100, jitter: 200 },
      { retry: { ...FAST.retry, timeoutMs: 250 } },
    );
    const stats = connection.recorder.stats();
    assert.ok(stats.attempts > stats.requests, 'some attempts timed out');
  });

  test('consistency: our new objects answer 404 for a while; follow-up reads and writes wait for them', async () => {
    await workload({ consistency: 1500 });
  });

  test('caWriteLimit: CA writes faster than the limit meet 429s without Retry-After and back off', async () => {
    const { connection, graph } = await client({ pacing: { writesPerSecond: 50 } });
    await t.control.setFaults({ ...NO_FAULTS, caWriteLimit: 4 });
    const names: string[] = [];
    try {
      const writes = Array.from({ length: 8 }, (_, i) => {
        const displayName = `breakglass pacing ${randomUUID().slice(0, 6)} ${i}`;
        names.push(displayName);
        return graph.createIdempotent(
          () => graph.post<{ id: string }>('/identity/conditionalAccess/policies', caPolicy(displayName)),
          async () =>
            (
              await graph.listAll<{ id: string; displayName: string }>('/identity/conditionalAccess/policies')
            ).find((p) => p.displayName === displayName),
        );
      });
      await Promise.all(writes);
    } finally {
      await t.control.setFaults(NO_FAULTS);
    }
    assert.ok(connection.pacer.throttled > 0, 'the limit was hit and seen');
    const policies = await graph.listAll<{ displayName: string }>('/identity/conditionalAccess/policies');
    for (const name of names) assert.equal(policies.filter((p) => p.displayName === name).length, 1, name);
  });

  test('caWriteLimit: paced at the limit, CA writes meet no 429 at all', async () => {
    const { connection, graph } = await client({ pacing: { writesPerSecond: 10 } });
    await t.control.setFaults({ ...NO_FAULTS, caWriteLimit: 10 });
    // The limit counts the tenant's writes in the last second, earlier tests' included: start clean.
    await sleep(1100);
    try {
      const policy = await graph.post<{ id: string }>(
        '/identity/conditionalAccess/policies',
        caPolicy(`breakglass paced ${randomUUID()}`),
      );
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          graph.patch(`/identity/conditionalAccess/policies/${policy.id}`, {
            displayName: `breakglass paced ${i}`,
          }),
        ),
      );
      assert.ok(Date.now() - started >= 1300, '15 writes at 10/s take about 1.5 s');
    } finally {
      await t.control.setFaults(NO_FAULTS);
    }
    assert.equal(connection.pacer.throttled, 0);
  });

  test('a missing permission gives a 403 naming the permission', async () => {
    const doc = (await t.control.snapshot(tenantId, true)) as {
      emulator: { apps: Record<string, unknown>[] };
    };
    const clientId = randomUUID();
    const clientSecret = `test8Q~${randomUUID()}`;
    doc.emulator.apps.push({
      displayName: 'breakglass user reader',
      clientId,
      objectId: randomUUID(),
      clientSecret,
      graphRoles: ['User.Read.All'],
      armRoles: [],
    });
    await t.control.putTenant(tenantId, doc);
    const { graph } = await client({ tenantId, credential: { clientId, clientSecret } });
    assert.ok(Array.isArray(await graph.listAll('/users', { query: { $top: 1 } })), 'what it may do works');
    await assert.rejects(graph.listAll('/identity/conditionalAccess/policies'), (error: ApiError) => {
      assert.ok(isApiError(error));
      assert.equal(error.status, 403);
      assert.equal(error.code, 'Authorization_RequestDenied');
      assert.match(
        error.message,
        /read Conditional Access policies .*needs the Graph application permission Policy\.Read\.All/,
      );
      assert.ok(error.requestId, 'the request id is kept');
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });

  /** A valid report-only policy body. */
  function caPolicy(displayName: string) {
    return {
      displayName,
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeUsers: ['None'] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    };
  }
});
