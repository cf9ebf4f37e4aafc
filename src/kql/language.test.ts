import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeQuery,
  globalsFor,
  kustoLanguage,
  type BridgedCode,
  type BridgedElement,
} from './language.js';
import { ALL_TABLES, SIGNIN_TABLES } from './schemas.js';

/** Everything the product reads from a parsed query: diagnostics, and the tree with its symbols and literals. */
function observable(code: BridgedCode): unknown {
  const diagnostics = [];
  const raw = code.GetDiagnostics();
  for (let i = 0; i < raw.Count; i++) {
    const d = raw.getItem(i);
    diagnostics.push([d.Severity, d.Code, d.Message, d.Start, d.Length]);
  }
  const tree = (element: BridgedElement): unknown[] => {
    const children: unknown[] = [];
    for (let i = 0; i < element.ChildCount; i++) {
      const child = element.GetChild(i);
      if (child) children.push(tree(child));
    }
    return [
      element.Kind,
      element.IsToken ? element.Text : null,
      element.IsToken ? null : (element.ReferencedSymbol?.Name ?? null),
      element.IsToken ? null : (element.LiteralValue ?? null),
      children,
    ];
  };
  return { diagnostics, tree: tree(code.Syntax) };
}

const queries = [
  'SigninLogs | where UserId in ("a", "b")',
  'SigninLogs\n| where UserId == "x" or UserPrincipalName =~ "y@contoso.com"\n| project TimeGenerated, UserId',
  'SigninLogs | project UserId | where UserPrincipalName == "a"',
  'SignInLogs | take 1',
  'SigninLogs | where',
  'SigninLogs \n| where UserId == "User-ID\u201C ',
  'let ids = dynamic(["a", "b"]);\nSigninLogs | where UserId in (ids) | summarize count() by bin(TimeGenerated, 5m)',
  'union SigninLogs, AADNonInteractiveUserSignInLogs | where tostring(LocationDetails.countryOrRegion) == "DE"',
  'AuditLogs | mv-expand Target = TargetResources | where tostring(Target.id) has_any ("a") | extend x = nosuchfunction(1)',
  '.show tables',
  '',
];

for (const [i, query] of queries.entries()) {
  test(`analyzeQuery gives what KustoCode.ParseAndAnalyze gives (${i}: ${JSON.stringify(query.slice(0, 40))})`, () => {
    for (const tables of [SIGNIN_TABLES, ALL_TABLES]) {
      const globals = globalsFor(tables);
      assert.deepEqual(
        observable(analyzeQuery(query, globals)),
        observable(kustoLanguage().KustoCode.ParseAndAnalyze(query, globals)),
      );
    }
  });
}
