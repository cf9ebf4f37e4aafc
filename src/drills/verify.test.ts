import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReviewSignIn } from '../review/types.js';
import { judgeDrill, type DrillEvidence } from './verify.js';

const RULE =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/alert-breakglass-signin';
const AG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag-breakglass';
const signIn: ReviewSignIn = {
  id: 'si-1',
  accountId: 'a',
  userPrincipalName: 'ea1@contoso.onmicrosoft.com',
  at: '2026-03-01T10:02:00.000Z',
  appDisplayName: 'Azure Portal',
  ipAddress: '203.0.113.25',
  result: '0',
  source: 'logAnalytics',
};
const base: DrillEvidence = {
  drill: {
    id: 'd',
    accountId: 'a',
    userPrincipalName: 'ea1@contoso.onmicrosoft.com',
    startedAt: '2026-03-01T10:00:00.000Z',
  },
  signIns: [signIn],
  logs: [
    { source: 'graph', name: 'Graph sign-in log' },
    { source: 'logAnalytics', name: 'Log Analytics workspace law' },
  ],
  rule: {
    id: RULE,
    enabled: true,
    evaluationFrequency: 'PT5M',
    actionGroups: [{ id: AG, found: true, receivers: 2 }],
  },
  alerts: [
    { id: 'al-1', name: 'alert-breakglass-signin', alertRule: RULE, startedAt: '2026-03-01T10:05:00.000Z' },
  ],
};

const cases: {
  name: string;
  change: Partial<DrillEvidence>;
  verified: boolean;
  failing?: { step: string; detail: RegExp };
}[] = [
  { name: 'sign-in logged, alert fired, receivers present', change: {}, verified: true },
  {
    name: 'no sign-in yet',
    change: { signIns: [] },
    verified: false,
    failing: {
      step: 'sign-in',
      detail:
        /no sign-in of ea1@contoso\.onmicrosoft\.com since the drill started at 2026-03-01 10:00:00Z is in the Graph sign-in log or Log Analytics workspace law/,
    },
  },
  {
    name: 'the only sign-in failed',
    change: { signIns: [{ ...signIn, result: '53003', resultDescription: 'Blocked by Conditional Access' }] },
    verified: false,
    failing: {
      step: 'sign-in',
      detail: /failed \(53003 Blocked by Conditional Access\): the account could not get in/,
    },
  },
  {
    name: 'no log could be read',
    change: {
      signIns: [],
      logs: [{ source: 'graph', name: 'Graph sign-in log', error: '403 Authorization_RequestDenied' }],
    },
    verified: false,
    failing: { step: 'sign-in', detail: /no sign-in log could be read: Graph sign-in log: 403/ },
  },
  {
    name: 'the alert rule was deleted',
    change: { rule: undefined, alerts: undefined },
    verified: false,
    failing: { step: 'alert', detail: /alert rule alert-breakglass-signin does not exist/ },
  },
  {
    name: 'Azure could not be read',
    change: { rule: undefined, alerts: undefined, ruleUnknown: 'missing Reader on the subscription' },
    verified: false,
    failing: { step: 'alert', detail: /could not be looked for: missing Reader/ },
  },
  {
    name: 'the rule has not fired yet',
    change: { alerts: [] },
    verified: false,
    failing: {
      step: 'alert',
      detail: /has not fired since the drill started at 2026-03-01 10:00:00Z \(it runs every PT5M/,
    },
  },
  {
    name: 'the rule is disabled',
    change: { alerts: [], rule: { ...base.rule!, enabled: false } },
    verified: false,
    failing: { step: 'alert', detail: /is disabled/ },
  },
  {
    name: 'fired alerts could not be listed',
    change: { alerts: undefined, alertsError: '404 ResourceNotFound' },
    verified: false,
    failing: { step: 'alert', detail: /could not be listed: 404 ResourceNotFound/ },
  },
  {
    name: 'the rule has no action group',
    change: { rule: { ...base.rule!, actionGroups: [] } },
    verified: false,
    failing: { step: 'notification', detail: /notify nobody/ },
  },
  {
    name: 'the action group is gone',
    change: { rule: { ...base.rule!, actionGroups: [{ id: AG, found: false, receivers: 0 }] } },
    verified: false,
    failing: { step: 'notification', detail: /do not exist/ },
  },
  {
    name: 'the action group has no receiver',
    change: { rule: { ...base.rule!, actionGroups: [{ id: AG, found: true, receivers: 0 }] } },
    verified: false,
    failing: { step: 'notification', detail: /no active receiver/ },
  },
];

for (const c of cases) {
  test(`judgeDrill: ${c.name}`, () => {
    const verdict = judgeDrill({ ...base, ...c.change });
    assert.equal(verdict.verified, c.verified, JSON.stringify(verdict.steps));
    const failed = verdict.steps.filter((s) => !s.ok);
    if (c.failing) {
      assert.equal(failed.length, 1, JSON.stringify(failed));
      assert.equal(failed[0]!.step, c.failing.step);
      assert.match(failed[0]!.detail, c.failing.detail);
    } else assert.deepEqual(failed, []);
  });
}

test('a verified drill names its sign-in and alert', () => {
  const verdict = judgeDrill(base);
  assert.equal(verdict.signIn?.id, 'si-1');
  assert.equal(verdict.alert?.id, 'al-1');
  assert.match(
    verdict.steps[0]!.detail,
    /sign-in si-1 at 2026-03-01 10:02:00Z to Azure Portal from 203\.0\.113\.25 is in the Log Analytics workspace law/,
  );
});
