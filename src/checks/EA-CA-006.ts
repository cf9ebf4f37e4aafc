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
import { policyExclusions } from '../lockout/exclusions.js';

/**
 * EA-CA-006: wherever an emergency account is excluded, it is excluded through the break-glass
 * group (listed directly or nested in an excluded group), not by its user id, a role or another
 * group. One outcome per policy that excludes an account; under `split` the dedicated policy can
 * only leave out one group member by user id, so it is not judged here.
 */
export const check: CheckDefinition = {
  id: 'EA-CA-006',
  title: 'Exclusions go through the break-glass group',
  area: 'conditionalAccess',
  severity: 'low',
  rationale:
    'An exclusion by user id is silently lost when the account is recreated, and each new account must be added to every policy by hand. Excluding the group keeps one place to change and lets audits (and Maester MT.1005) see the intent.',
  doc: 'docs/checks/EA-CA-006.md',
  evaluate(context) {
    const skip = skipUnlessCollected(context, POLICY_SCOPE_COLLECTIONS);
    if (skip) return [skip];
    const targets = resolveBreakGlassTargets(context);
    const index = buildDirectoryIndex(context.snapshot.graph);
    const outcomes: Outcome[] = [];
    for (const p of policyExclusions(context, targets, index)) {
      if (p.target !== 'users' || (p.isDedicated && context.model === 'split')) continue;
      const excluded = p.mustBeOut.filter((e) => e.scope.excluded.length > 0);
      if (excluded.length === 0) continue;
      const other = excluded.filter((e) => !e.byBreakGlassGroup);
      const evidence = {
        breakGlassGroupId: targets.group?.id ?? null,
        accounts: excluded.map((e) => ({
          id: e.account.user.id,
          userPrincipalName: e.account.user.userPrincipalName,
          excludedByBreakGlassGroup: e.byBreakGlassGroup,
          excludedBy: e.scope.excluded.map((m) => ({ kind: m.kind, id: m.id ?? null })),
        })),
      };
      const subject = policySubject(p.policy);
      if (other.length === 0) {
        outcomes.push({
          status: 'pass',
          subject,
          message: 'The emergency accounts are excluded through the break-glass group.',
          evidence,
        });
        continue;
      }
      const how = other.map(
        (e) => `${e.account.user.userPrincipalName} by ${e.scope.excluded.map((m) => m.text).join(', ')}`,
      );
      const group = targets.group
        ? `the group "${targets.group.displayName}"`
        : 'a break-glass group (none was found)';
      outcomes.push({
        status: 'fail',
        subject,
        message: `Excluded one by one: ${joinNames(how)}. Exclude ${group} instead.`,
        evidence,
      });
    }
    if (outcomes.length === 0) {
      return [
        skipNotApplicable(
          tenantSubject(context),
          'no Conditional Access policy excludes an emergency account',
        ),
      ];
    }
    return outcomes;
  },
};
