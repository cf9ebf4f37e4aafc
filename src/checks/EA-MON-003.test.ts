import { test } from 'node:test';
import { check } from './EA-MON-003.js';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  assertCase,
  deniedCollection,
  props,
  SIGNIN_RULE_ID,
  TENANT_ID,
  type CheckCase,
  withoutResource,
  resourcesNotCollected,
} from './lib/fixture.js';
import type { Snapshot } from '../snapshot/schema.js';

const UPN_1 = 'EmergencyAccount_1@contoso.onmicrosoft.com';
const UPN_2 = 'EmergencyAccount_2@contoso.onmicrosoft.com';
const condition = (s: Snapshot) =>
  (props(s, SIGNIN_RULE_ID)['criteria'] as { allOf: Record<string, unknown>[] }).allOf[0]!;
const query = (q: string) => (s: Snapshot) => void (condition(s)['query'] = q);
const both = { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' };

const cases: CheckCase[] = [
  { name: "the product's query (ids and UPNs)", expect: both },
  {
    name: 'the 2026 Learn sample (ids with ==/or)',
    change: query(
      `SigninLogs\n| where UserId == "${ACCOUNT_1}" or UserId == "${ACCOUNT_2}"\n| project TimeGenerated, UserId`,
    ),
    expect: both,
  },
  {
    name: 'UPNs only, Guardrails style',
    change: query(`SigninLogs | where UserPrincipalName =~ "${UPN_1}" or UserPrincipalName =~ "${UPN_2}"`),
    expect: both,
  },
  {
    name: 'UPNs with in~ and other casing',
    change: query(
      `SigninLogs | where UserPrincipalName in~ ("${UPN_1.toLowerCase()}", "${UPN_2.toUpperCase()}")`,
    ),
    expect: both,
  },
  {
    name: 'a sign-in rule that also reads AuditLogs (the workspace has both tables)',
    change: query(
      `SigninLogs | where UserId in ("${ACCOUNT_1}", "${ACCOUNT_2}") | join kind=leftouter (AuditLogs | project CorrelationId, OperationName) on CorrelationId`,
    ),
    expect: both,
  },
  {
    name: 'an account missing from the filter fails and is named',
    change: query(`SigninLogs | where UserId in ("${ACCOUNT_1}")`),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_2]: `${UPN_2} is missing from the filter` },
  },
  {
    name: "the guide's query with its typographic quote",
    change: query(`SigninLogs \n| project UserId \n| where UserId == "${ACCOUNT_1}\u201C `),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'a column dropped by project before the filter',
    change: query(
      `SigninLogs | project UserId | where UserPrincipalName =~ "${UPN_1}" or UserId in ("${ACCOUNT_1}", "${ACCOUNT_2}")`,
    ),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_1]: 'does not parse' },
  },
  {
    name: 'a negated filter',
    change: query(`SigninLogs | where UserId !in ("${ACCOUNT_1}", "${ACCOUNT_2}")`),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'no filter at all',
    change: query('SigninLogs | project UserId'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'disabled rule',
    change: (s) => void (props(s, SIGNIN_RULE_ID)['enabled'] = false),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_1]: 'disabled' },
  },
  {
    name: 'every 15 minutes is too slow',
    change: (s) => void (props(s, SIGNIN_RULE_ID)['evaluationFrequency'] = 'PT15M'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'the maximum frequency is configurable',
    change: (s, c) => {
      props(s, SIGNIN_RULE_ID)['evaluationFrequency'] = 'PT15M';
      props(s, SIGNIN_RULE_ID)['windowSize'] = 'PT15M';
      c.audit.maxAlertFrequencyMinutes = 15;
    },
    expect: both,
  },
  {
    name: 'every minute is fine',
    change: (s) => void (props(s, SIGNIN_RULE_ID)['evaluationFrequency'] = 'PT1M'),
    expect: both,
  },
  {
    name: 'a window shorter than the frequency misses sign-ins',
    change: (s, c) => {
      props(s, SIGNIN_RULE_ID)['evaluationFrequency'] = 'PT10M';
      c.audit.maxAlertFrequencyMinutes = 10;
    },
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'threshold greater than 2',
    change: (s) => void (condition(s)['threshold'] = 2),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'greater or equal 1 is the same',
    change: (s) => void Object.assign(condition(s), { operator: 'GreaterThanOrEqual', threshold: 1 }),
    expect: both,
  },
  {
    name: 'a LessThan operator',
    change: (s) => void (condition(s)['operator'] = 'LessThan'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'the rule watches another workspace',
    change: (s) =>
      void (props(s, SIGNIN_RULE_ID)['scopes'] = [
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/other',
      ]),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_1]: 'No log alert rule' },
  },
  {
    name: 'two rules, one per account',
    change: (s) => {
      query(`SigninLogs | where UserId == "${ACCOUNT_1}"`)(s);
      const copy = structuredClone(s.azure!.resources!.find((r) => r.id === SIGNIN_RULE_ID)!);
      copy.id = `${SIGNIN_RULE_ID}-2`;
      copy.name = 'second';
      (copy.properties!['criteria'] as { allOf: Record<string, unknown>[] }).allOf[0]!['query'] =
        `SigninLogs | where UserId == "${ACCOUNT_2}"`;
      s.azure!.resources!.push(copy);
    },
    expect: both,
  },
  {
    name: 'no rules',
    change: withoutResource(SIGNIN_RULE_ID),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  resourcesNotCollected,
  {
    name: 'alert rules unreadable (403) is a skip, not a failure',
    change: withoutResource(SIGNIN_RULE_ID),
    options: deniedCollection('scheduledQueryRules', 'scheduledQueryRules/read was denied'),
    expect: { [TENANT_ID]: 'skip:missing-permission' },
  },
];

for (const c of cases) test(`EA-MON-003: ${c.name}`, () => void assertCase(check, c));
