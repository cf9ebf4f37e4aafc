/**
 * Evaluating a log search alert rule at one time, table-driven: a fixture rule over a fixed set of
 * SigninLogs rows, one change per case, and whether (and with what value) it breaches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RowSource } from '../kql/interpreter.js';
import type { JsonObject } from '../tenant/schema.js';
import { evaluateRule, readRule, RuleError } from './alert-rules.js';

const at = new Date('2026-03-01T12:00:00Z');
const row = (minutesAgo: number, user: string, resultType = '0') => ({
  TimeGenerated: new Date(at.getTime() - minutesAgo * 60_000).toISOString(),
  UserId: user,
  ResultType: resultType,
});
// Two sign-ins in the last 5 minutes (a, b), one 7 minutes ago (a), one an hour ago (a).
const rows = [row(1, 'a'), row(3, 'b', '50074'), row(7, 'a'), row(60, 'a')];
const source: RowSource = (table) => (table === 'SigninLogs' ? rows : []);
const ws = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws';

function rule(change: (props: JsonObject, condition: JsonObject) => void = () => {}): JsonObject {
  const condition: JsonObject = {
    query: 'SigninLogs',
    timeAggregation: 'Count',
    operator: 'GreaterThan',
    threshold: 0,
    dimensions: [],
  };
  const props: JsonObject = {
    enabled: true,
    severity: 0,
    scopes: [ws],
    evaluationFrequency: 'PT5M',
    windowSize: 'PT5M',
    criteria: { allOf: [condition] },
  };
  change(props, condition);
  return {
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/r`,
    name: 'r',
    properties: props,
  };
}

const cases: {
  name: string;
  change?: (p: JsonObject, c: JsonObject) => void;
  groups: [string, number, boolean][];
}[] = [
  { name: 'count of rows in the window', groups: [['', 2, true]] },
  {
    name: 'nothing in the window is a zero that does not breach',
    change: (_p, c) => (c['query'] = 'SigninLogs | where UserId == "z"'),
    groups: [['', 0, false]],
  },
  {
    name: 'LessThan breaches on silence',
    change: (_p, c) =>
      Object.assign(c, { query: 'SigninLogs | where UserId == "z"', operator: 'LessThan', threshold: 1 }),
    groups: [['', 0, true]],
  },
  { name: 'a wider window', change: (p) => (p['windowSize'] = 'PT10M'), groups: [['', 3, true]] },
  { name: 'threshold', change: (_p, c) => (c['threshold'] = 2), groups: [['', 2, false]] },
  {
    name: 'GreaterThanOrEqual',
    change: (_p, c) => Object.assign(c, { threshold: 2, operator: 'GreaterThanOrEqual' }),
    groups: [['', 2, true]],
  },
  {
    name: 'split by a dimension',
    change: (_p, c) => (c['dimensions'] = [{ name: 'UserId', operator: 'Include', values: ['*'] }]),
    groups: [
      ['a', 1, true],
      ['b', 1, true],
    ],
  },
  {
    name: 'an excluded dimension value',
    change: (_p, c) => (c['dimensions'] = [{ name: 'UserId', operator: 'Exclude', values: ['b'] }]),
    groups: [['a', 1, true]],
  },
  {
    name: 'failing periods: 2 of 3 windows needed',
    change: (_p, c) => (c['failingPeriods'] = { numberOfEvaluationPeriods: 3, minFailingPeriodsToAlert: 2 }),
    groups: [['', 2, true]],
  },
  {
    name: 'failing periods: 3 of 3 windows needed',
    change: (_p, c) => (c['failingPeriods'] = { numberOfEvaluationPeriods: 3, minFailingPeriodsToAlert: 3 }),
    groups: [['', 2, false]],
  },
  {
    name: 'Total of a measure column',
    change: (_p, c) =>
      Object.assign(c, {
        query: 'SigninLogs | summarize n = count() by UserId',
        timeAggregation: 'Total',
        metricMeasureColumn: 'n',
        threshold: 1,
      }),
    groups: [['', 2, true]],
  },
];

describe('alert rule evaluation', () => {
  for (const c of cases) {
    it(c.name, () => {
      const evaluation = evaluateRule(readRule(rule(c.change)), at, source);
      assert.deepEqual(
        evaluation.groups.map((g) => [g.dimensions.map((d) => d.value).join(','), g.value, g.breached]),
        c.groups,
      );
    });
  }

  const invalid: [string, (p: JsonObject, c: JsonObject) => void, RegExp][] = [
    ['a subscription scope', (p) => (p['scopes'] = ['/subscriptions/s']), /workspace scopes/],
    ['two conditions', (p, c) => (p['criteria'] = { allOf: [c, c] }), /exactly one condition/],
    [
      'Average without a measure column',
      (_p, c) => (c['timeAggregation'] = 'Average'),
      /metricMeasureColumn/,
    ],
    ['an unknown operator', (_p, c) => (c['operator'] = 'Between'), /unknown operator/],
  ];
  for (const [name, change, message] of invalid) {
    it(`refuses ${name}`, () =>
      assert.throws(
        () => readRule(rule(change)),
        (e: unknown) => e instanceof RuleError && message.test(e.message),
      ));
  }

  it('refuses a dimension the query does not return', () => {
    const spec = readRule(
      rule((_p, c) =>
        Object.assign(c, {
          query: 'SigninLogs | project UserId',
          dimensions: [{ name: 'ResultType', operator: 'Include', values: ['*'] }],
        }),
      ),
    );
    assert.throws(() => evaluateRule(spec, at, source), /dimension column 'ResultType'/);
  });
});
