import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuSecondsFromStat, processCpuSeconds } from './cpu.js';

test('utime + stime are read after a command name that holds spaces and parentheses', () => {
  const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 7 0 1000 0 0';
  assert.equal(cpuSecondsFromStat(stat), 3);
});

test(
  'this process has used some CPU, by /proc where there is one',
  { skip: process.platform !== 'linux' },
  () => {
    const seconds = processCpuSeconds(process.pid);
    assert.ok(seconds !== undefined && seconds >= 0);
  },
);
