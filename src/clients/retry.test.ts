import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_OPTIONS,
  parseRetryAfter,
  retryPolicy,
  setIdempotent,
  attemptsOf,
  attemptTimeout,
  type AttemptOutcome,
  type RetryInput,
} from './retry.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });
const NOW = Date.parse('2026-01-01T00:00:00Z');

test('parseRetryAfter reads seconds, milliseconds and HTTP dates', () => {
  const cases: [string, Record<string, string>, number | undefined][] = [
    ['delta seconds', { 'retry-after': '3' }, 3000],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['zero', { 'retry-after': '0' }, 0],
    ['HTTP date in the future', { 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 10_000],
    ['HTTP date in the past', { 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    ['retry-after-ms wins', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '1200' }, 1200],
    ['absent', {}, undefined],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['negative number is not a delay', { 'retry-after': '-5' }, undefined],
  ];
  for (const [name, values, expected] of cases) {
    assert.equal(parseRetryAfter(headers(values), NOW), expected, name);
  }
});

test('backoffDelay doubles per retry, is capped, and jitters within the upper half of the step', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelay(0, options, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(0, options, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, options, () => 1),
    800,
  );
  assert.equal(
    backoffDelay(10, options, () => 1),
    1000,
    'capped at maxDelayMs',
  );
  assert.equal(
    backoffDelay(10, options, () => 0),
    500,
    'never below half the step',
  );
});

test('decideRetry: which outcomes are retried, and after how long', () => {
  const base: RetryInput = {
    method: 'GET',
    outcome: { kind: 'response', status: 200, headers: headers({}) },
    retryCount: 0,
    options: { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 100, maxDelayMs: 1000 },
    now: NOW,
    random: () => 1,
  };
  const response = (status: number, values: Record<string, string> = {}): AttemptOutcome => ({
    kind: 'response',
    status,
    headers: headers(values),
  });
  const cases: [string, Partial<RetryInput>, boolean, number?][] = [
    ['success is final', {}, false],
    ['429 with Retry-After waits that long', { outcome: response(429, { 'retry-after': '2' }) }, true, 2000],
    [
      '429 on a POST is retried too',
      { method: 'POST', outcome: response(429, { 'retry-after': '1' }) },
      true,
      1000,
    ],
    ['429 without Retry-After backs off', { outcome: response(429) }, true, 100],
    ['paced 429 leaves the wait to the pacer', { outcome: response(429), paced: true }, true, 0],
    ['429 asking too long is given up', { outcome: response(429, { 'retry-after': '3600' }) }, false],
    ['503 GET with Retry-After', { outcome: response(503, { 'retry-after': '1' }) }, true, 1000],
    ['500 GET backs off', { outcome: response(500) }, true, 100],
    ['504 PATCH backs off', { method: 'PATCH', outcome: response(504) }, true, 100],
    ['500 POST is not resent', { method: 'POST', outcome: response(500) }, false],
    ['503 POST is not resent', { method: 'POST', outcome: response(503, { 'retry-after': '1' }) }, false],
    [
      '500 POST marked idempotent is resent',
      { method: 'POST', idempotent: true, outcome: response(500) },
      true,
      100,
    ],
    ['400 is final', { outcome: response(400) }, false],
    ['404 is final', { outcome: response(404) }, false],
    ['501 is final', { outcome: response(501) }, false],
    ['dropped connection on GET', { outcome: { kind: 'error', code: 'ECONNRESET' } }, true, 100],
    ['dropped connection on POST', { method: 'POST', outcome: { kind: 'error', code: 'ECONNRESET' } }, false],
    [
      'timeout on DELETE',
      { method: 'DELETE', outcome: { kind: 'error', code: 'RequestTimeout' } },
      true,
      100,
    ],
    ['caller abort', { outcome: { kind: 'error', name: 'AbortError' } }, false],
    ['TLS failure is final', { outcome: { kind: 'error', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } }, false],
    ['retries exhausted', { outcome: response(429), retryCount: DEFAULT_RETRY_OPTIONS.maxRetries }, false],
    ['third retry waits longer', { outcome: response(503), retryCount: 2 }, true, 400],
  ];
  for (const [name, change, retry, delay] of cases) {
    const decision = decideRetry({ ...base, ...change });
    assert.equal(decision.retry, retry, `${name}: ${decision.reason}`);
    if (decision.retry && delay !== undefined) assert.equal(decision.delayMs, delay, name);
  }
});

/** A plain-HTTP server whose answers a test scripts, one per request. */
async function scriptedServer(script: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  let calls = 0;
  const server = createServer((req, res) => {
    const step = script[Math.min(calls, script.length - 1)];
    calls++;
    step?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pipelineWithRetry(options: Partial<typeof DEFAULT_RETRY_OPTIONS> = {}) {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(retryPolicy({ ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 5, maxDelayMs: 20, ...options }), {
    phase: 'Retry',
  });
  const client = createDefaultHttpClient();
  return (request: PipelineRequest) => pipeline.sendRequest(client, request);
}

const answer =
  (status: number, extra: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, extra);
    res.end(JSON.stringify({ status }));
  };
const drop = (req: IncomingMessage) => req.socket.destroy();

test('retryPolicy resends a throttled GET after Retry-After and returns the success', async () => {
  const server = await scriptedServer([answer(429, { 'retry-after': '0' }), answer(503), answer(200)]);
  try {
    const send = pipelineWithRetry();
    const request = createPipelineRequest({ url: server.url, allowInsecureConnection: true });
    const response = await send(request);
    assert.equal(response.status, 200);
    assert.equal(server.calls(), 3);
    assert.equal(attemptsOf(request), 3);
  } finally {
    await server.close();
  }
});

test('retryPolicy resends a GET whose connection dropped, but not a POST', async () => {
  const server = await scriptedServer([drop, answer(200)]);
  try {
    const send = pipelineWithRetry();
    const get = await send(createPipelineRequest({ url: server.url, allowInsecureConnection: true }));
    assert.equal(get.status, 200);
    assert.equal(server.calls(), 2);
  } finally {
    await server.close();
  }
  const again = await scriptedServer([drop, answer(201)]);
  try {
    const send = pipelineWithRetry();
    const post = createPipelineRequest({
      url: again.url,
      method: 'POST',
      body: '{}',
      allowInsecureConnection: true,
    });
    await assert.rejects(send(post), (error: { code?: string }) => error.code === 'ECONNRESET');
    assert.equal(again.calls(), 1, 'a POST that may have been applied is not resent');
  } finally {
    await again.close();
  }
});

test('retryPolicy resends a POST marked idempotent after a 500', async () => {
  const server = await scriptedServer([answer(500), answer(200)]);
  try {
    const send = pipelineWithRetry();
    const request = createPipelineRequest({ url: server.url, method: 'POST', allowInsecureConnection: true });
    setIdempotent(request, true);
    assert.equal((await send(request)).status, 200);
    assert.equal(server.calls(), 2);
  } finally {
    await server.close();
  }
});

test('retryPolicy times out a silent attempt, retries it, and reports RequestTimeout at the end', async () => {
  const silent = () => undefined; // never answers
  const server = await scriptedServer([silent]);
  try {
    const send = pipelineWithRetry({ maxRetries: 1, timeoutMs: 100 });
    const started = Date.now();
    const request = createPipelineRequest({ url: server.url, allowInsecureConnection: true });
    await assert.rejects(send(request), (error: { code?: string }) => error.code === 'RequestTimeout');
    assert.equal(server.calls(), 2, 'one retry');
    assert.ok(Date.now() - started < 2000);
  } finally {
    await server.close();
  }
});

test('each attempt after a timeout waits longer, up to four times the setting', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10].map((n) => attemptTimeout(100, n)),
    [100, 150, 225, 338, 400, 400],
  );
  assert.equal(attemptTimeout(0, 3), 0, 'no timeout stays none');
});

