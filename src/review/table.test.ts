import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textTable } from './table.js';

test('textTable aligns columns and neutralises control characters', () => {
  const out = textTable(
    ['TIME', 'ACCOUNT', 'RESULT'],
    [
      ['10:00', 'a@x', 'success'],
      ['11:00', 'evil\u001b[31m@x', '50126'],
    ],
  );
  assert.deepEqual(out.split('\n'), [
    'TIME   ACCOUNT      RESULT',
    '10:00  a@x          success',
    '11:00  evil\uFFFD[31m@x  50126',
  ]);
});
