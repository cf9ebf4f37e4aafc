/**
 * The tabular operators the interpreter implements, as an explicit registry keyed by the
 * language service's syntax kind. Each compiles its syntax node into a function from an input
 * table to an output table; the output's column names and types are the analyzer's, so results
 * carry exactly the schema the service would report. Operator parameters (`kind=`, `hint.…`) are
 * refused: none is implemented, and ignoring one could change the answer.
 */
import { aggregateFunctions } from './aggregates.js';
import { semantic, unsupported } from './errors.js';
import { elementsOf, nodeChildren, tokensOf, type KqlNode } from './language.js';
import { compileScalar, nameOf, type CompileEnv, type Compiled, type Runtime } from './scalar.js';
import type { KqlColumn } from './schemas.js';
import { compareValues, fromStored, groupKey, isBag, type KqlValue, type Row } from './values.js';

/** A table flowing through the pipeline. */
export interface Frame {
  readonly columns: readonly KqlColumn[];
  readonly rows: readonly Row[];
}

/** A compiled operator. */
export type CompiledOperator = (input: Frame, runtime: Runtime) => Frame;

type OperatorCompiler = (node: KqlNode, env: CompileEnv) => CompiledOperator;

/** The operator's name as written (`where`, `mv-expand`, `order` …), for messages. */
export function operatorName(node: KqlNode): string {
  return (tokensOf(node)[0]?.text ?? node.kind).toLowerCase();
}

/** The operator's parameter list (`kind=inner`, `hint.strategy=…`), which must be empty. */
function refuseParameters(node: KqlNode, env: CompileEnv): void {
  const params = node.children.find((c) => c.kind === 'List');
  if (params && nodeChildren(params).length > 0) {
    throw unsupported(env.query, params, `Parameters of the '${operatorName(node)}' operator`);
  }
}

/** The operator's item list (the List after the parameter list). */
function itemsOf(node: KqlNode): KqlNode[] {
  const lists = node.children.filter((c) => c.kind === 'List');
  const items = lists[lists.length - 1];
  return items ? elementsOf(items) : [];
}

function columnsOf(node: KqlNode, env: CompileEnv): readonly KqlColumn[] {
  if (!node.columns)
    throw semantic(env.query, node, `The '${operatorName(node)}' operator has no result schema.`);
  return node.columns;
}

/** A `name = expression` item, or an expression named by the analyzer. */
interface NamedItem {
  readonly name: string | undefined;
  readonly expression: KqlNode;
}

function namedItem(item: KqlNode, env: CompileEnv): NamedItem {
  if (item.kind === 'SimpleNamedExpression') {
    const [declaration, expression] = nodeChildren(item);
    if (!declaration || !expression || declaration.kind !== 'NameDeclaration') {
      throw unsupported(env.query, item, 'This form of naming');
    }
    return { name: nameOf(declaration), expression };
  }
  if (item.kind === 'CompoundNamedExpression')
    throw unsupported(env.query, item, 'Naming several columns at once');
  return {
    name: item.kind === 'NameReference' ? (item.symbol?.name ?? nameOf(item)) : undefined,
    expression: item,
  };
}

/** Keeps a row's columns in the output schema's order. */
function shape(row: Row, columns: readonly KqlColumn[]): Row {
  const out: Row = {};
  for (const c of columns) out[c.name] = row[c.name] ?? null;
  return out;
}

/** The numeric argument of `take`, `top`, `mv-expand … limit`. */
function countArgument(node: KqlNode, env: CompileEnv): (rt: Runtime) => number {
  const value = compileScalar(node, env);
  return (rt) => {
    const n = value({}, rt);
    if (typeof n !== 'number' || n < 0) throw semantic(env.query, node, 'Expected a non-negative number.');
    return Math.floor(n);
  };
}

/** Every token's text under a node, lower-cased. */
function tokenTexts(node: KqlNode): string[] {
  return node.text !== undefined ? [node.text.toLowerCase()] : node.children.flatMap(tokenTexts);
}

interface SortKey {
  readonly value: Compiled;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

function sortKey(item: KqlNode, env: CompileEnv, defaultDescending: boolean): SortKey {
  if (item.kind !== 'OrderedExpression') {
    return { value: compileScalar(item, env), descending: defaultDescending, nullsFirst: !defaultDescending };
  }
  const [expression, ordering] = nodeChildren(item);
  const words = new Set(ordering ? tokenTexts(ordering) : []);
  const descending = words.has('asc') ? false : words.has('desc') ? true : defaultDescending;
  const nullsFirst = words.has('first') ? true : words.has('last') ? false : !descending;
  return { value: compileScalar(expression!, env), descending, nullsFirst };
}

function sorter(keys: readonly SortKey[], rt: Runtime): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key.value(a, rt);
      const y = key.value(b, rt);
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return (xNull ? -1 : 1) * (key.nullsFirst ? 1 : -1);
      }
      const c = compareValues(x, y) ?? 0;
      if (c !== 0) return key.descending ? -c : c;
    }
    return 0;
  };
}

