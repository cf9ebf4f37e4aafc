/**
 * The scenarios' KQL, parsed by Microsoft's own Kusto language service against the columns the
 * queries use: the correct queries have no diagnostics; the guide's query does not parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { auditAlertQuery, guideAlertQuery, signInAlertQuery } from './alert-queries.js';

interface Diagnostic {
  Severity: string;
  Message: string;
}
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: null) => unknown };
    DatabaseSymbol: { $ctor2: new (name: string, alternate: null, members: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): { GetDiagnostics(): { Count: number; getItem(i: number): Diagnostic } };
  };
}

function loadKusto(): KustoLanguage {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  return (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
}

const kusto = loadKusto();
const globals = kusto.GlobalState.Default.WithDatabase(
  new kusto.Symbols.DatabaseSymbol.$ctor2('ws', null, [
    new kusto.Symbols.TableSymbol.$ctor7(
      'SigninLogs',
      '(TimeGenerated:datetime, UserId:string, UserPrincipalName:string, IPAddress:string, AppDisplayName:string, ResultType:string, ResultDescription:string, ConditionalAccessStatus:string)',
      null,
    ),
    new kusto.Symbols.TableSymbol.$ctor7(
      'AuditLogs',
      '(TimeGenerated:datetime, OperationName:string, Result:string, InitiatedBy:dynamic, TargetResources:dynamic)',
      null,
    ),
  ]),
);

function errors(query: string): string[] {
  const d = kusto.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) if (d.getItem(i).Severity === 'Error') out.push(d.getItem(i).Message);
  return out;
}

const accounts = [
  {
    id: '4ab0b690-479b-47ff-b3b4-ef0a6f5e1b53',
    userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
  },
  {
    id: '9a1e3c5d-0f2b-4c6d-8e7f-a1b2c3d4e5f6',
    userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
  },
];

test('the sign-in alert query parses and names every account by id and UPN', () => {
  const q = signInAlertQuery(accounts);
  assert.deepEqual(errors(q), []);
  for (const a of accounts)
    assert.ok(q.includes(`"${a.id}"`) && q.includes(`"${a.userPrincipalName.toLowerCase()}"`));
});

test('the audit alert query parses', () => {
  assert.deepEqual(errors(auditAlertQuery([accounts[0]!.id, 'group-id'])), []);
});

test('the guide’s query does not parse (typographic closing quote)', () => {
  const q = guideAlertQuery(accounts[0]!.id);
  assert.ok(q.endsWith('\u201C'));
  assert.ok(errors(q).length > 0);
});
