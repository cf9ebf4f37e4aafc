import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKql } from './parse.js';
import { rowFilter } from './rowFilter.js';
import { SIGNIN_TABLES } from './schemas.js';

const id = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const upn = 'EmergencyAccount_1@contoso.onmicrosoft.com';
const row = { UserId: id, UserPrincipalName: upn };

/** One query per case; `selects` is whether a sign-in of the account passes its filters. */
const cases: { where: string; selects: boolean }[] = [
  { where: `UserId == "${id}"`, selects: true },
  { where: `"${id}" == UserId`, selects: true },
  { where: `UserId == "${id.toUpperCase()}"`, selects: false }, // == is case-sensitive; logs hold lowercase ids
  { where: `UserId =~ "${id.toUpperCase()}"`, selects: true },
  { where: `UserId in ("x", "${id}")`, selects: true },
  { where: `UserId in ("x", "y")`, selects: false },
  { where: `UserId !in ("${id}")`, selects: false },
  { where: `UserId != "${id}"`, selects: false },
  { where: `UserId != "someone-else"`, selects: false }, // does not exclude, but does not filter on the account either
  { where: `not(UserId == "${id}")`, selects: false },
  { where: `UserId == "x" or UserId == "${id}"`, selects: true },
  { where: `UserId == "${id}" and ResultType == "0"`, selects: true },
  { where: `UserId == "x" and UserPrincipalName =~ "${upn}"`, selects: false },
  { where: `UserPrincipalName =~ "${upn.toLowerCase()}"`, selects: true },
  { where: `UserPrincipalName == "${upn.toLowerCase()}"`, selects: true }, // UPN casing in logs is not promised
  { where: `UserPrincipalName has "EmergencyAccount_1"`, selects: true },
  { where: `UserPrincipalName has "Emergency"`, selects: false }, // not a whole term
  { where: `UserPrincipalName contains "emergency"`, selects: true },
  { where: `UserPrincipalName startswith "emergencyaccount_"`, selects: true },
  { where: `UserPrincipalName has_any ("${upn}", "other@x")`, selects: true },
  { where: `UserPrincipalName has_all ("EmergencyAccount_1", "other")`, selects: false },
  { where: `UserPrincipalName matches regex "^EmergencyAccount_[0-9]+@"`, selects: true },
  { where: `tolower(UserPrincipalName) == "${upn.toLowerCase()}"`, selects: true },
  { where: `UserId in (dynamic(["${id}"]))`, selects: true },
  { where: `ResultType == "0"`, selects: false },
  { where: `(UserId == "${id}")`, selects: true },
];

for (const c of cases) {
  test(`rowFilter: where ${c.where} → ${c.selects ? 'selects' : 'does not select'}`, () => {
    const parsed = parseKql(`SigninLogs | where ${c.where}`, SIGNIN_TABLES);
    assert.equal(parsed.ok, true, JSON.stringify(parsed.diagnostics));
    const result = rowFilter(parsed, row, { caseInsensitiveColumns: ['UserPrincipalName'] });
    assert.equal(result.selects, c.selects, JSON.stringify(result));
    if (!c.selects) assert.ok(result.reason);
  });
}

test('rowFilter follows let-bound lists', () => {
  const parsed = parseKql(`let ids = dynamic(["${id}"]);\nSigninLogs | where UserId in (ids)`, SIGNIN_TABLES);
  assert.deepEqual(rowFilter(parsed, row), { selects: true, matchedBy: ['UserId in'] });
});

test('rowFilter needs every where clause to let the row through', () => {
  const parsed = parseKql(`SigninLogs | where UserId == "${id}" | where UserId == "x"`, SIGNIN_TABLES);
  assert.equal(rowFilter(parsed, row).selects, false);
});

test('a query without where does not filter on the account', () => {
  const result = rowFilter(parseKql('SigninLogs | take 10', SIGNIN_TABLES), row);
  assert.equal(result.selects, false);
  assert.match(result.reason ?? '', /no where clause/);
});
