/**
 * One figure of a benchmark run, as `bench/results.json` holds it (../shared/spec/benchmarks.md):
 * the measured value next to the limit it is held against, and their ratio.
 */

/** One row of the results: `ratio` = value / limit, when both are known. */
export interface BenchResult {
  readonly name: string;
  /** The measured figure; null when the benchmark could not run. */
  readonly value: number | null;
  readonly unit: string;
  /** The physical limit or same-run baseline the value is held against; null when there is none. */
  readonly limit: number | null;
  readonly ratio: number | null;
  /** How it was measured, the bar, and anything that explains the figure. */
  readonly notes: string;
}

/** Rounds to `digits` decimals (results are for people; noise is larger than the third decimal). */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A result with its ratio computed: value / limit, rounded, or null when either is missing or limit is 0. */
export function result(fields: {
  name: string;
  value: number | null;
  unit: string;
  limit?: number | null;
  notes?: readonly (string | undefined | false)[] | string;
  digits?: number;
}): BenchResult {
  const limit = fields.limit ?? null;
  const value = fields.value;
  const digits = fields.digits ?? 2;
  const notes =
    typeof fields.notes === 'string' ? fields.notes : (fields.notes ?? []).filter(Boolean).join('; ');
  return {
    name: fields.name,
    value: value === null ? null : round(value, digits),
    unit: fields.unit,
    limit: limit === null ? null : round(limit, digits),
    ratio: value === null || limit === null || limit === 0 ? null : round(value / limit, 2),
    notes,
  };
}

/** The row of a benchmark that could not run: no value, and the reason. */
export function failed(name: string, error: unknown): BenchResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name,
    value: null,
    unit: '',
    limit: null,
    ratio: null,
    notes: `did not run: ${message.split('\n')[0]}`,
  };
}
