import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from './table.js';
import { failed, result } from './result.js';

test('the table aligns every column and right-aligns numbers', () => {
  const text = renderTable([
    result({ name: 'audit.depth', value: 3, unit: 'rounds', limit: 3, notes: 'bar ≤ 3' }),
    result({ name: 'cli.start', value: 412.345, unit: 'ms', limit: 150, notes: ['bar ratio ≤ 3'] }),
  ]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^name\s+value\s+unit\s+limit\s+ratio\s+notes$/);
  // The value column ends at the same place on every row.
  const valueEnd = (line: string, value: string) => line.indexOf(value) + value.length;
  assert.equal(valueEnd(lines[2]!, ' 3'), valueEnd(lines[3]!, '412.35'));
  assert.match(lines[3]!, /\s2\.75\s+bar ratio ≤ 3$/);
  for (const line of lines) assert.equal(line, line.trimEnd());
});

test('a benchmark that could not run shows dashes and the reason', () => {
  const text = renderTable([failed('fleet.1000', new Error('emulator did not start\nstack…'))]);
  const row = text.trimEnd().split('\n')[2]!;
  assert.match(row, /^fleet\.1000\s+—\s+—\s+—\s+did not run: emulator did not start$/);
});
