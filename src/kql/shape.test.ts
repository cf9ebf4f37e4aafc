import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseByShape, queryTemplate } from './shape.js';
import { analyseWithLibrary, parseKql } from './parse.js';
import { auditAlertQuery, signInAlertQuery } from './queries.js';
import { ALL_TABLES } from './schemas.js';

const ID_1 = '50b6a212-3916-45c4-a638-ed160af0a67c';
const ID_2 = 'c0c63986-aafd-4c0f-b6e4-c6e9d02f1958';
const accounts = (upn1: string, upn2: string) => [
  { id: ID_1, userPrincipalName: upn1 },
  { id: ID_2, userPrincipalName: upn2 },
];

/** Queries whose shape analysis must equal the library's own analysis of the query as written. */
const shaped: { name: string; query: string }[] = [
  {
    name: "the product's sign-in query",
    query: signInAlertQuery(
      accounts('EmergencyAccount_1@contoso.onmicrosoft.com', 'ea2@contoso.onmicrosoft.com'),
    ),
  },
  {
    name: 'the sign-in query with a quote and a backslash in a UPN',
    query: signInAlertQuery(
      accounts("o'brien@contoso.onmicrosoft.com", 'back\\slash"q@contoso.onmicrosoft.com'),
    ),
  },
  {
    name: "the product's audit query",
    query: auditAlertQuery({
      accounts: accounts('a@contoso.onmicrosoft.com', 'b@contoso.onmicrosoft.com'),
      groupId: ID_1,
      policyId: ID_2,
    }),
  },
  {
    name: 'the 2026 Learn sample',
    query: `SigninLogs\n| where UserId == "${ID_1}" or UserId == "${ID_2}"\n| project TimeGenerated, UserPrincipalName, UserId`,
  },
  {
    name: 'verbatim, single-quoted and obfuscated literals',
    query: `SigninLogs | where UserId in (@"a""b", 'c\\'d', h"${ID_1}")`,
  },
  {
    name: 'a literal compared with a function of a column',
    query: 'SigninLogs | where tostring(LocationDetails.countryOrRegion) =~ "DE"',
  },
  {
    name: 'has_any and startswith',
    query:
      'AuditLogs | where OperationName has_any ("Update user", "Delete user") and Category startswith "User"',
  },
];

for (const c of shaped) {
  test(`by shape: ${c.name} — the same analysis as the library's`, () => {
    const analysis = analyseByShape(c.query, (template) => parseKql(template, ALL_TABLES));
    assert.ok(analysis, 'analysed by shape');
    assert.deepEqual(analysis, analyseWithLibrary(c.query, ALL_TABLES));
  });
}

/** Queries whose literals' text can matter, or that do not analyse cleanly: declined. */
const declined: { name: string; query: string }[] = [
  { name: 'no string literal at all', query: 'SigninLogs | take 1' },
  {
    name: "the guide's query with its typographic quote",
    query: 'SigninLogs \n| project UserId \n| where UserId == "User-ID\u201C ',
  },
  { name: 'a table named by a string', query: 'table("SigninLogs") | take 1' },
  {
    name: 'a literal given to a function',
    query: 'SigninLogs | where UserPrincipalName == tolower("X@contoso.com")',
  },
  { name: 'a column named by a string', query: 'SigninLogs | where column_ifexists("UserId", "") == "x"' },
  { name: 'a literal in extend', query: 'SigninLogs | extend Label = "x" | where Label == "y"' },
  { name: 'a regular expression', query: 'SigninLogs | where UserPrincipalName matches regex "^ea[0-9]+@"' },
  { name: 'an unknown column (a diagnostic)', query: 'SigninLogs | where UserID == "x"' },
  { name: 'a dynamic literal', query: 'SigninLogs | where UserId in (dynamic(["a", "b"]))' },
];

for (const c of declined) {
  test(`by shape: ${c.name} — declined`, () => {
    assert.equal(
      analyseByShape(c.query, (template) => parseKql(template, ALL_TABLES)),
      undefined,
    );
  });
}

test('queryTemplate empties every string literal and keeps everything else, comments included', () => {
  assert.deepEqual(queryTemplate('SigninLogs // "not a literal"\n| where UserId in ("a", @\'b\')'), {
    template: 'SigninLogs // "not a literal"\n| where UserId in ("", "")',
    literals: ['"a"', "@'b'"],
  });
});

test('by shape: the sign-in query for 25 random account names equals the library analysis', () => {
  // A seeded generator: the same names on every run, including the characters escaping must handle.
  let seed = 20261127;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = [
    'a',
    'Z',
    '0',
    '.',
    '_',
    '-',
    "'",
    '"',
    '\\',
    '|',
    '/',
    '//',
    ' ',
    'é',
    '😀',
    '#EXT#',
    '(',
    ')',
  ];
  const name = () =>
    Array.from(
      { length: 1 + Math.floor(random() * 12) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join('');
  for (let i = 0; i < 25; i++) {
    const query = signInAlertQuery(accounts(`${name()}@contoso.onmicrosoft.com`, `${name()}@contoso.com`));
    const expected = analyseWithLibrary(query, ALL_TABLES);
    const analysis = analyseByShape(query, (template) => parseKql(template, ALL_TABLES));
    if (analysis) assert.deepEqual(analysis, expected, query);
    else assert.equal(expected.ok, false, `declined a query that analyses cleanly: ${query}`);
  }
});
