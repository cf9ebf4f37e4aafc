import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kqlString, kqlStringList } from './escape.js';
import { parseKql, walkKql } from './parse.js';
import { SIGNIN_LOGS } from './schemas.js';

const hostile = [
  'plain@contoso.onmicrosoft.com',
  'quote"inside@contoso.onmicrosoft.com',
  'back\\slash@contoso.onmicrosoft.com',
  'ends with backslash\\',
  '" or UserId != "',
  '\\" or 1 == 1 //',
  "single'quote",
  'line\nbreak | take 1',
  'tab\tand\rreturn',
  'nul\u0000and\u0007bell',
  'typographic \u201Cquotes\u201D',
  'separator\u2028here',
];

for (const value of hostile) {
  test(`kqlString keeps ${JSON.stringify(value)} inside one literal`, () => {
    const parsed = parseKql(`SigninLogs | where UserPrincipalName == ${kqlString(value)} | project UserId`, [
      SIGNIN_LOGS,
    ]);
    assert.equal(parsed.ok, true, JSON.stringify(parsed.diagnostics));
    const literals = [...walkKql(parsed.root)].filter((n) => n.kind === 'StringLiteralExpression');
    assert.equal(literals.length, 1);
    assert.equal(literals[0]!.value, value);
    // Still exactly one filter and one projection: nothing escaped into the query.
    assert.equal([...walkKql(parsed.root)].filter((n) => n.kind === 'FilterOperator').length, 1);
    assert.equal([...walkKql(parsed.root)].filter((n) => n.kind === 'ProjectOperator').length, 1);
  });
}

test('kqlStringList writes a parenthesised list', () => {
  assert.equal(kqlStringList(['a', 'b"c']), '("a", "b\\"c")');
});
