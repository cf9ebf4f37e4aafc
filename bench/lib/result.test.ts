import { test } from 'node:test';
import assert from 'node:assert/strict';
import { result } from './result.js';
import { median } from './stats.js';

test('ratio is value over limit, and absent when there is no limit', () => {
  const cases = [
    { value: 300, limit: 100, ratio: 3 },
    { value: 5.5, limit: 5, ratio: 1.1 },
    { value: 7, limit: null, ratio: null },
    { value: 7, limit: 0, ratio: null },
    { value: null, limit: 5, ratio: null },
  ];
  for (const c of cases) {
    assert.equal(
      result({ name: 'x', value: c.value, unit: 'ms', limit: c.limit }).ratio,
      c.ratio,
      JSON.stringify(c),
    );
  }
});

test('notes given as a list drop the empty parts', () => {
  assert.equal(result({ name: 'x', value: 1, unit: '', notes: ['a', undefined, false, 'b'] }).notes, 'a; b');
});

test('median of odd and even counts', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});
