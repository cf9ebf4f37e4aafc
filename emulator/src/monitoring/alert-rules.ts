/**
 * Log search alert rules (`Microsoft.Insights/scheduledQueryRules`) as the emulator runs them:
 * reading a stored rule into a checked specification, and evaluating it at one scheduled time —
 * the query over the window ending then, aggregated (`Count` of result rows, or `Total`,
 * `Average`, `Minimum`, `Maximum` of the measure column), split by dimensions, compared with the
 * threshold, over `failingPeriods.numberOfEvaluationPeriods` windows.
 */
import { prepareKql, type RowSource } from '../kql/interpreter.js';
import { toText } from '../kql/values.js';
import type { JsonObject } from '../tenant/schema.js';
import { parseDuration } from './durations.js';

/** A rule the emulator cannot run, and why (recorded as a rule error; nothing fires). */
export class RuleError extends Error {
  constructor(
    message: string,
    readonly code = 'InvalidRule',
  ) {
    super(message);
  }
}

/** A checked rule. */
export interface RuleSpec {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly severity: number;
  readonly enabled: boolean;
  /** Workspace resource ids. */
  readonly scopes: readonly string[];
  readonly frequencyMs: number;
  readonly windowMs: number;
  readonly query: string;
  readonly timeAggregation: string;
  readonly metricMeasureColumn: string | undefined;
  readonly operator: string;
  readonly threshold: number;
  readonly dimensions: readonly { name: string; operator: string; values: readonly string[] }[];
  readonly evaluationPeriods: number;
  readonly minFailingPeriods: number;
  readonly autoMitigate: boolean;
  readonly muteActionsMs: number;
  readonly actionGroups: readonly string[];
  readonly customProperties: Readonly<Record<string, string>>;
  /** Changes when the rule is rewritten (its schedule restarts). */
  readonly version: string;
}

/** Threshold operators, as data. */
export const thresholdOperators: Readonly<Record<string, (value: number, threshold: number) => boolean>> = {
  GreaterThan: (v, t) => v > t,
  GreaterThanOrEqual: (v, t) => v >= t,
  LessThan: (v, t) => v < t,
  LessThanOrEqual: (v, t) => v <= t,
  Equals: (v, t) => v === t,
};

/** Aggregations of a group's rows, as data. */
const aggregations: Readonly<Record<string, (values: number[], rows: number) => number>> = {
  Count: (_values, rows) => rows,
  Total: (values) => values.reduce((a, b) => a + b, 0),
  Average: (values) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length),
  Minimum: (values) => (values.length === 0 ? 0 : Math.min(...values)),
  Maximum: (values) => (values.length === 0 ? 0 : Math.max(...values)),
};

const isWorkspace = (id: string) =>
  /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i.test(id);

function duration(props: JsonObject, key: string, fallback: number | undefined): number {
  const value = props[key];
  if (value === undefined || value === null) {
    if (fallback === undefined) throw new RuleError(`'${key}' is required`);
    return fallback;
  }
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (!ms) throw new RuleError(`'${key}' is not a usable ISO 8601 duration: ${String(value)}`);
  return ms;
}

/** Reads a stored rule; throws {@link RuleError} for what the emulator cannot run. */
export function readRule(resource: JsonObject): RuleSpec {
  const props = (resource['properties'] ?? {}) as JsonObject;
  const scopes = (Array.isArray(props['scopes']) ? props['scopes'] : []).map(String);
  const notWorkspaces = scopes.filter((s) => !isWorkspace(s));
  if (scopes.length === 0 || notWorkspaces.length > 0) {
    throw new RuleError(
      `only Log Analytics workspace scopes are emulated (got ${notWorkspaces.join(', ') || 'none'})`,
      'UnsupportedScope',
    );
  }
  if (resource['kind'] !== undefined && resource['kind'] !== 'LogAlert') {
    throw new RuleError(
      `rule kind '${String(resource['kind'])}' is not emulated (only LogAlert)`,
      'UnsupportedKind',
    );
  }
  const conditions = ((props['criteria'] as JsonObject | undefined)?.['allOf'] ?? []) as JsonObject[];
  if (!Array.isArray(conditions) || conditions.length !== 1) {
    throw new RuleError(
      `a log search alert rule has exactly one condition (got ${Array.isArray(conditions) ? conditions.length : 0})`,
    );
  }
  const condition = conditions[0]!;
  const operator = String(condition['operator'] ?? '');
  if (!thresholdOperators[operator]) throw new RuleError(`unknown operator '${operator}'`);
  const timeAggregation = String(condition['timeAggregation'] ?? 'Count');
  if (!aggregations[timeAggregation]) throw new RuleError(`unknown timeAggregation '${timeAggregation}'`);
  const measure = condition['metricMeasureColumn'];
  if (timeAggregation !== 'Count' && (typeof measure !== 'string' || measure === '')) {
    throw new RuleError(`timeAggregation '${timeAggregation}' needs metricMeasureColumn`);
  }
  const failing = (condition['failingPeriods'] ?? {}) as JsonObject;
  const frequencyMs = duration(props, 'evaluationFrequency', undefined);
  const actions = (props['actions'] ?? {}) as JsonObject;
  const custom = (actions['customProperties'] ?? {}) as Record<string, unknown>;
  return {
    id: String(resource['id']),
    name: String(resource['name']),
    displayName: String(props['displayName'] ?? resource['name']),
    description: String(props['description'] ?? ''),
    severity: typeof props['severity'] === 'number' ? props['severity'] : 3,
    enabled: props['enabled'] === true,
    scopes,
    frequencyMs,
    windowMs: duration(props, 'windowSize', frequencyMs),
    query: String(condition['query'] ?? ''),
    timeAggregation,
    metricMeasureColumn: typeof measure === 'string' && measure !== '' ? measure : undefined,
    operator,
    threshold: Number(condition['threshold'] ?? 0),
    dimensions: (Array.isArray(condition['dimensions']) ? (condition['dimensions'] as JsonObject[]) : []).map(
      (d) => ({
        name: String(d['name']),
        operator: String(d['operator'] ?? 'Include'),
        values: (Array.isArray(d['values']) ? d['values'] : ['*']).map(String),
      }),
    ),
    evaluationPeriods: Math.max(1, Number(failing['numberOfEvaluationPeriods'] ?? 1)),
    minFailingPeriods: Math.max(1, Number(failing['minFailingPeriodsToAlert'] ?? 1)),
    autoMitigate: props['autoMitigate'] !== false,
    muteActionsMs:
      typeof props['muteActionsDuration'] === 'string'
        ? (parseDuration(props['muteActionsDuration']) ?? 0)
        : 0,
    actionGroups: (Array.isArray(actions['actionGroups']) ? actions['actionGroups'] : []).map(String),
    customProperties: Object.fromEntries(Object.entries(custom).map(([k, v]) => [k, String(v)])),
    version: JSON.stringify([
      props['evaluationFrequency'],
      props['windowSize'],
      props['criteria'],
      props['scopes'],
      props['enabled'],
    ]),
  };
}

