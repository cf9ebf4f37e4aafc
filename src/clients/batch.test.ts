import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupBatchItems,
  identifyItems,
  MAX_BATCH_SIZE,
  nextRound,
  selectRetries,
  type BatchItem,
  type BatchSubResponse,
} from './batch.js';

const get = (id: string, dependsOn?: string[]): BatchItem => ({
  id,
  method: 'GET',
  url: `/users/${id}`,
  dependsOn,
});
const ids = (batches: { id: string }[][]) => batches.map((batch) => batch.map((item) => item.id));

test('identifyItems numbers items without ids and rejects duplicates and unknown dependencies', () => {
  assert.deepEqual(
    identifyItems([
      { method: 'GET', url: '/a' },
      { method: 'GET', url: '/b' },
    ]).map((i) => i.id),
    ['1', '2'],
  );
  assert.throws(() => identifyItems([get('a'), get('A')]), /duplicate request id A/);
  assert.throws(() => identifyItems([get('a', ['zz'])]), /unknown id zz/);
});

test('groupBatchItems: at most 20 per batch, dependency chains kept together, order kept', () => {
  const forty = Array.from({ length: 45 }, (_, i) => get(`r${i}`));
  const cases: [string, BatchItem[], string[][] | ((b: string[][]) => void)][] = [
    ['empty', [], []],
    ['a few independent items fit one batch', [get('a'), get('b'), get('c')], [['a', 'b', 'c']]],
    [
      '45 independent items make 20 + 20 + 5',
      forty,
      (b) =>
        assert.deepEqual(
          b.map((x) => x.length),
          [20, 20, 5],
        ),
    ],
    [
      'a chain that would straddle the boundary moves whole to the next batch',
      [...Array.from({ length: 19 }, (_, i) => get(`x${i}`)), get('p'), get('c1', ['p']), get('c2', ['c1'])],
      (b) => {
        assert.equal(b.length, 2);
        assert.deepEqual(b[1], ['p', 'c1', 'c2']);
      },
    ],
    [
      'later small items fill earlier gaps (first fit)',
      [
        ...Array.from({ length: 18 }, (_, i) => get(`x${i}`)),
        get('p'),
        get('c', ['p']),
        get('c2', ['c']),
        get('z'),
      ],
      (b) => {
        assert.deepEqual(b[0]?.slice(-1), ['z'], 'z fills the first batch');
        assert.deepEqual(b[1], ['p', 'c', 'c2']);
      },
    ],
    [
      'diamond dependencies are one group',
      [get('a'), get('b', ['a']), get('c', ['a']), get('d', ['b', 'c'])],
      [['a', 'b', 'c', 'd']],
    ],
  ];
  for (const [name, items, expected] of cases) {
    const batches = ids(groupBatchItems(identifyItems(items)));
    if (typeof expected === 'function') expected(batches);
    else assert.deepEqual(batches, expected, name);
    for (const batch of batches) assert.ok(batch.length <= MAX_BATCH_SIZE, name);
  }
});

test('groupBatchItems refuses a dependency chain longer than a batch', () => {
  const chain = Array.from({ length: 21 }, (_, i) => get(`c${i}`, i ? [`c${i - 1}`] : undefined));
  assert.throws(() => groupBatchItems(identifyItems(chain)), /21 requests depend on one another/);
});

test('selectRetries resends 429s, idempotent 5xx, not-yet-visible 404s and dependants of retried items', () => {
  const items = identifyItems([
    get('ok'),
    get('throttled'),
    { id: 'post500', method: 'POST', url: '/users', body: {} },
    { id: 'patch503', method: 'PATCH', url: '/users/x', body: {} },
    get('gone'),
    get('new'),
    { id: 'dep', method: 'POST', url: '/groups/g/members/$ref', body: {}, dependsOn: ['throttled'] },
    get('forbidden'),
    { id: 'dep2', method: 'GET', url: '/x', dependsOn: ['forbidden'] },
  ]);
  const responses = new Map<string, BatchSubResponse>(
    (
      [
        ['ok', 200],
        ['throttled', 429],
        ['post500', 500],
        ['patch503', 503],
        ['gone', 404],
        ['new', 404],
        ['dep', 424],
        ['forbidden', 403],
        ['dep2', 424],
      ] as const
    ).map(([id, status]) => [id, { id, status }]),
  );
  const retry = selectRetries(items, responses, (item) => item.id === 'new');
  assert.deepEqual(Object.fromEntries(retry), {
    throttled: 'throttled',
    patch503: 'server-error',
    new: 'not-yet-visible',
    dep: 'dependency-retried',
  });

  const next = nextRound(items, retry);
  assert.deepEqual(
    next.map((i) => [i.id, i.dependsOn]),
    [
      ['throttled', undefined],
      ['patch503', undefined],
      ['new', undefined],
      ['dep', ['throttled']],
    ],
  );
});

test('nextRound drops dependencies that already succeeded', () => {
  const items = identifyItems([get('a'), get('b', ['a'])]);
  const next = nextRound(items, new Map([['b', 'throttled' as const]]));
  assert.deepEqual(next, [{ ...items[1], dependsOn: undefined }]);
});
