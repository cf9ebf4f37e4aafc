import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaWritePacer, isCaWrite, pacerForTenant } from './pacing.js';

test('isCaWrite: Conditional Access writes are paced, reads and other writes are not', () => {
  const cases: [string, string, boolean][] = [
    ['POST', 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies', true],
    ['PATCH', 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/abc', true],
    ['DELETE', 'https://127.0.0.1:8443/graph/beta/identity/conditionalAccess/namedLocations/x', true],
    [
      'PATCH',
      'https://graph.microsoft.com/v1.0/identity/conditionalAccess/authenticationStrength/policies/x',
      true,
    ],
    ['GET', 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies', false],
    ['PATCH', 'https://graph.microsoft.com/v1.0/users/abc', false],
    ['POST', 'https://graph.microsoft.com/v1.0/groups?x=/identity/conditionalAccess/', false],
    // What If only reads.
    ['POST', 'https://graph.microsoft.com/beta/identity/conditionalAccess/evaluate', false],
  ];
  for (const [method, url, expected] of cases)
    assert.equal(isCaWrite(method, url), expected, `${method} ${url}`);
});

test('the pacer spaces writes one interval apart, in call order', async () => {
  const pacer = new CaWritePacer({ writesPerSecond: 20, margin: 0 });
  const sentAt: number[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      pacer.acquire().then(() => {
        sentAt[i] = Date.now() - started;
      }),
    ),
  );
  assert.equal(pacer.interval, 50);
  for (let i = 1; i < sentAt.length; i++) {
    const gap = (sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0);
    assert.ok(gap >= 49, `write ${i} came ${gap} ms after the previous one`);
  }
  assert.ok((sentAt[4] ?? 0) >= 196 && (sentAt[4] ?? 0) < 2000, `5 writes at 20/s took ${sentAt[4]} ms`);
});

test('the margin widens the interval so N+1 writes never fit in one second', () => {
  const pacer = new CaWritePacer({ writesPerSecond: 1 });
  assert.ok(pacer.interval > 1000 && pacer.interval <= 1100, String(pacer.interval));
});

test('after a 429 the pacer holds writes back exponentially and counts the 429s', async () => {
  let now = 0;
  const pacer = new CaWritePacer({ writesPerSecond: 100, margin: 0, backoffBaseMs: 40 }, () => now);
  await pacer.acquire();
  pacer.record(429);
  assert.equal(pacer.throttled, 1);
  // The clock is frozen, so the next write would wait the hold-back: let real time pass via now.
  const waited = (async () => {
    const t0 = Date.now();
    const ticker = setInterval(() => (now = Date.now() - t0), 1);
    try {
      await pacer.acquire();
      return now;
    } finally {
      clearInterval(ticker);
    }
  })();
  const first = await waited;
  assert.ok(first >= 40, `held back ${first} ms after one 429`);

  pacer.record(429); // second in a row: 80 ms
  const base = now;
  const t1 = Date.now();
  const ticker = setInterval(() => (now = base + (Date.now() - t1)), 1);
  try {
    await pacer.acquire();
  } finally {
    clearInterval(ticker);
  }
  assert.ok(now - base >= 80, `held back ${now - base} ms after two 429s`);
  assert.equal(pacer.throttled, 2);

  pacer.record(204); // success resets the streak
  pacer.record(429);
  assert.equal(pacer.throttled, 3);
});

test('an aborted wait does not block the writes queued behind it', async () => {
  const pacer = new CaWritePacer({ writesPerSecond: 2, margin: 0 });
  await pacer.acquire();
  const controller = new AbortController();
  const aborted = pacer.acquire(controller.signal);
  controller.abort();
  await assert.rejects(aborted, (error: Error) => error.name === 'AbortError');
  const started = Date.now();
  await pacer.acquire();
  assert.ok(Date.now() - started < 1000);
});

test('pacerForTenant shares one pacer per tenant (and pacing options)', () => {
  const a = pacerForTenant('https://graph.example|tenant-a');
  assert.equal(
    pacerForTenant('https://graph.example|tenant-a', { writesPerSecond: 1 }),
    a,
    'defaults spelled out',
  );
  assert.notEqual(pacerForTenant('https://graph.example|tenant-b'), a);
  assert.notEqual(pacerForTenant('https://graph.example|tenant-a', { writesPerSecond: 20 }), a);
});

/**
 * A clock and a sleep whose timers fire late, as on a busy event loop: the n-th sleep by
 * `lateMs[n]` (the last value repeats).
 */
function lateTimers(...lateMs: number[]) {
  let clock = 0;
  let sleeps = 0;
  return {
    now: () => clock,
    sleep: async (ms: number) => {
      await Promise.resolve();
      clock += ms + (lateMs[Math.min(sleeps++, lateMs.length - 1)] ?? 0);
    },
  };
}

/** When each of `count` writes queued at once is let through. */
async function releaseTimes(pacer: CaWritePacer, now: () => number, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: count }, (_, i) => pacer.acquire().then(() => (times[i] = now()))));
  return times;
}

test('late timers do not stretch the pace: slots count from the intended time, within the margin', async () => {
  // 20 writes/s with a 10 % margin: 55 ms apart, of which 5 ms are headroom.
  const timers = lateTimers(3);
  const pacer = new CaWritePacer({ writesPerSecond: 20, margin: 0.1 }, timers.now, timers.sleep);
  const times = await releaseTimes(pacer, timers.now, 11);
  // Counting from each late release would put the 11th write at 10 × 58 = 580 ms; from the slots it
  // is 10 × 55 plus the last timer's lateness (and at most 1 ms of rounding sleeps to whole ms).
  assert.ok(times[10]! >= 553 && times[10]! <= 554, `the 11th write went at ${times[10]} ms`);
  for (let i = 1; i < times.length; i++)
    assert.ok(
      times[i]! - times[i - 1]! >= 50,
      `write ${i} came ${times[i]! - times[i - 1]!} ms after the previous one`,
    );
});

test('lateness beyond the margin is not made up for: writes never come faster than the rate', async () => {
  // One timer fires 200 ms late (a blocked event loop): the writes queued behind it must not burst.
  const timers = lateTimers(200, 1);
  const pacer = new CaWritePacer({ writesPerSecond: 20, margin: 0.1 }, timers.now, timers.sleep);
  const times = await releaseTimes(pacer, timers.now, 6);
  for (let i = 1; i < times.length; i++)
    assert.ok(
      times[i]! - times[i - 1]! >= 50,
      `write ${i} came ${times[i]! - times[i - 1]!} ms after the previous one`,
    );
});
