import { skipNotApplicable } from './lib/collected.js';
import { tenantSubject } from './lib/subjects.js';
import type { CheckDefinition, Outcome } from './types.js';
import {
  joinNames,
  POLICY_SCOPE_COLLECTIONS,
  policySubject,
  skipUnlessCollected,
} from '../lockout/audit-support.js';
import { resolveBreakGlassTargets } from '../lockout/breakglass-targets.js';
import { buildDirectoryIndex } from '../lockout/directory.js';
import { policyExclusions, type AccountExclusion, type PolicyExclusions } from '../lockout/exclusions.js';
import { describeScope } from '../lockout/scope.js';

const NOT_FOR_USERS = {
  workloadIdentities: 'the policy targets workload identities (service principals or agents), not users',
  authenticationContext:
    'the policy targets an authentication context, which an emergency sign-in does not request',
} as const;

function accountEvidence(e: AccountExclusion): Record<string, unknown> {
  return {
    id: e.account.user.id,
    userPrincipalName: e.account.user.userPrincipalName,
    inScope: e.scope.inScope,
    includedBy: e.scope.included.map((m) => ({ kind: m.kind, id: m.id ?? null, text: m.text })),
    excludedBy: e.scope.excluded.map((m) => ({ kind: m.kind, id: m.id ?? null, text: m.text })),
    excludedByBreakGlassGroup: e.byBreakGlassGroup,
    ...(e.scope.notes.length ? { notes: e.scope.notes } : {}),
  };
}

function judge(p: PolicyExclusions, groupId: string | undefined): Outcome {
  const subject = policySubject(p.policy);
  const inScope = p.mustBeOut.filter((e) => e.scope.inScope);
  const evidence: Record<string, unknown> = {
    state: p.policy.state,
    dedicatedPolicy: p.isDedicated,
    breakGlassGroupId: groupId ?? null,
    exclusionByGroup: p.groupListed,
    accounts: p.mustBeOut.map(accountEvidence),
  };
  const role = p.isDedicated
    ? ' (the dedicated policy must leave out the account meant to be excluded from everything)'
    : '';
  if (inScope.length === 0) {
    const how = p.mustBeOut
      .map((e) => `${e.account.user.userPrincipalName}: ${describeScope(e.scope)}`)
      .join('; ');
    return { status: 'pass', subject, message: `No emergency account is in scope${role}. ${how}.`, evidence };
  }
  const names = inScope.map((e) => `${e.account.user.userPrincipalName} (${describeScope(e.scope)})`);
  const enforced = p.policy.state === 'enabled';
  const state = enforced
    ? ''
    : p.policy.state === 'disabled'
      ? ' The policy is disabled today.'
      : ' The policy is report-only today and would apply when switched on.';
  return {
    status: enforced ? 'fail' : 'warn',
    subject,
    message: `${joinNames(names)} ${inScope.length === 1 ? 'is' : 'are'} in the policy's scope${role}.${state} ${p.isDedicated ? 'Exclude that account by its user id.' : 'Exclude the break-glass group.'}`,
    evidence,
  };
}

/**
 * EA-CA-003: one outcome per other user-targeted policy (any state): no emergency account is in
 * its user scope. Under `split` the dedicated policy is judged for the account meant to be
 * excluded from everything; under `dedicated` it is EA-CA-001's subject and is left out here.
 */
export const check: CheckDefinition = {
  id: 'EA-CA-003',
  title: 'The emergency accounts are out of every other Conditional Access policy',
  area: 'conditionalAccess',
  severity: 'critical',
  rationale:
    'An emergency account exists for the day Conditional Access goes wrong. Every policy that reaches it — through All users, a nested group, a role it holds or a guest type — is one more way to be locked out, so each must exclude the break-glass group. Report-only and Microsoft-managed policies count too: they switch on later.',
  doc: 'docs/checks/EA-CA-003.md',
  evaluate(context) {
    const skip = skipUnlessCollected(context, POLICY_SCOPE_COLLECTIONS);
    if (skip) return [skip];
    const targets = resolveBreakGlassTargets(context);
    if (targets.accounts.length === 0) {
      return [skipNotApplicable(tenantSubject(context), 'no emergency account resolves (see EA-ACC-001)')];
    }
    const index = buildDirectoryIndex(context.snapshot.graph);
    const outcomes: Outcome[] = [];
    for (const p of policyExclusions(context, targets, index)) {
      if (p.target !== 'users') {
        outcomes.push(skipNotApplicable(policySubject(p.policy), NOT_FOR_USERS[p.target]));
        continue;
      }
      if (p.mustBeOut.length === 0) continue; // the dedicated policy under `dedicated`: EA-CA-001 judges it
      outcomes.push(judge(p, targets.group?.id));
    }
    if (outcomes.length === 0) {
      return [skipNotApplicable(tenantSubject(context), 'there is no other Conditional Access policy')];
    }
    return outcomes;
  },
};
