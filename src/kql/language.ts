/**
 * Loads Microsoft's Kusto language service (`@kusto/language-service-next`) once, on first use.
 * The library is a ~16 MB Bridge.NET script that installs globals, so importing it eagerly would
 * cost every CLI start-up most of a second; only code that parses KQL pays for it.
 */
import { cacheDirectory } from '../cache-directory.js';
import { runCommonJsWithCodeCache, type CachedScript } from './code-cache.js';
import type { KqlTableSchema, KqlType } from './schemas.js';

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

/** `GlobalState` and its `ParseOptions`, as far as `analyzeQuery` needs them. */
interface BridgedGlobals {
  ParseOptions: { WithAlwaysProduceEndTokens(value: boolean): unknown };
  WithParseOptions(options: unknown): BridgedGlobals;
}

/**
 * Members of the library that `KustoCode.ParseAndAnalyze` itself uses (not part of the typed
 * surface), all optional: `analyzeQuery` checks they are there before relying on them.
 */
interface KustoInternals {
  KustoCode: {
    new (
      text: string,
      kind: string,
      globals: unknown,
      grammar: null,
      tree: unknown,
      analysisState: unknown,
      resultType: unknown,
      tokens: unknown,
      tokenStarts: unknown,
      localCache: unknown,
    ): BridgedCode;
    GetKind?(text: string): string;
    GetTokenStarts?(tokens: unknown): unknown;
    DetermineResultType?(syntax: unknown): unknown;
    AnalysisState?: { Performed: unknown; NotSafe: unknown };
  };
  Editor?: { CodeKinds?: { Command: string } };
  Parsing?: {
    TokenParser?: { ParseTokens?(text: string, options: unknown): unknown };
    QueryParser?: { ParseQuery?(tokens: unknown, start: number, options: unknown): unknown };
  };
  Syntax: { SyntaxTree?: new (root: unknown) => unknown };
  Binding?: {
    LocalBindingCache?: new () => unknown;
    Binder?: {
      TryBind?(
        tree: unknown,
        globals: unknown,
        cache: unknown,
        semantics: null,
        cancellation: unknown,
      ): boolean;
    };
  };
  Utils?: { CancellationToken?: new () => unknown };
}

interface KustoLanguageNamespace {
  Symbols: {
    TableSymbol: { $ctor6: new (name: string, columns: unknown[], description: string | null) => unknown };
    ColumnSymbol: new (
      name: string,
      type: unknown,
      description: string | null,
      originalColumns: null,
      source: null,
      examples: null,
    ) => unknown;
    ScalarTypes: Record<string, unknown>;
    DatabaseSymbol: {
      $ctor2: new (name: string, alternateName: string | null, members: unknown[]) => unknown;
    };
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): BridgedCode };
  Syntax: { SyntaxKind: Record<string, number> };
}

let language: KustoLanguageNamespace | undefined;
let scripts: CachedScript[] = [];
let kindNames: Map<number, string> | undefined;
const globalsByTables = new Map<string, unknown>();

/** The `Kusto.Language` namespace, loading the library on first call. */
export function kustoLanguage(): KustoLanguageNamespace {
  if (!language) {
    const cacheDir = cacheDirectory();
    // bridge.js defines the .NET runtime shim (`Bridge`, `System`) the language service runs on.
    // The package's minified builds of both: the same code, a quarter of the text to compile
    // (about 150 ms less of every audit that reads KQL); V8's code cache takes off most of the rest.
    scripts = [
      '@kusto/language-service-next/bridge.min.js',
      '@kusto/language-service-next/Kusto.Language.Bridge.min.js',
    ].map((specifier) => runCommonJsWithCodeCache(specifier, import.meta.url, cacheDir).script);
    const kusto = (globalThis as { Kusto?: { Language?: KustoLanguageNamespace } }).Kusto?.Language;
    if (!kusto) throw new Error('@kusto/language-service-next did not define Kusto.Language');
    language = kusto;
  }
  return language;
}

/**
 * Saves the library's compiled code for the next process. Called once a query has been analysed,
 * so the parser and binder functions V8 compiles lazily are in the cache too.
 */
function saveCompiledCode(): void {
  for (const script of scripts) script.save();
  scripts = [];
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

/** The library's names of the scalar types (`ScalarTypes.DateTime`, …) for a schema's type names. */
const SCALAR_TYPE_MEMBERS: Record<KqlType, string> = {
  string: 'String',
  datetime: 'DateTime',
  bool: 'Bool',
  long: 'Long',
  int: 'Int',
  real: 'Real',
  dynamic: 'Dynamic',
  guid: 'Guid',
  timespan: 'TimeSpan',
};

function scalarType(kusto: KustoLanguageNamespace, type: KqlType): unknown {
  const symbol = kusto.Symbols.ScalarTypes[SCALAR_TYPE_MEMBERS[type]];
  if (!symbol)
    throw new Error(`@kusto/language-service-next has no ScalarTypes.${SCALAR_TYPE_MEMBERS[type]}`);
  return symbol;
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
    // Column symbols built directly: the schema-string constructor would parse `(name:type, …)`
    // with the language's own parser, a tenth of a second of a cold audit for the same symbols.
    const symbols = tables.map(
      (table) =>
        new kusto.Symbols.TableSymbol.$ctor6(
          table.name,
          table.columns.map(
            (column) =>
              new kusto.Symbols.ColumnSymbol(
                column.name,
                scalarType(kusto, column.type),
                null,
                null,
                null,
                null,
              ),
          ),
          null,
        ),
    );
    const database = new kusto.Symbols.DatabaseSymbol.$ctor2('breakglass', null, symbols);
    globals = kusto.GlobalState.Default.WithDatabase(database);
    globalsByTables.set(key, globals);
  }
  return globals;
}

