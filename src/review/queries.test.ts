import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKql, walkKql } from '../kql/parse.js';
import { AUDIT_LOGS, SIGNIN_LOGS } from '../kql/schemas.js';
import { auditReviewQuery, signInReviewQuery } from './queries.js';

const hostile = [
  { id: 'AAAAAAAA-1111-1111-1111-111111111111', userPrincipalName: 'plain@contoso.onmicrosoft.com' },
  { id: 'bbbbbbbb-2222-2222-2222-222222222222', userPrincipalName: 'q"uote\\back@contoso.onmicrosoft.com' },
  { id: '") or true //', userPrincipalName: '" or UserId != "' },
];

test('the sign-in review query parses, filters once, and keeps every hostile value a single literal', () => {
  const query = signInReviewQuery(hostile);
  const parsed = parseKql(query, [SIGNIN_LOGS]);
  assert.equal(parsed.ok, true, JSON.stringify(parsed.diagnostics));
  const nodes = [...walkKql(parsed.root)];
  assert.equal(nodes.filter((n) => n.kind === 'FilterOperator').length, 1);
  const literals = nodes.filter((n) => n.kind === 'StringLiteralExpression').map((n) => n.value);
  assert.deepEqual(literals, [
    'aaaaaaaa-1111-1111-1111-111111111111',
    'bbbbbbbb-2222-2222-2222-222222222222',
    '") or true //',
    'plain@contoso.onmicrosoft.com',
    'q"uote\\back@contoso.onmicrosoft.com',
    '" or UserId != "',
  ]);
});

test('the audit review query parses and targets only the accounts', () => {
  const query = auditReviewQuery(hostile);
  assert.equal(parseKql(query, [AUDIT_LOGS]).ok, true);
  assert.doesNotMatch(query, /conditional access policy/);
});

test('a review query needs an account', () => {
  assert.throws(() => signInReviewQuery([]), /at least one account/);
});
