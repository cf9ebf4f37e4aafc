/**
 * The KQL interpreter: a query is parsed and analysed by Microsoft's language service against
 * the workspace's table schemas, refused with the service's error kinds when the analyzer
 * reports an error, compiled from the syntax tree (refusing anything not implemented), and run
 * over stored rows.
 *
 * Implemented: a table as the source; the operators in `operators.ts` (`where`, `project`,
 * `project-away`, `project-rename`, `extend`, `summarize … by`, `mv-expand`, `take`/`limit`,
 * `order by`/`sort by`, `top`, `count`, `distinct`); the scalar operators and functions in
 * `scalar.ts`, `functions.ts` and `aggregates.ts`. Everything else — `let`, `union`, `join`,
 * other operators, functions or parameters — is refused with an error naming it.
 */
import { analysisError, KqlError, unsupported } from './errors.js';
import { analyze, elementsOf, nodeChildren, sourceOf, type KqlNode } from './language.js';
import { compileOperator, type Frame } from './operators.js';
import type { CompileEnv, Runtime } from './scalar.js';
import { workspaceTables, type KqlColumn, type KqlTable } from './schemas.js';
import { fromStored, toResponse, type Row } from './values.js';

/** Where a run reads stored rows (JSON as kept in the tenant's `azure.logs`) by table name. */
export type RowSource = (table: string) => readonly Record<string, unknown>[];

/** Options of one run. */
export interface RunOptions {
  /** `now()` and `ago()` are relative to this. */
  readonly now: Date;
  /** Only rows whose `TimeGenerated` is in [start, end) are read (the query API's `timespan`, an alert's window). */
  readonly timeRange?: { readonly start: Date; readonly end: Date };
}

/** A query's result. */
export interface KqlResult {
  readonly columns: readonly KqlColumn[];
  readonly rows: readonly Row[];
}

/** A parsed, checked and compiled query, ready to run any number of times. */
export interface PreparedQuery {
  readonly text: string;
  /** The result schema. */
  readonly columns: readonly KqlColumn[];
  run(source: RowSource, options: RunOptions): KqlResult;
}

interface TabularRuntime extends Runtime {
  table(name: string): Frame;
}

type CompiledTabular = (rt: TabularRuntime) => Frame;

function compileTabular(node: KqlNode, env: CompileEnv): CompiledTabular {
  const parts = nodeChildren(node);
  switch (node.kind) {
    case 'NameReference':
      if (node.symbol?.kind === 'TableSymbol') {
        const name = node.symbol.name;
        return (rt) => rt.table(name);
      }
      break;
    case 'ParenthesizedExpression':
      return compileTabular(parts[0]!, env);
    case 'PipeExpression': {
      const left = compileTabular(parts[0]!, env);
      const operator = compileOperator(parts[1]!, env);
      return (rt) => operator(left(rt), rt);
    }
  }
  throw unsupported(
    env.query,
    node,
    node.columns ? `The tabular expression '${node.kind}'` : 'A query that does not start with a table',
  );
}

function statementOf(query: string, root: KqlNode): KqlNode {
  const lists = root.children.filter((c) => c.kind === 'List');
  const statements = lists.flatMap((l) => elementsOf(l));
  const [statement, ...rest] = statements;
  if (!statement) throw new KqlError('syntax', 'The query is empty.', 'SYN0002');
  if (statement.kind !== 'ExpressionStatement') {
    throw unsupported(
      query,
      statement,
      `The '${sourceOf(statement).split(' ')[0] ?? statement.kind}' statement`,
    );
  }
  if (rest.length > 0) throw unsupported(query, rest[0]!, 'A second statement');
  return statement;
}

function readTable(schema: KqlTable, stored: readonly Record<string, unknown>[], options: RunOptions): Frame {
  const rows: Row[] = [];
  const range = options.timeRange;
  const from = range?.start.getTime() ?? 0;
  const to = range?.end.getTime() ?? 0;
  for (const raw of stored) {
    if (range) {
      // Filter before converting the row: alert rules read the same table every few minutes.
      const at = Date.parse(String(raw['TimeGenerated'] ?? ''));
      if (!(at >= from && at < to)) continue;
    }
    const row: Row = {};
    for (const c of schema.columns) row[c.name] = fromStored(raw[c.name], c.type);
    rows.push(row);
  }
  return { columns: schema.columns, rows };
}

function prepare(query: string, tables: readonly KqlTable[]): PreparedQuery {
  const analyzed = analyze(query, tables);
  const refused = analysisError(analyzed);
  if (refused) throw refused;
  const statement = statementOf(query, analyzed.root);
  const expression = nodeChildren(statement)[0];
  if (!expression?.columns) {
    throw new KqlError(
      'semantic',
      "Top-level expressions must return tabular results. (Hint: If you're trying to output a scalar value, use the 'print' operator.)",
      'SEM0003',
    );
  }
  const env: CompileEnv = { query };
  const compiled = compileTabular(expression, env);
  const columns = expression.columns;
  const schemas = new Map(tables.map((t) => [t.name, t]));
  return {
    text: query,
    columns,
    run(source, options) {
      const frame = compiled({
        now: options.now,
        table: (name) => readTable(schemas.get(name)!, source(name), options),
      });
      return { columns, rows: frame.rows };
    },
  };
}

const cache = new Map<string, PreparedQuery | KqlError>();
const cacheLimit = 256;

/**
 * Parses, checks and compiles a query against `tables` (default: the workspace tables). Throws a
 * {@link KqlError} when the service would refuse it or the interpreter does not implement part
 * of it. Results are cached by text, so alert rules that run every few minutes parse once.
 */
export function prepareKql(query: string, tables: readonly KqlTable[] = workspaceTables): PreparedQuery {
  const key = `${tables.map((t) => t.name).join(',')}\n${query}`;
  let entry = cache.get(key);
  if (!entry) {
    try {
      entry = prepare(query, tables);
    } catch (error) {
      if (!(error instanceof KqlError)) throw error;
      entry = error;
    }
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  if (entry instanceof KqlError) throw entry;
  return entry;
}

/** Prepares and runs a query in one step. */
export function runKql(
  query: string,
  source: RowSource,
  options: RunOptions,
  tables?: readonly KqlTable[],
): KqlResult {
  return prepareKql(query, tables).run(source, options);
}

/** The Log Analytics query API's body for a result: one `PrimaryResult` table. */
export function queryResponseBody(result: KqlResult): {
  tables: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[];
} {
  return {
    tables: [
      {
        name: 'PrimaryResult',
        columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: result.rows.map((row) => result.columns.map((c) => toResponse(row[c.name], c.type))),
      },
    ],
  };
}
