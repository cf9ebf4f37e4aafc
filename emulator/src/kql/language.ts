/**
 * Parsing and semantic analysis with Microsoft's Kusto language service
 * (`@kusto/language-service-next`), turned into plain data the interpreter walks: syntax nodes
 * with their kind, token text, decoded literal, the analyzer's result type (scalar type name, or
 * the columns of a tabular result) and the symbol a name refers to. The library is a large
 * Bridge.NET script that installs globals, so it is loaded on first use only.
 */
import { createRequire } from 'node:module';
import type { KqlColumn, KqlScalarType, KqlTable } from './schemas.js';

/** A syntax node or token, copied out of the language service's tree. */
export interface KqlNode {
  /** The `SyntaxKind` name: `FilterOperator`, `EqualExpression`, `StringLiteralToken` … */
  readonly kind: string;
  /** Tokens: the text as written. */
  readonly text?: string;
  /** Offset of the node's first character in the query (trivia excluded). */
  readonly offset: number;
  /** Literal expressions: the decoded value (see {@link decodeLiteral}). */
  readonly value?: unknown;
  /** Scalar expressions: the analyzer's type (`string`, `long`, `datetime`, `dynamic` …). */
  readonly type?: KqlScalarType | 'null' | 'unknown';
  /** Tabular expressions and query operators: the columns of the result. */
  readonly columns?: readonly KqlColumn[];
  /** Names: what the analyzer resolved them to (`ColumnSymbol`, `TableSymbol`, `FunctionSymbol` …). */
  readonly symbol?: { readonly name: string; readonly kind: string };
  readonly children: readonly KqlNode[];
}

/** A diagnostic of the analyzer. */
export interface KqlDiagnostic {
  readonly severity: 'error' | 'warning' | 'suggestion';
  /** `KS001` … */
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  /** True when the parser reported it (the text does not parse), false for the binder's (semantic) ones. */
  readonly syntax: boolean;
}

/** A parsed and analysed query. */
export interface AnalyzedQuery {
  readonly text: string;
  readonly diagnostics: readonly KqlDiagnostic[];
  readonly root: KqlNode;
}

interface BridgedList<T> {
  Count: number;
  getItem(index: number): T;
}

interface BridgedSymbol {
  Name: string | null;
  constructor: { $$name?: string };
  Columns?: BridgedList<{ Name: string; Type: { Name: string } }>;
}

interface BridgedElement {
  Kind: number;
  IsToken: boolean;
  Text?: string | null;
  TextStart: number;
  ChildCount: number;
  GetChild(index: number): BridgedElement | null;
  ReferencedSymbol?: BridgedSymbol | null;
  ResultType?: BridgedSymbol | null;
  LiteralValue?: unknown;
}

interface BridgedDiagnostic {
  Severity: string | null;
  Code: string | null;
  Message: string | null;
  Start: number;
  Length: number;
}

interface KustoNamespace {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: {
      $ctor2: new (name: string, alternateName: string | null, members: unknown[]) => unknown;
    };
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      Syntax: BridgedElement;
      GetDiagnostics(): BridgedList<BridgedDiagnostic>;
      GetSyntaxDiagnostics(): BridgedList<BridgedDiagnostic>;
    };
  };
  Syntax: { SyntaxKind: Record<string, number> };
}

let kusto: KustoNamespace | undefined;
let kindNames: Map<number, string> | undefined;
const globalsByTables = new Map<string, unknown>();

function language(): KustoNamespace {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    // bridge.js defines the .NET runtime shim (`Bridge`, `System`) the language service runs on.
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    const loaded = (globalThis as { Kusto?: { Language?: KustoNamespace } }).Kusto?.Language;
    if (!loaded) throw new Error('@kusto/language-service-next did not define Kusto.Language');
    kusto = loaded;
    kindNames = new Map(Object.entries(loaded.Syntax.SyntaxKind).map(([name, value]) => [value, name]));
  }
  return kusto;
}

function globalsFor(tables: readonly KqlTable[]): unknown {
  const key = tables.map((t) => t.name).join(',');
  let globals = globalsByTables.get(key);
  if (!globals) {
    const k = language();
    const symbols = tables.map(
      (t) =>
        new k.Symbols.TableSymbol.$ctor7(
          t.name,
          `(${t.columns.map((c) => `['${c.name}']:${c.type}`).join(', ')})`,
          null,
        ),
    );
    globals = k.GlobalState.Default.WithDatabase(
      new k.Symbols.DatabaseSymbol.$ctor2('emulator', null, symbols),
    );
    globalsByTables.set(key, globals);
  }
  return globals;
}

const shortName = (symbol: BridgedSymbol) => {
  const full = symbol.constructor.$$name ?? '';
  return full.slice(full.lastIndexOf('.') + 1);
};

function scalarTypeName(name: string): KqlNode['type'] {
  const lower = name.toLowerCase();
  // The analyzer refines `dynamic` (dynamic(bool), dynamic(long) …); values are dynamic either way.
  if (lower.startsWith('dynamic')) return 'dynamic';
  return lower as KqlNode['type'];
}

