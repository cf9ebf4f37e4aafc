import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarks, selectBenchmarks } from './registry.js';

test('every benchmark of the spec is registered once', () => {
  const names = benchmarks.map((b) => b.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of [
    'audit.depth',
    'audit.requests',
    'audit.wall.latency100',
    'cli.start',
    'audit.snapshot.large',
    'lockout.eval',
    'fleet.1000',
    'apply.exclusions.pacing',
  ])
    assert.ok(names.includes(name), name);
});

test('names select a benchmark, one of its results, or a family; unknown names are reported', () => {
  const cases: { names: string[]; selected: string[]; unknown?: string[] }[] = [
    { names: ['cli.start'], selected: ['cli.start'] },
    { names: ['audit.requests.large'], selected: ['audit.requests'] },
    { names: ['fleet'], selected: ['fleet.1000'] },
    {
      names: ['audit'],
      selected: ['audit.depth', 'audit.requests', 'audit.wall.latency100', 'audit.snapshot.large'],
    },
    { names: ['lockout.eval', 'cli.start'], selected: ['cli.start', 'lockout.eval'] },
    { names: ['nope', 'cli.start'], selected: ['cli.start'], unknown: ['nope'] },
    { names: ['cli'], selected: ['cli.start'] },
    { names: ['cli.st'], selected: [], unknown: ['cli.st'] },
  ];
  for (const c of cases) {
    const { selected, unknown } = selectBenchmarks(c.names);
    assert.deepEqual(
      selected.map((b) => b.name),
      c.selected,
      c.names.join(' '),
    );
    assert.deepEqual(unknown, c.unknown ?? [], c.names.join(' '));
  }
  assert.equal(selectBenchmarks([]).selected.length, benchmarks.length);
});
