/**
 * The aggregation functions `summarize` can use, as data: name → arity and a pure function of a
 * group's rows. Any other aggregate is refused.
 */
import type { Compiled, Runtime } from './scalar.js';
import { compareValues, groupKey, type KqlValue, type Row } from './values.js';

/** One aggregation function. */
export interface AggregateFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  compute(rows: readonly Row[], args: readonly Compiled[], runtime: Runtime): KqlValue;
}

const values = (rows: readonly Row[], arg: Compiled | undefined, rt: Runtime): KqlValue[] =>
  arg ? rows.map((r) => arg(r, rt)) : [];

const present = (list: KqlValue[]) => list.filter((v) => v !== null && v !== undefined);

function extreme(direction: 1 | -1) {
  return (rows: readonly Row[], [arg]: readonly Compiled[], rt: Runtime): KqlValue => {
    let best: KqlValue = null;
    for (const v of present(values(rows, arg, rt))) {
      if (best === null || (compareValues(v, best) ?? 0) * direction > 0) best = v;
    }
    return best;
  };
}

function distinct(list: KqlValue[]): KqlValue[] {
  const seen = new Map<string, KqlValue>();
  for (const v of list) seen.set(groupKey([v]), v);
  return [...seen.values()];
}

/** Every aggregate the interpreter knows, by lower-case name. */
export const aggregateFunctions: Readonly<Record<string, AggregateFunction>> = {
  count: { minArgs: 0, maxArgs: 0, compute: (rows) => rows.length },
  countif: {
    minArgs: 1,
    maxArgs: 1,
    compute: (rows, [predicate], rt) => rows.filter((r) => predicate?.(r, rt) === true).length,
  },
  dcount: {
    minArgs: 1,
    maxArgs: 2,
    compute: (rows, [arg], rt) => distinct(present(values(rows, arg, rt))).length,
  },
  sum: {
    minArgs: 1,
    maxArgs: 1,
    compute: (rows, [arg], rt) =>
      present(values(rows, arg, rt)).reduce<number>((total, v) => total + (typeof v === 'number' ? v : 0), 0),
  },
  avg: {
    minArgs: 1,
    maxArgs: 1,
    compute: (rows, [arg], rt) => {
      const numbers = present(values(rows, arg, rt)).filter((v): v is number => typeof v === 'number');
      return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    },
  },
  min: { minArgs: 1, maxArgs: 1, compute: extreme(-1) },
  max: { minArgs: 1, maxArgs: 1, compute: extreme(1) },
  make_list: {
    minArgs: 1,
    maxArgs: 2,
    compute: (rows, [arg], rt) => present(values(rows, arg, rt)) as KqlValue,
  },
  make_set: {
    minArgs: 1,
    maxArgs: 2,
    compute: (rows, [arg], rt) => distinct(present(values(rows, arg, rt))) as KqlValue,
  },
  take_any: {
    minArgs: 1,
    maxArgs: 1,
    compute: (rows, [arg], rt) => (rows[0] && arg ? arg(rows[0], rt) : null),
  },
};
