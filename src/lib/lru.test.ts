import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru.js';

test('an LRU cache keeps at most its capacity, dropping the least recently used entry', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1); // a is now more recent than b
  cache.set('c', 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});

test('getOrCreate computes once per key while the key is cached', () => {
  const cache = new LruCache<string, string>(1);
  let calls = 0;
  const make = (key: string) => () => {
    calls++;
    return key.toUpperCase();
  };
  assert.equal(cache.getOrCreate('x', make('x')), 'X');
  assert.equal(cache.getOrCreate('x', make('x')), 'X');
  assert.equal(calls, 1);
  cache.getOrCreate('y', make('y'));
  assert.equal(cache.getOrCreate('x', make('x')), 'X');
  assert.equal(calls, 3);
});

test('a cache needs room for at least one entry', () => {
  assert.throws(() => new LruCache(0), RangeError);
});
