import { test } from 'node:test';
import { check } from './EA-MON-006.js';
import {
  ACCOUNT_1,
  assertCase,
  AUDIT_RULE_ID,
  props,
  SIGNIN_RULE_ID,
  TENANT_ID,
  type CheckCase,
  resourcesNotCollected,
} from './lib/fixture.js';
import type { Snapshot } from '../snapshot/schema.js';

const setQuery = (id: string, q: string) => (s: Snapshot) =>
  void ((props(s, id)['criteria'] as { allOf: Record<string, unknown>[] }).allOf[0]!['query'] = q);

const cases: CheckCase[] = [
  { name: 'both product rules parse', expect: { [SIGNIN_RULE_ID]: 'pass', [AUDIT_RULE_ID]: 'pass' } },
  {
    name: "the guide's query naming an account",
    change: setQuery(
      SIGNIN_RULE_ID,
      `SigninLogs \n| project UserId \n| where UserId == "${ACCOUNT_1}\u201C `,
    ),
    expect: { [SIGNIN_RULE_ID]: 'fail', [AUDIT_RULE_ID]: 'pass' },
    messageIncludes: { [SIGNIN_RULE_ID]: 'Missing: "' },
  },
  {
    name: 'a misspelt column',
    change: setQuery(AUDIT_RULE_ID, `AuditLogs | where TargetResource has "${ACCOUNT_1}"`),
    expect: { [SIGNIN_RULE_ID]: 'pass', [AUDIT_RULE_ID]: 'fail' },
  },
  {
    name: 'rules that do not mention the accounts are not judged',
    change: (s) => {
      setQuery(SIGNIN_RULE_ID, 'SigninLogs | where broken ==')(s);
      setQuery(AUDIT_RULE_ID, 'AuditLogs | take 1')(s);
    },
    expect: { [TENANT_ID]: 'skip:not-applicable' },
  },
  resourcesNotCollected,
];

for (const c of cases) test(`EA-MON-006: ${c.name}`, () => void assertCase(check, c));
