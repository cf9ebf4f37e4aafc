import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDiagnostics,
  InvalidKqlError,
  parseKql,
  referencedTables,
  requireValidKql,
  walkKql,
} from './parse.js';
import { AUDIT_LOGS, SIGNIN_LOGS, SIGNIN_TABLES } from './schemas.js';

test("the guide's query with a typographic closing quote is refused with the parser's message", () => {
  // Verbatim from the guide: the closing quote is U+201C, so the string literal never ends.
  const guide = 'SigninLogs \n| project UserId \n| where UserId == "User-ID\u201C ';
  const parsed = parseKql(guide, [SIGNIN_LOGS]);
  assert.equal(parsed.ok, false);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  assert.ok(error);
  assert.equal(error.message, 'Missing: "');
  assert.equal(error.line, 3);
  assert.deepEqual(formatDiagnostics([error]), [`3:${error.column} Missing: "`]);
});

const cases: { name: string; query: string; ok: boolean; message?: RegExp }[] = [
  { name: 'a correct in-list query', query: 'SigninLogs | where UserId in ("a", "b")', ok: true },
  {
    name: 'the 2026 Learn sample',
    query:
      'SigninLogs\n| where UserId == "x" or UserId == "y"\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress, ResultType, ResultDescription',
    ok: true,
  },
  {
    name: 'a column dropped by project',
    query: 'SigninLogs | project UserId | where UserPrincipalName == "a"',
    ok: false,
    message: /UserPrincipalName/,
  },
  { name: 'an unknown table', query: 'SignInLogs | take 1', ok: false, message: /SignInLogs/ },
  { name: 'an unknown column', query: 'SigninLogs | where UserID == "a"', ok: false, message: /UserID/ },
  { name: 'a dangling pipe', query: 'SigninLogs | where', ok: false },
  {
    name: 'dynamic columns',
    query: 'SigninLogs | where tostring(LocationDetails.countryOrRegion) == "DE" and ResultType == "0"',
    ok: true,
  },
];

for (const c of cases) {
  test(`parseKql: ${c.name}`, () => {
    const parsed = parseKql(c.query, SIGNIN_TABLES);
    assert.equal(parsed.ok, c.ok, JSON.stringify(parsed.diagnostics));
    if (c.message) assert.match(parsed.diagnostics.map((d) => d.message).join('\n'), c.message);
  });
}

test('AuditLogs parses only when its schema is declared', () => {
  const query = 'AuditLogs | mv-expand Target = TargetResources | where tostring(Target.id) == "a"';
  assert.equal(parseKql(query, [AUDIT_LOGS]).ok, true);
  assert.equal(parseKql(query, [SIGNIN_LOGS]).ok, false);
});

test('referencedTables lists the tables a query reads', () => {
  const parsed = parseKql(
    'union SigninLogs, AADNonInteractiveUserSignInLogs | where UserId == "a"',
    SIGNIN_TABLES,
  );
  assert.deepEqual(referencedTables(parsed), ['AADNonInteractiveUserSignInLogs', 'SigninLogs']);
});

test('requireValidKql refuses a bad query with a one-line, user-facing message', () => {
  assert.throws(
    () => requireValidKql('SigninLogs | where UserId == "x\u201C', [SIGNIN_LOGS], 'the sign-in alert query'),
    (error: unknown) =>
      error instanceof InvalidKqlError &&
      error.userFacing &&
      error.message.startsWith('the sign-in alert query is not valid KQL: 1:') &&
      error.message.includes('Missing: "') &&
      !error.message.includes('\n'),
  );
  assert.equal(requireValidKql('SigninLogs | take 1', [SIGNIN_LOGS]).ok, true);
});

test('literal values are plain data: the same after a JSON round trip', () => {
  const parsed = parseKql(
    'SigninLogs | where IsInteractive == true and DurationMs > 5000000000 and TimeGenerated > datetime(2026-01-02) and TimeGenerated > ago(1h) | extend ratio = 0.5, id = guid(00000000-0000-0000-0000-00000000000a), name = "bg"',
    SIGNIN_TABLES,
  );
  assert.equal(parsed.ok, true, JSON.stringify(parsed.diagnostics));
  const values = [...walkKql(parsed.root)]
    .filter((node) => node.value !== undefined)
    .map((node) => [node.kind, node.value]);
  assert.deepEqual(values, [
    ['BooleanLiteralExpression', true],
    ['LongLiteralExpression', 5000000000],
    ['DateTimeLiteralExpression', '2026-01-02T00:00:00.000Z'],
    ['TimespanLiteralExpression', 3_600_000],
    ['RealLiteralExpression', 0.5],
    ['GuidLiteralExpression', '00000000-0000-0000-0000-00000000000a'],
    ['StringLiteralExpression', 'bg'],
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(parsed)), parsed);
});