function columnsOf(symbol: BridgedSymbol): KqlColumn[] {
  const out: KqlColumn[] = [];
  const list = symbol.Columns;
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const c = list.getItem(i);
    out.push({ name: c.Name, type: (scalarTypeName(c.Type.Name) ?? 'dynamic') as KqlScalarType });
  }
  return out;
}

/**
 * The value of a literal as the interpreter uses it: strings and booleans as is, numbers as
 * numbers, `datetime` as a Date, `timespan` as `{ timespanMs }`, typed nulls as null.
 */
function decodeLiteral(kind: string, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object') return raw;
  const bridged = raw as { v?: unknown; ticks?: unknown; constructor: { $$name?: string } };
  switch (kind) {
    case 'TimespanLiteralExpression':
      // .NET ticks are 100 ns.
      return { timespanMs: Number(String(bridged.ticks)) / 10_000 };
    case 'LongLiteralExpression':
    case 'GuidLiteralExpression':
      return kind === 'GuidLiteralExpression' ? String(raw) : Number(String(raw));
    default:
      return 'v' in bridged ? bridged.v : String(raw);
  }
}

function copy(element: BridgedElement): KqlNode {
  const kind = kindNames?.get(element.Kind) ?? `Kind${element.Kind}`;
  if (element.IsToken) return { kind, text: element.Text ?? '', offset: element.TextStart, children: [] };
  const node: {
    kind: string;
    offset: number;
    value?: unknown;
    type?: KqlNode['type'];
    columns?: KqlColumn[];
    symbol?: { name: string; kind: string };
    children: KqlNode[];
  } = { kind, offset: element.TextStart, children: [] };
  const symbol = element.ReferencedSymbol;
  if (symbol?.Name) node.symbol = { name: symbol.Name, kind: shortName(symbol) };
  const result = element.ResultType;
  if (result) {
    if (shortName(result) === 'TableSymbol') node.columns = columnsOf(result);
    else if (result.Name) node.type = scalarTypeName(result.Name);
  }
  if (kind.endsWith('LiteralExpression')) node.value = decodeLiteral(kind, element.LiteralValue);
  for (let i = 0; i < element.ChildCount; i++) {
    const child = element.GetChild(i);
    if (child) node.children.push(copy(child));
  }
  return node;
}

function severity(raw: string | null): KqlDiagnostic['severity'] {
  const s = (raw ?? '').toLowerCase();
  return s === 'warning' ? 'warning' : s === 'suggestion' || s === 'information' ? 'suggestion' : 'error';
}

const diagnosticKey = (d: BridgedDiagnostic) => `${d.Code ?? ''}@${d.Start}+${d.Length}:${d.Message ?? ''}`;

/** Parses and analyses `text` against `tables`. Never throws for a bad query: see `diagnostics`. */
export function analyze(text: string, tables: readonly KqlTable[]): AnalyzedQuery {
  const code = language().KustoCode.ParseAndAnalyze(text, globalsFor(tables));
  const raw = code.GetDiagnostics();
  // The parser's diagnostics are a subset of all of them; which is which decides SyntaxError vs
  // SemanticError (the code number does not: `KS176 Query operator expected` is the parser's).
  const fromParser = code.GetSyntaxDiagnostics();
  const parserKeys = new Set<string>();
  for (let i = 0; i < fromParser.Count; i++) parserKeys.add(diagnosticKey(fromParser.getItem(i)));
  const diagnostics: KqlDiagnostic[] = [];
  for (let i = 0; i < raw.Count; i++) {
    const d = raw.getItem(i);
    diagnostics.push({
      severity: severity(d.Severity),
      code: d.Code ?? '',
      message: d.Message ?? '',
      offset: d.Start,
      length: d.Length,
      syntax: parserKeys.has(diagnosticKey(d)),
    });
  }
  return { text, diagnostics, root: copy(code.Syntax) };
}

/** One-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** The expressions of a list-like node (`ExpressionList`, `List` of `SeparatedElement`s). */
export function elementsOf(node: KqlNode): KqlNode[] {
  if (node.kind === 'List') {
    return node.children
      .map((child) => (child.kind === 'SeparatedElement' ? child.children[0] : child))
      .filter((n): n is KqlNode => n !== undefined && !n.kind.endsWith('Token'));
  }
  const list = node.children.find((child) => child.kind === 'List');
  return list ? elementsOf(list) : [];
}

/** The non-token children of a node. */
export function nodeChildren(node: KqlNode): KqlNode[] {
  return node.children.filter((c) => c.text === undefined);
}

/** The token children of a node. */
export function tokensOf(node: KqlNode): KqlNode[] {
  return node.children.filter((c) => c.text !== undefined);
}

/** The source text of a node (for messages), reconstructed from its tokens. */
export function sourceOf(node: KqlNode): string {
  if (node.text !== undefined) return node.text;
  return node.children
    .map(sourceOf)
    .filter((s) => s !== '')
    .join(' ');
}