/** One dimension combination's result at one evaluation. */
export interface GroupResult {
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  /** The aggregated value in the latest window. */
  readonly value: number;
  /** Result rows in the latest window (for the alert's context). */
  readonly rows: number;
  readonly failingPeriods: number;
  readonly breached: boolean;
}

/** A rule's evaluation at one time. */
export interface RuleEvaluation {
  readonly at: Date;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly groups: readonly GroupResult[];
}

function dimensionAllows(dimension: RuleSpec['dimensions'][number], value: string): boolean {
  const listed =
    dimension.values.includes('*') || dimension.values.some((v) => v.toLowerCase() === value.toLowerCase());
  return dimension.operator === 'Exclude' ? !listed : listed;
}

/**
 * Evaluates `rule` at `at`: runs its query over each of its evaluation periods (windows ending at
 * `at`, `at - window`, …) on the rows `source` reads from its scopes; `windowMs` overrides the
 * rule's window (catching up a long clock jump in one evaluation). Throws the query's
 * `KqlError` or a {@link RuleError}.
 */
export function evaluateRule(
  rule: RuleSpec,
  at: Date,
  source: RowSource,
  windowMs = rule.windowMs,
): RuleEvaluation {
  const prepared = prepareKql(rule.query);
  const names = new Set(prepared.columns.map((c) => c.name));
  for (const d of rule.dimensions)
    if (!names.has(d.name))
      throw new RuleError(`the dimension column '${d.name}' is not in the query's result`);
  if (rule.metricMeasureColumn && !names.has(rule.metricMeasureColumn)) {
    throw new RuleError(`the measure column '${rule.metricMeasureColumn}' is not in the query's result`);
  }
  const aggregate = aggregations[rule.timeAggregation]!;
  const compare = thresholdOperators[rule.operator]!;
  const perGroup = new Map<
    string,
    { dimensions: GroupResult['dimensions']; value: number; rows: number; failing: number }
  >();
  for (let k = 0; k < rule.evaluationPeriods; k++) {
    const end = new Date(at.getTime() - k * windowMs);
    const start = new Date(end.getTime() - windowMs);
    const result = prepared.run(source, { now: at, timeRange: { start, end } });
    const buckets = new Map<
      string,
      { dimensions: GroupResult['dimensions']; rows: (typeof result.rows)[number][] }
    >();
    // Without dimensions there is always exactly one series, even with no rows (count 0).
    if (rule.dimensions.length === 0) buckets.set(JSON.stringify([]), { dimensions: [], rows: [] });
    for (const row of result.rows) {
      const dims = rule.dimensions.map((d) => ({ name: d.name, value: toText(row[d.name]) }));
      if (!rule.dimensions.every((d, i) => dimensionAllows(d, dims[i]!.value))) continue;
      const key = JSON.stringify(dims);
      const bucket = buckets.get(key) ?? { dimensions: dims, rows: [] };
      bucket.rows.push(row);
      buckets.set(key, bucket);
    }
    for (const [key, bucket] of buckets) {
      const measures = rule.metricMeasureColumn
        ? bucket.rows.map((r) => Number(r[rule.metricMeasureColumn!])).filter((n) => Number.isFinite(n))
        : [];
      const value = aggregate(measures, bucket.rows.length);
      const entry = perGroup.get(key) ?? {
        dimensions: bucket.dimensions,
        value,
        rows: bucket.rows.length,
        failing: 0,
      };
      if (compare(value, rule.threshold)) entry.failing++;
      perGroup.set(key, entry);
    }
  }
  return {
    at,
    windowStart: new Date(at.getTime() - windowMs),
    windowEnd: at,
    groups: [...perGroup.values()].map((g) => ({
      dimensions: g.dimensions,
      value: g.value,
      rows: g.rows,
      failingPeriods: g.failing,
      breached: g.failing >= rule.minFailingPeriods,
    })),
  };
}