/** One lexical token: the trivia (whitespace, comments) before it, and its text. */
export interface KqlToken {
  kind: string;
  trivia: string;
  text: string;
  /** The lexer found something wrong with it (an unterminated string, a stray character). */
  flawed: boolean;
}

/**
 * The query's tokens, by the library's own lexer (`TokenParser.ParseTokens`); undefined when this
 * version of the library does not expose it. Trivia and text of all tokens spell the query exactly.
 */
export function tokenizeKql(text: string): KqlToken[] | undefined {
  const kusto = kustoLanguage();
  const tokenParser = (kusto as unknown as KustoInternals).Parsing?.TokenParser;
  if (!tokenParser?.ParseTokens) return undefined;
  const tokens = tokenParser.ParseTokens(text, null) as
    { Kind: number; Trivia: string | null; Text: string | null; Diagnostics: unknown[] | null }[] | null;
  if (!Array.isArray(tokens)) return undefined;
  return tokens.map((token) => ({
    kind: syntaxKindName(token.Kind),
    trivia: token.Trivia ?? '',
    text: token.Text ?? '',
    flawed: (token.Diagnostics?.length ?? 0) > 0,
  }));
}

/** The value of a string literal as written (`"a\"b"`, `@'c''d'`, `h"…"`), decoded by the library. */
export function stringLiteralValue(literal: string): string | undefined {
  const facts = (
    kustoLanguage() as unknown as { KustoFacts?: { GetStringLiteralValue?(text: string): string | null } }
  ).KustoFacts;
  return facts?.GetStringLiteralValue?.(literal) ?? undefined;
}

/**
 * `KustoCode.ParseAndAnalyze(text, globals)` without the completion grammar.
 *
 * Why: `ParseAndAnalyze` parses queries with the library's hand-written `QueryParser`, but first
 * builds `QueryGrammar` — a parser-combinator grammar that only the editor features (completion)
 * and pathologically deep queries use. Building it is a one-time cost of 1.5–2 s of CPU, most of
 * what an offline audit spent "parsing" its alert queries. This runs the same steps as the
 * library's `KustoCode.Create` (tokens, `QueryParser`, binding) and hands the grammar as null; the
 * diagnostics and the tree are the library's own (`analyze.test.ts` compares them with
 * `ParseAndAnalyze`). A query too deep for the `QueryParser` still gets the grammar, built by the
 * parser itself. Control commands (`.show …`), or a library version without these members, take
 * the public path.
 */
export function analyzeQuery(text: string, globals: unknown): BridgedCode {
  const kusto = kustoLanguage();
  const internals = kusto as unknown as KustoInternals;
  const code = internals.KustoCode;
  const tokenParser = internals.Parsing?.TokenParser;
  const queryParser = internals.Parsing?.QueryParser;
  const binder = internals.Binding?.Binder;
  const LocalBindingCache = internals.Binding?.LocalBindingCache;
  const CancellationToken = internals.Utils?.CancellationToken;
  const SyntaxTree = internals.Syntax.SyntaxTree;
  const states = code.AnalysisState;
  const commandKind = internals.Editor?.CodeKinds?.Command;
  if (
    !code.GetKind ||
    !code.GetTokenStarts ||
    !code.DetermineResultType ||
    !states ||
    !tokenParser?.ParseTokens ||
    !queryParser?.ParseQuery ||
    !binder?.TryBind ||
    !LocalBindingCache ||
    !CancellationToken ||
    !SyntaxTree ||
    commandKind === undefined
  ) {
    return kusto.KustoCode.ParseAndAnalyze(text, globals);
  }
  const kind = code.GetKind(text);
  if (kind === commandKind) {
    return kusto.KustoCode.ParseAndAnalyze(text, globals);
  }
  // The same option ParseAndAnalyze sets before parsing.
  const base = globals as BridgedGlobals;
  const withEndTokens = base.WithParseOptions(base.ParseOptions.WithAlwaysProduceEndTokens(true));
  const options = (withEndTokens as unknown as { ParseOptions: unknown }).ParseOptions;
  const tokens = tokenParser.ParseTokens(text, options);
  const starts = code.GetTokenStarts(tokens);
  const syntax = queryParser.ParseQuery(tokens, 0, options);
  const tree = new SyntaxTree(syntax);
  const cache = new LocalBindingCache();
  const bound = binder.TryBind(tree, withEndTokens, cache, null, new CancellationToken());
  saveCompiledCode();
  return new code(
    text,
    kind,
    withEndTokens,
    null,
    tree,
    bound ? states.Performed : states.NotSafe,
    bound ? code.DetermineResultType(syntax) : null,
    tokens,
    starts,
    cache,
  );
}
