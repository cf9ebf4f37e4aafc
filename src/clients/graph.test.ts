/**
 * The Graph layer against a scripted in-process transport: the pipeline, token policy, retries,
 * pacing and recorder are the real ones; only the socket is replaced, so each fault happens
 * exactly where the test puts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import {
  FAKE_BASE,
  fakeConnection as fakeTransport,
  type Handler,
  type Reply,
} from '../../test/helpers/fake-transport.js';
import { isApiError, type ApiError } from './errors.js';
import { GraphClient } from './graph.js';
import { withRecorder, RequestRecorder } from './recorder.js';

const GRAPH = `${FAKE_BASE}/graph/v1.0`;

/** A fake connection and a Graph client on it, with short consistency waits. */
function fakeConnection(handler: Handler, recorder?: RequestRecorder) {
  const fake = fakeTransport(handler, { recorder });
  return { ...fake, graph: new GraphClient(fake.connection, { consistency: fastConsistency }) };
}

const fastConsistency = { baseDelayMs: 5, maxDelayMs: 20, maxWaitMs: 2000, settleMs: 200 };
const path = (request: PipelineRequest) => new URL(request.url).pathname.replace('/graph/v1.0', '');
const notFound = (id: string): Reply => ({
  status: 404,
  body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${id}' does not exist.` } },
});

test('list follows @odata.nextLink verbatim, keeps headers, and sends the Graph token', async () => {
  const next = `${GRAPH}/users?$skiptoken=A%2FB%3D&$top=2`;
  const { graph, seen, credential } = fakeConnection((request) =>
    request.url === next
      ? { status: 200, body: { value: [{ id: 'c' }] } }
      : {
          status: 200,
          body: { value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': next, '@odata.count': 3 },
        },
  );
  const ids: string[] = [];
  for await (const user of graph.list<{ id: string }>('/users', {
    query: { $top: 2, $count: true },
    eventual: true,
  })) {
    ids.push(user.id);
  }
  assert.deepEqual(ids, ['a', 'b', 'c']);
  assert.equal(seen[0]?.url, `${GRAPH}/users?$top=2&$count=true`);
  assert.equal(seen[1]?.url, next, 'the nextLink is used exactly as given');
  assert.equal(seen[1]?.headers.get('ConsistencyLevel'), 'eventual');
  assert.equal(seen[0]?.headers.get('authorization'), 'Bearer stub-token');
  assert.match(seen[0]?.headers.get('user-agent') ?? '', /^breakglass\/\d/);
  assert.ok(seen[0]?.headers.get('client-request-id'));
  assert.deepEqual([...new Set(credential.scopes)], ['https://graph.microsoft.com/.default']);
});

test('a nextLink to a foreign host is refused, not sent with a token', async () => {
  const { graph, seen } = fakeConnection(() => ({
    status: 200,
    body: { value: [{ id: 'a' }], '@odata.nextLink': 'https://attacker.example/v1.0/users?$skiptoken=x' },
  }));
  await assert.rejects(graph.listAll('/users'), /refusing to send a token to https:\/\/attacker\.example/);
  assert.equal(seen.length, 1);
});

test('count asks $count with ConsistencyLevel: eventual and parses the number', async () => {
  const { graph, seen } = fakeConnection(() => ({ status: 200, body: '42' }));
  assert.equal(await graph.count("/users?$filter=startswith(userPrincipalName,'Emergency')"), 42);
  assert.equal(path(seen[0]!), '/users/$count');
  assert.equal(seen[0]?.headers.get('ConsistencyLevel'), 'eventual');
});

test('a 403 becomes a one-line ApiError naming the permission; a 401 blames the credential', async () => {
  const denied = {
    error: {
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    },
  };
  const { graph } = fakeConnection((request) =>
    path(request).startsWith('/identity')
      ? { status: 403, body: denied }
      : { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'x' } } },
  );
  await assert.rejects(graph.listAll('/identity/conditionalAccess/policies'), (error: ApiError) => {
    assert.ok(isApiError(error));
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /read Conditional Access policies .* needs the Graph application permission Policy\.Read\.All/,
    );
    return true;
  });
  await assert.rejects(
    graph.get('/organization'),
    /401 InvalidAuthenticationToken — the credential or its token was not accepted/,
  );
});

