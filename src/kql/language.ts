/**
 * Loads Microsoft's Kusto language service (`@kusto/language-service-next`) once, on first use.
 * The library is a ~16 MB Bridge.NET script that installs globals, so importing it eagerly would
 * cost every CLI start-up most of a second; only code that parses KQL pays for it.
 */
import { createRequire } from 'node:module';
import type { KqlTableSchema } from './schemas.js';

/** The few members of the bridged .NET objects this module touches (the library has no ESM types). */
export interface BridgedList<T> {
  Count: number;
  getItem(index: number): T;
}

export interface BridgedDiagnostic {
  Severity: string | null;
  Code: string | null;
  Message: string | null;
  Start: number;
  Length: number;
}

export interface BridgedSymbol {
  Name: string | null;
  constructor: { $$name?: string };
}

export interface BridgedElement {
  Kind: number;
  IsToken: boolean;
  Text?: string | null;
  ChildCount: number;
  GetChild(index: number): BridgedElement | null;
  ReferencedSymbol?: BridgedSymbol | null;
  LiteralValue?: unknown;
}

export interface BridgedCode {
  Syntax: BridgedElement;
  GetDiagnostics(): BridgedList<BridgedDiagnostic>;
}

interface KustoLanguageNamespace {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: {
      $ctor2: new (name: string, alternateName: string | null, members: unknown[]) => unknown;
    };
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): BridgedCode };
  Syntax: { SyntaxKind: Record<string, number> };
}

let language: KustoLanguageNamespace | undefined;
let kindNames: Map<number, string> | undefined;
const globalsByTables = new Map<string, unknown>();

/** The `Kusto.Language` namespace, loading the library on first call. */
export function kustoLanguage(): KustoLanguageNamespace {
  if (!language) {
    const require = createRequire(import.meta.url);
    // bridge.js defines the .NET runtime shim (`Bridge`, `System`) the language service runs on.
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    const kusto = (globalThis as { Kusto?: { Language?: KustoLanguageNamespace } }).Kusto?.Language;
    if (!kusto) throw new Error('@kusto/language-service-next did not define Kusto.Language');
    language = kusto;
  }
  return language;
}

/** Name of a syntax kind number (`EqualExpression`, `FilterOperator`, …). */
export function syntaxKindName(kind: number): string {
  if (!kindNames) {
    kindNames = new Map(
      Object.entries(kustoLanguage().Syntax.SyntaxKind).map(([name, value]) => [value, name]),
    );
  }
  return kindNames.get(kind) ?? `Kind${kind}`;
}

/** The analysis globals (one database holding `tables`), built once per set of tables. */
export function globalsFor(tables: readonly KqlTableSchema[]): unknown {
  const key = tables
    .map((table) => table.name)
    .sort()
    .join(',');
  let globals = globalsByTables.get(key);
  if (!globals) {
    const kusto = kustoLanguage();
    const symbols = tables.map(
      (table) =>
        new kusto.Symbols.TableSymbol.$ctor7(
          table.name,
          `(${table.columns.map((column) => `['${column.name}']:${column.type}`).join(', ')})`,
          null,
        ),
    );
    const database = new kusto.Symbols.DatabaseSymbol.$ctor2('breakglass', null, symbols);
    globals = kusto.GlobalState.Default.WithDatabase(database);
    globalsByTables.set(key, globals);
  }
  return globals;
}
