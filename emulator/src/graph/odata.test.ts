import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteContext } from '../http/types.js';
import { Collection } from '../tenant/store.js';
import type { JsonObject } from '../tenant/schema.js';
import { groupFilter } from './groups.js';
import { filterItems } from './odata.js';

const id = (n: number) => `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`;
const GROUPS: JsonObject[] = Array.from({ length: 12 }, (_, i) => ({
  id: id(i),
  displayName: i % 3 === 0 ? 'Shared name' : `Group ${i}`,
  securityEnabled: i % 2 === 0,
}));

/** A groups collection like the store's, with a clock and the consistency fault under the test's control. */
function groups(consistencyMs = 0) {
  let now = 1_000_000;
  const collection = new Collection(
    'groups',
    'id',
    { now: () => now, consistencyMs: () => consistencyMs },
    () => {},
    GROUPS.map((g) => ({ ...g })),
  );
  return { collection, tick: (ms: number) => (now += ms) };
}

const ctxFor = (filter: string) => ({ query: new URLSearchParams({ $filter: filter }) }) as RouteContext;
const options = { filter: groupFilter, resource: 'group', lookups: ['displayName'] };
const ids = (items: JsonObject[]) => items.map((g) => g.id);

/** What the listing answers: the filter applied to every item, in listing order (no look-up). */
const scanned = (collection: Collection, filter: string) =>
  ids(filterItems(ctxFor(filter), collection.list(), options));
const lookedUp = (collection: Collection, filter: string) =>
  ids(filterItems(ctxFor(filter), collection, options));

describe('filterItems over an indexed collection', () => {
  const cases: { name: string; filter: string; expected: string[] }[] = [
    { name: 'id eq', filter: `id eq '${id(4)}'`, expected: [id(4)] },
    { name: 'id eq, another case', filter: `id eq '${id(4).toUpperCase()}'`, expected: [id(4)] },
    {
      name: 'id in, asked out of order, answered in listing order',
      filter: `id in ('${id(9)}','${id(2)}','${id(5)}')`,
      expected: [id(2), id(5), id(9)],
    },
    { name: 'id in with an unknown id', filter: `id in ('${id(99)}','${id(1)}')`, expected: [id(1)] },
    {
      name: 'displayName eq',
      filter: `displayName eq 'shared NAME'`,
      expected: [id(0), id(3), id(6), id(9)],
    },
    {
      name: 'id in and another condition',
      filter: `id in ('${id(1)}','${id(2)}','${id(3)}') and securityEnabled eq true`,
      expected: [id(2)],
    },
    {
      name: 'or of two look-ups',
      filter: `id eq '${id(7)}' or displayName eq 'Group 1'`,
      expected: [id(1), id(7)],
    },
    {
      name: 'or with a condition that is not a look-up',
      filter: `id eq '${id(7)}' or securityEnabled eq true`,
      expected: [id(0), id(2), id(4), id(6), id(7), id(8), id(10)],
    },
    {
      name: 'startswith (no look-up)',
      filter: `startswith(displayName,'Group 1')`,
      expected: [id(1), id(10), id(11)],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the same answer as testing every group`, () => {
      const { collection } = groups();
      assert.deepEqual(lookedUp(collection, c.filter), c.expected);
      assert.deepEqual(scanned(collection, c.filter), c.expected);
    });
  }

  it('finds a group by its new name after a rename, and no longer by the old one', () => {
    const { collection } = groups();
    assert.deepEqual(lookedUp(collection, `displayName eq 'Group 4'`), [id(4)]);
    collection.put({ ...(collection.get(id(4)) as JsonObject), displayName: 'Renamed' });
    assert.deepEqual(lookedUp(collection, `displayName eq 'Group 4'`), []);
    assert.deepEqual(lookedUp(collection, `displayName eq 'Renamed'`), [id(4)]);
  });

  it('does not find a deleted group; a group added again lists last, as in the listing', () => {
    const { collection } = groups();
    const second = collection.get(id(1)) as JsonObject;
    collection.delete(id(1));
    assert.deepEqual(lookedUp(collection, `id in ('${id(1)}','${id(2)}')`), [id(2)]);
    collection.put(second);
    const filter = `id in ('${id(1)}','${id(2)}','${id(11)}')`;
    assert.deepEqual(lookedUp(collection, filter), [id(2), id(11), id(1)]);
    assert.deepEqual(scanned(collection, filter), [id(2), id(11), id(1)]);
  });

  it('does not find a new group before the directory shows it (consistency fault)', () => {
    const { collection, tick } = groups(3000);
    collection.add({ id: id(50), displayName: 'New', securityEnabled: true });
    assert.deepEqual(lookedUp(collection, `id eq '${id(50)}'`), []);
    assert.deepEqual(lookedUp(collection, `displayName eq 'New'`), []);
    tick(3000);
    assert.deepEqual(lookedUp(collection, `id eq '${id(50)}'`), [id(50)]);
    assert.deepEqual(lookedUp(collection, `displayName eq 'New'`), [id(50)]);
  });
});