test('createIdempotent: a create whose answer was lost is found, not made twice', async () => {
  const users = new Map<string, { id: string; userPrincipalName: string }>();
  let posts = 0;
  const { graph } = fakeConnection((request, body) => {
    const p = path(request);
    if (request.method === 'POST' && p === '/users') {
      posts++;
      const user = {
        id: `id-${users.size + 1}-0000`,
        userPrincipalName: (body as { userPrincipalName: string }).userPrincipalName,
      };
      users.set(user.userPrincipalName, user);
      return posts === 1 ? 'drop' : { status: 201, body: user }; // written, then the connection died
    }
    const upn = decodeURIComponent(p.replace('/users/', ''));
    const user = users.get(upn);
    return user ? { status: 200, body: user } : notFound(upn);
  });
  const upn = 'EmergencyAccount_1@contoso.onmicrosoft.com';
  const user = await graph.createIdempotent(
    () => graph.post<{ id: string }>('/users', { userPrincipalName: upn }),
    () => graph.find<{ id: string }>(`/users/${encodeURIComponent(upn)}`),
  );
  assert.equal(user.id, 'id-1-0000');
  assert.equal(posts, 1, 'the POST was not resent');
  assert.equal(users.size, 1);
});

test('createIdempotent: an answered 500 is looked up once, then created again', async () => {
  let posts = 0;
  let lookups = 0;
  const { graph } = fakeConnection((request) => {
    if (request.method === 'POST') {
      posts++;
      return posts === 1
        ? { status: 500, body: { error: { code: 'generalException', message: 'General exception.' } } }
        : { status: 201, body: { id: 'group-0001' } };
    }
    lookups++;
    return { status: 200, body: { value: [] } };
  });
  const group = await graph.createIdempotent(
    () => graph.post<{ id: string }>('/groups', { displayName: 'CA-Persona-BreakGlassAccounts' }),
    async () =>
      (await graph.listAll<{ id: string }>('/groups', { query: { $filter: "displayName eq 'x'" } }))[0],
  );
  assert.equal(group.id, 'group-0001');
  assert.deepEqual([posts, lookups], [2, 1]);
});

test('createIdempotent does not retry a create that was refused', async () => {
  let posts = 0;
  const { graph } = fakeConnection(() => {
    posts++;
    return { status: 400, body: { error: { code: 'Request_BadRequest', message: 'Invalid value.' } } };
  });
  await assert.rejects(
    graph.createIdempotent(
      () => graph.post('/users', {}),
      async () => undefined,
    ),
    /400 Request_BadRequest/,
  );
  assert.equal(posts, 1);
});

test('after our own create, a not-yet-visible 404 is retried; other 404s are not', async () => {
  let reads = 0;
  const { graph } = fakeConnection((request) => {
    if (request.method === 'POST') return { status: 201, body: { id: 'new-user-0001' } };
    if (path(request) === '/users/new-user-0001')
      return ++reads < 3 ? notFound('new-user-0001') : { status: 200, body: { id: 'new-user-0001' } };
    return notFound('other');
  });
  await graph.post('/users', {});
  assert.deepEqual(await graph.get('/users/new-user-0001'), { id: 'new-user-0001' });
  assert.equal(reads, 3);
  await assert.rejects(graph.get('/users/someone-else-0001'), (error: ApiError) => error.status === 404);
});

test('the not-yet-visible retry is bounded', async () => {
  const { graph, seen } = fakeConnection((request) =>
    request.method === 'POST' ? { status: 201, body: { id: 'ghost-0001' } } : notFound('ghost-0001'),
  );
  const limited = new GraphClient(graph.connection, { consistency: { ...fastConsistency, maxWaitMs: 100 } });
  await limited.post('/users', {});
  const started = Date.now();
  await assert.rejects(
    limited.patch('/users/ghost-0001', { displayName: 'x' }),
    (error: ApiError) => error.code === 'Request_ResourceNotFound',
  );
  assert.ok(Date.now() - started < 1000);
  assert.ok(seen.length > 2);
});

test('a DELETE whose first attempt was applied but lost its answer succeeds on the 404', async () => {
  let attempts = 0;
  const { graph } = fakeConnection(() => (++attempts === 1 ? 'drop' : notFound('x')));
  await graph.delete('/groups/x');
  assert.equal(attempts, 2);
  const { graph: plain } = fakeConnection(() => notFound('y'));
  await assert.rejects(plain.delete('/groups/y'), (error: ApiError) => error.status === 404);
});

