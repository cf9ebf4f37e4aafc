import { skipNotApplicable } from './lib/collected.js';
import { classifyMethod } from './lib/methods.js';
import { tenantSubject } from './lib/subjects.js';
import type { CheckDefinition, Outcome, Subject } from './types.js';
import { joinNames, policySubject, skipUnlessCollected } from '../lockout/audit-support.js';
import {
  dedicatedPolicyProblems,
  resolveBreakGlassTargets,
  type TargetAccount,
} from '../lockout/breakglass-targets.js';
import { buildDirectoryIndex, type DirectoryIndex } from '../lockout/directory.js';
import { describeScope, userScope } from '../lockout/scope.js';

/**
 * EA-CA-001: under `dedicated`/`split`, a policy targets the group (or the dedicated account),
 * includes all resources, grants only the Phishing-resistant MFA strength, and is enabled.
 * Report-only while an account still lacks a phishing-resistant method is the safe rollout state
 * (`warn`), not a failure.
 */
export const check: CheckDefinition = {
  id: 'EA-CA-001',
  title: 'A dedicated policy requires phishing-resistant MFA of the emergency accounts',
  area: 'conditionalAccess',
  severity: 'high',
  rationale:
    'An emergency account with standing Global Administrator is the most valuable account in the tenant. The guide protects it with one dedicated Conditional Access policy that requires the Phishing-resistant MFA authentication strength for every resource, so a stolen password alone is worthless.',
  doc: 'docs/checks/EA-CA-001.md',
  evaluate(context) {
    if (context.model === 'exclude-all') {
      return [
        skipNotApplicable(tenantSubject(context), 'the model is exclude-all, which has no dedicated policy'),
      ];
    }
    const skip = skipUnlessCollected(context, ['conditionalAccessPolicies', 'users', 'groups']);
    if (skip) return [skip];
    const targets = resolveBreakGlassTargets(context);
    const policy = targets.dedicatedPolicy;
    const wanted = targets.accounts.filter((a) => a.role === 'dedicated');
    if (!policy) {
      return [
        {
          status: 'fail',
          subject: tenantSubject(context),
          message: `No Conditional Access policy is named "${context.config.policy.displayName}" or includes ${targets.group ? `the group "${targets.group.displayName}"` : 'the break-glass group (not found)'} or the dedicated account.`,
          evidence: {
            expectedDisplayName: context.config.policy.displayName,
            groupId: targets.group?.id ?? null,
          },
        },
      ];
    }

    const index = buildDirectoryIndex(context.snapshot.graph);
    const problems = dedicatedPolicyProblems(policy);
    const uncovered = wanted.filter((a) => !userScope(policy, a.user.id, index).inScope);
    for (const a of uncovered) {
      problems.push(
        `it does not cover ${a.user.userPrincipalName} (${describeScope(userScope(policy, a.user.id, index))})`,
      );
    }
    if (policy.state === 'disabled') problems.push('it is disabled');

    const evidence: Record<string, unknown> = {
      policyId: policy.id,
      state: policy.state,
      recognisedBy: targets.dedicatedPolicyMatchedBy,
      groupId: targets.group?.id ?? null,
      dedicatedAccounts: wanted.map((a) => ({
        id: a.user.id,
        userPrincipalName: a.user.userPrincipalName,
        roleInferred: a.roleInferred,
      })),
      problems,
    };
    const subject = policySubject(policy);
    if (problems.length > 0) {
      return [
        {
          status: 'fail',
          subject,
          message: `The dedicated policy is not as required: ${problems.join('; ')}.`,
          evidence,
        },
      ];
    }
    if (policy.state === 'enabled') {
      return [
        {
          status: 'pass',
          subject,
          message: 'The dedicated policy is enabled and requires Phishing-resistant MFA for all resources.',
          evidence,
        },
      ];
    }
    return [reportOnly(wanted, index, subject, evidence)];
  },
};

/** Report-only: right while an account still has no phishing-resistant method (EA-ACC-007), wrong after. */
function reportOnly(
  accounts: TargetAccount[],
  index: DirectoryIndex,
  subject: Subject,
  evidence: Record<string, unknown>,
): Outcome {
  const unknown = accounts.filter((a) => index.methods(a.user.id) === undefined);
  const lacking = accounts.filter(
    (a) => !(index.methods(a.user.id) ?? []).some((m) => classifyMethod(m) === 'phishing-resistant'),
  );
  if (lacking.length > 0) {
    const who = joinNames(
      lacking.map((a) => a.user.userPrincipalName + (unknown.includes(a) ? ' (methods not collected)' : '')),
    );
    return {
      status: 'warn',
      subject,
      message: `The dedicated policy is report-only, as it must stay until ${who} ${lacking.length === 1 ? 'has' : 'have'} a phishing-resistant method; then enable it.`,
      evidence: {
        ...evidence,
        accountsWithoutPhishingResistantMethod: lacking.map((a) => a.user.userPrincipalName),
      },
    };
  }
  return {
    status: 'fail',
    subject,
    message:
      'The dedicated policy is still report-only although every account has a phishing-resistant method: enable it.',
    evidence: { ...evidence, accountsWithoutPhishingResistantMethod: [] },
  };
}
