import { test } from 'node:test';
import { check } from './EA-MON-005.js';
import {
  ACCOUNT_1,
  assertCase,
  AUDIT_RULE_ID,
  GROUP_ID,
  POLICY_ID,
  props,
  TENANT_ID,
  type CheckCase,
  withoutResource,
  resourcesNotCollected,
} from './lib/fixture.js';
import type { Snapshot } from '../snapshot/schema.js';

const query = (q: string) => (s: Snapshot) =>
  void ((props(s, AUDIT_RULE_ID)['criteria'] as { allOf: Record<string, unknown>[] }).allOf[0]!['query'] = q);

const cases: CheckCase[] = [
  {
    name: "the product's audit rule",
    expect: { [AUDIT_RULE_ID]: 'pass' },
    messageIncludes: { [AUDIT_RULE_ID]: 'group CA-Persona-BreakGlassAccounts' },
  },
  {
    name: 'only the group',
    change: query(`AuditLogs | mv-expand T = TargetResources | where tostring(T.id) == "${GROUP_ID}"`),
    expect: { [AUDIT_RULE_ID]: 'pass' },
  },
  {
    name: 'only the dedicated policy',
    change: query(`AuditLogs | where TargetResources has "${POLICY_ID}"`),
    expect: { [AUDIT_RULE_ID]: 'pass' },
  },
  {
    name: 'CA policy changes (Guardrails style)',
    change: query(
      'AuditLogs | where OperationName in ("Update conditional access policy", "Delete conditional access policy")',
    ),
    expect: { [AUDIT_RULE_ID]: 'pass' },
  },
  {
    name: 'an account by id',
    change: query(`AuditLogs | where TargetResources has "${ACCOUNT_1}"`),
    expect: { [AUDIT_RULE_ID]: 'pass' },
  },
  {
    name: 'a rule on unrelated objects',
    change: query('AuditLogs | where OperationName == "Add user"'),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'a rule that does not parse',
    change: query(`AuditLogs | where TargetResources has "${GROUP_ID}\u201D`),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'a disabled rule',
    change: (s) => void (props(s, AUDIT_RULE_ID)['enabled'] = false),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'no audit rule',
    change: withoutResource(AUDIT_RULE_ID),
    expect: { [TENANT_ID]: 'fail' },
  },
  resourcesNotCollected,
];

for (const c of cases) test(`EA-MON-005: ${c.name}`, () => void assertCase(check, c));