test('batch: groups of 20, only throttled and failed-idempotent sub-requests are resent, results in order', async () => {
  const batches: { id: string; method: string; url: string }[][] = [];
  const attemptsById = new Map<string, number>();
  const { graph } = fakeConnection((request, body) => {
    assert.equal(path(request), '/$batch');
    const requests = (body as { requests: { id: string; method: string; url: string }[] }).requests;
    batches.push(requests);
    const responses = requests.map((r) => {
      const n = (attemptsById.get(r.id) ?? 0) + 1;
      attemptsById.set(r.id, n);
      if (r.id === '3' && n === 1)
        return { id: r.id, status: 429, headers: { 'Retry-After': '0' }, body: {} };
      if (r.id === '22' && n === 1) return { id: r.id, status: 503, body: {} };
      if (r.id === '5')
        return {
          id: r.id,
          status: 403,
          body: { error: { code: 'Authorization_RequestDenied', message: 'no' } },
        };
      return { id: r.id, status: 200, body: { id: r.url } };
    });
    return { status: 200, body: { responses: responses.reverse() } }; // Graph may answer in any order
  });
  const items = Array.from({ length: 25 }, (_, i) => ({ method: 'GET' as const, url: `/users/u${i + 1}` }));
  const results = await graph.batch(items);
  assert.deepEqual(
    batches.map((b) => b.length),
    [20, 5, 2],
  );
  assert.deepEqual(batches[2]?.map((r) => r.id).sort(), ['22', '3']);
  assert.deepEqual(
    results.map((r) => r.id),
    items.map((_, i) => String(i + 1)),
  );
  assert.ok(results.every((r) => r.ok || r.id === '5'));
  const denied = results[4];
  assert.equal(denied?.status, 403);
  assert.match(denied?.error?.message ?? '', /User\.Read\.All/);
});

test('batch does not resend a POST sub-request that failed with a 500', async () => {
  let calls = 0;
  const { graph } = fakeConnection((_request, body) => {
    calls++;
    const [r] = (body as { requests: { id: string }[] }).requests;
    return {
      status: 200,
      body: {
        responses: [{ id: r?.id, status: 500, body: { error: { code: 'generalException', message: 'x' } } }],
      },
    };
  });
  const [result] = await graph.batch([{ method: 'POST', url: '/users', body: {} }]);
  assert.equal(result?.status, 500);
  assert.equal(calls, 1);
});

test('CA writes are paced and a 429 without Retry-After is retried through the pacer', async () => {
  let patches = 0;
  const { graph, connection } = fakeConnection((request) => {
    if (request.method !== 'PATCH') return { status: 200, body: {} };
    patches++;
    return patches === 1
      ? { status: 429, body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } } }
      : { status: 204 };
  });
  await graph.patch('/identity/conditionalAccess/policies/p1', { state: 'enabled' });
  assert.equal(patches, 2);
  assert.equal(connection.pacer.throttled, 1);
});

test('the recorder counts requests, attempts, 429s and the dependency depth', async () => {
  let n = 0;
  const recorder = new RequestRecorder();
  const { graph } = fakeConnection(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return ++n === 1
      ? { status: 429, headers: { 'retry-after': '0' }, body: {} }
      : { status: 200, body: { value: [] } };
  }, recorder);
  const scoped = new RequestRecorder();
  await withRecorder(scoped, async () => {
    await Promise.all([graph.get('/organization'), graph.get('/domains')]); // round 1 (one throttled once)
    await graph.get('/users'); // round 2
    await graph.get('/groups'); // round 3
  });
  for (const stats of [recorder.stats(), scoped.stats()]) {
    assert.equal(stats.requests, 4);
    assert.equal(stats.attempts, 5);
    assert.equal(stats.throttled, 1);
    assert.equal(stats.depth, 3);
    assert.deepEqual(stats.byService, { graph: 4 });
  }
});

test('after we delete our own new object, its 404 is final at once', async () => {
  let deleted = false;
  const { graph } = fakeConnection((request) => {
    if (request.method === 'POST') return { status: 201, body: { id: 'short-lived-0001' } };
    if (request.method === 'DELETE') {
      deleted = true;
      return { status: 204 };
    }
    return deleted ? notFound('short-lived-0001') : { status: 200, body: { id: 'short-lived-0001' } };
  });
  await graph.post('/users', {});
  await graph.delete('/users/short-lived-0001');
  const started = Date.now();
  assert.equal(await graph.find('/users/short-lived-0001'), undefined);
  assert.ok(Date.now() - started < 50, 'no consistency wait for an object we deleted');
});
