import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertQueries } from './alertRules.js';
import { AUDIT_RULE_ID, healthySnapshot, props, SIGNIN_RULE_ID, withoutResource } from './fixture.js';

const queryOf = (snapshot: ReturnType<typeof healthySnapshot>, id: string) =>
  (props(snapshot, id)['criteria'] as { allOf: { query: string }[] }).allOf[0]!.query;

test('alertQueries lists the query of every log alert rule once', () => {
  const snapshot = healthySnapshot();
  assert.deepEqual(
    alertQueries(snapshot).sort(),
    [queryOf(snapshot, SIGNIN_RULE_ID), queryOf(snapshot, AUDIT_RULE_ID)].sort(),
  );
});

test('alertQueries: a query two rules share is listed once', () => {
  const snapshot = healthySnapshot();
  const criteria = props(snapshot, AUDIT_RULE_ID)['criteria'] as { allOf: { query: string }[] };
  criteria.allOf[0]!.query = queryOf(snapshot, SIGNIN_RULE_ID);
  assert.deepEqual(alertQueries(snapshot), [queryOf(snapshot, SIGNIN_RULE_ID)]);
});

test('alertQueries: no rules, no queries', () => {
  const snapshot = healthySnapshot();
  withoutResource(SIGNIN_RULE_ID)(snapshot);
  withoutResource(AUDIT_RULE_ID)(snapshot);
  assert.deepEqual(alertQueries(snapshot), []);
  assert.deepEqual(alertQueries({ ...snapshot, azure: undefined } as never), []);
});