/** Expands one row by parallel arrays (mv-expand): nulls give one row, empty arrays none. */
function expandRow(
  row: Row,
  expansions: readonly { name: string; value: Compiled; cast?: KqlColumn['type'] }[],
  limit: number,
  rt: Runtime,
): Row[] {
  const lists = expansions.map((e) => {
    const v = e.value(row, rt);
    if (v === null || v === undefined) return [null];
    if (Array.isArray(v)) return v as KqlValue[];
    // A property bag expands to one single-property bag per property (kind=bag, the default).
    if (isBag(v)) return Object.entries(v).map(([k, x]) => ({ [k]: x }) as KqlValue);
    return [v];
  });
  const count = Math.min(limit, Math.max(...lists.map((l) => l.length)));
  const out: Row[] = [];
  for (let i = 0; i < count; i++) {
    const next: Row = { ...row };
    expansions.forEach((e, j) => {
      const item = lists[j]?.[i] ?? null;
      next[e.name] = e.cast ? fromStored(item, e.cast) : item;
    });
    out.push(next);
  }
  return out;
}

const compilers: Readonly<Record<string, OperatorCompiler>> = {
  FilterOperator(node, env) {
    refuseParameters(node, env);
    const predicate = compileScalar(
      nodeChildren(node)
        .filter((c) => c.kind !== 'List')
        .pop()!,
      env,
    );
    return (input, rt) => ({
      columns: input.columns,
      rows: input.rows.filter((r) => predicate(r, rt) === true),
    });
  },

  TakeOperator(node, env) {
    refuseParameters(node, env);
    const count = countArgument(
      nodeChildren(node)
        .filter((c) => c.kind !== 'List')
        .pop()!,
      env,
    );
    return (input, rt) => ({ columns: input.columns, rows: input.rows.slice(0, count(rt)) });
  },

  ProjectOperator(node, env) {
    const columns = columnsOf(node, env);
    const items = itemsOf(node).map((item) => namedItem(item, env));
    if (items.length !== columns.length)
      throw unsupported(env.query, node, 'This projection (wildcards or tuples)');
    const compiled = items.map((item, i) => ({
      name: columns[i]!.name,
      value: compileScalar(item.expression, env),
    }));
    return (input, rt) => ({
      columns,
      rows: input.rows.map((row) => {
        const out: Row = {};
        for (const c of compiled) out[c.name] = c.value(row, rt);
        return out;
      }),
    });
  },

  ProjectAwayOperator(node, env) {
    const columns = columnsOf(node, env);
    return (input) => ({ columns, rows: input.rows.map((r) => shape(r, columns)) });
  },

  ProjectRenameOperator(node, env) {
    const columns = columnsOf(node, env);
    const renames = itemsOf(node).map((item) => {
      const named = namedItem(item, env);
      if (!named.name || named.expression.kind !== 'NameReference')
        throw unsupported(env.query, item, 'This rename');
      return { to: named.name, from: named.expression.symbol?.name ?? nameOf(named.expression) };
    });
    return (input) => ({
      columns,
      rows: input.rows.map((row) => {
        const next: Row = { ...row };
        for (const r of renames) {
          next[r.to] = row[r.from] ?? null;
          if (r.from !== r.to) delete next[r.from];
        }
        return shape(next, columns);
      }),
    });
  },

  ExtendOperator(node, env) {
    const columns = columnsOf(node, env);
    const items = itemsOf(node).map((item) => namedItem(item, env));
    const values = items.map((item) => compileScalar(item.expression, env));
    const explicit = new Set(items.flatMap((i) => (i.name ? [i.name] : [])));
    return (input, rt) => {
      // Unnamed expressions get the names the analyzer gave the new columns, in order.
      const known = new Set(input.columns.map((c) => c.name));
      const generated = columns.map((c) => c.name).filter((n) => !known.has(n) && !explicit.has(n));
      const compiled = items.map((item, i) => ({
        name: item.name ?? generated.shift() ?? '',
        value: values[i]!,
      }));
      return {
        columns,
        rows: input.rows.map((row) => {
          const next: Row = { ...row };
          for (const c of compiled) next[c.name] = c.value(next, rt);
          return shape(next, columns);
        }),
      };
    };
  },

  SummarizeOperator(node, env) {
    refuseParameters(node, env);
    const columns = columnsOf(node, env);
    const lists = node.children.filter((c) => c.kind === 'List');
    const aggregates = (lists[1] ? elementsOf(lists[1]) : []).map((item) => {
      const { expression } = namedItem(item, env);
      if (expression.kind !== 'FunctionCallExpression') {
        throw unsupported(env.query, expression, 'An expression over aggregates in summarize');
      }
      const [callee, argList] = nodeChildren(expression);
      const name = (callee?.symbol?.name ?? '').toLowerCase();
      const fn = aggregateFunctions[name];
      if (!fn) throw unsupported(env.query, expression, `The aggregation function '${name}()'`);
      const args = argList ? elementsOf(argList).map((a) => compileScalar(a, env)) : [];
      if (args.length < fn.minArgs || args.length > fn.maxArgs) {
        throw semantic(
          env.query,
          expression,
          `The aggregation function '${name}' got ${args.length} argument(s).`,
        );
      }
      return { fn, args };
    });
    const byClause = node.children.find((c) => c.kind === 'SummarizeByClause');
    const keys = (byClause ? itemsOf(byClause) : []).map((item) =>
      compileScalar(namedItem(item, env).expression, env),
    );
    if (keys.length + aggregates.length !== columns.length)
      throw unsupported(env.query, node, 'This form of summarize');
    return (input, rt) => {
      const groups = new Map<string, { key: KqlValue[]; rows: Row[] }>();
      for (const row of input.rows) {
        const key = keys.map((k) => k(row, rt));
        const id = groupKey(key);
        const group = groups.get(id) ?? { key, rows: [] };
        group.rows.push(row);
        groups.set(id, group);
      }
      // Without `by`, an empty input still gives one row (count() = 0).
      if (keys.length === 0 && groups.size === 0) groups.set('', { key: [], rows: [] });
      const rows = [...groups.values()].map((group) => {
        const out: Row = {};
        group.key.forEach((v, i) => (out[columns[i]!.name] = v));
        aggregates.forEach(
          (a, i) => (out[columns[keys.length + i]!.name] = a.fn.compute(group.rows, a.args, rt)),
        );
        return out;
      });
      return { columns, rows };
    };
  },

  MvExpandOperator(node, env) {
    refuseParameters(node, env);
    const columns = columnsOf(node, env);
    const limitClause = node.children.find((c) => c.kind === 'MvExpandRowLimitClause');
    const limit = limitClause
      ? countArgument(nodeChildren(limitClause)[0]!, env)
      : () => Number.MAX_SAFE_INTEGER;
    const expansions = itemsOf(node).map((item) => {
      const [inner, toType] = item.kind === 'MvExpandExpression' ? nodeChildren(item) : [item];
      const named = namedItem(inner!, env);
      if (!named.name) throw unsupported(env.query, item, 'mv-expand of an unnamed expression');
      const castName = toType ? nameOf(nodeChildren(toType)[0]!).replace(/^typeof\(|\)$/g, '') : undefined;
      const cast = castName ? columns.find((c) => c.name === named.name)?.type : undefined;
      return { name: named.name, value: compileScalar(named.expression, env), ...(cast ? { cast } : {}) };
    });
    return (input, rt) => {
      const max = limit(rt);
      return {
        columns,
        rows: input.rows.flatMap((row) => expandRow(row, expansions, max, rt).map((r) => shape(r, columns))),
      };
    };
  },

  SortOperator(node, env) {
    refuseParameters(node, env);
    const keys = itemsOf(node).map((item) => sortKey(item, env, true));
    return (input, rt) => ({ columns: input.columns, rows: [...input.rows].sort(sorter(keys, rt)) });
  },

  TopOperator(node, env) {
    refuseParameters(node, env);
    const parts = nodeChildren(node).filter((c) => c.kind !== 'List');
    const [countNode, byNode] = parts;
    if (!countNode || !byNode) throw unsupported(env.query, node, 'This form of top');
    const count = countArgument(countNode, env);
    const key = sortKey(byNode, env, true);
    return (input, rt) => ({
      columns: input.columns,
      rows: [...input.rows].sort(sorter([key], rt)).slice(0, count(rt)),
    });
  },

  CountOperator(node, env) {
    refuseParameters(node, env);
    const columns = columnsOf(node, env);
    const name = columns[0]?.name ?? 'Count';
    return (input) => ({ columns, rows: [{ [name]: input.rows.length }] });
  },

  DistinctOperator(node, env) {
    refuseParameters(node, env);
    const columns = columnsOf(node, env);
    return (input) => {
      const seen = new Map<string, Row>();
      for (const row of input.rows) {
        const shaped = shape(row, columns);
        const id = groupKey(columns.map((c) => shaped[c.name]));
        if (!seen.has(id)) seen.set(id, shaped);
      }
      return { columns, rows: [...seen.values()] };
    };
  },
};

/** Compiles a query operator (the right side of a `|`); throws for unimplemented ones. */
export function compileOperator(node: KqlNode, env: CompileEnv): CompiledOperator {
  const compiler = compilers[node.kind];
  if (!compiler) throw unsupported(env.query, node, `The '${operatorName(node)}' operator`);
  return compiler(node, env);
}

/** Names of the operators implemented (for documentation and tests). */
export const implementedOperators: readonly string[] = Object.keys(compilers);