test('retryPolicy gets an answer from a server slower than the first timeout', async () => {
  // Always 180 ms: a fixed 100 ms timeout would fail every attempt; growing ones get there.
  const slow = (req: IncomingMessage, res: ServerResponse) => {
    setTimeout(() => answer(200)(req, res), 180);
  };
  const server = await scriptedServer([slow]);
  try {
    const send = pipelineWithRetry({ timeoutMs: 100 });
    const request = createPipelineRequest({ url: server.url, allowInsecureConnection: true });
    assert.equal((await send(request)).status, 200);
    assert.ok(attemptsOf(request) >= 2, `answered on attempt ${attemptsOf(request)}`);
  } finally {
    await server.close();
  }
});

test('retryPolicy stops at once when the caller aborts, also during a back-off', async () => {
  const server = await scriptedServer([answer(429, { 'retry-after': '30' })]);
  try {
    const send = pipelineWithRetry();
    const controller = new AbortController();
    const request = createPipelineRequest({
      url: server.url,
      allowInsecureConnection: true,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await assert.rejects(send(request), (error: Error) => error.name === 'AbortError');
    assert.ok(Date.now() - started < 5000, 'did not wait out the 30 s Retry-After');
    assert.equal(server.calls(), 1);
  } finally {
    await server.close();
  }
});
