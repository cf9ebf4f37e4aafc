import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoundBarrier } from './round-barrier.js';

test('round k+1 starts only when every part finished round k; a part that leaves stops holding others', async () => {
  const barrier = new RoundBarrier(2);
  const log: string[] = [];
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const fast = (async () => {
    log.push('fast:1');
    await barrier.arrive();
    log.push('fast:2');
    await barrier.arrive();
    log.push('fast:3');
    barrier.leave();
  })();
  const slow = (async () => {
    await tick();
    await tick();
    log.push('slow:1');
    await barrier.arrive();
    await tick();
    log.push('slow:2');
    barrier.leave();
  })();
  await Promise.all([fast, slow]);
  assert.deepEqual(log, ['fast:1', 'slow:1', 'fast:2', 'slow:2', 'fast:3']);
});
