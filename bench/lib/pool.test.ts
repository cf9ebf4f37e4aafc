import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapConcurrent } from './pool.js';

test('never more than the limit in flight, and results in item order', async () => {
  let inFlight = 0;
  let peak = 0;
  const items = Array.from({ length: 20 }, (_, i) => i);
  const results = await mapConcurrent(items, 3, async (item) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
    inFlight--;
    return item * 2;
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    results,
    items.map((i) => i * 2),
  );
});

test('a failure rejects the whole map', async () => {
  await assert.rejects(
    mapConcurrent([1, 2, 3], 2, async (item) => {
      if (item === 2) throw new Error('tenant 2 failed');
      return item;
    }),
    /tenant 2 failed/,
  );
});
