/**
 * For every Conditional Access policy: which emergency accounts must be out of its user scope
 * under the chosen model, whether they are, and how (EA-CA-003, EA-CA-006, the peer readouts).
 *
 * - `dedicated`: every account must be out of every policy except the dedicated one;
 * - `exclude-all`: every account must be out of every policy;
 * - `split`: the dedicated account must be out of every policy but the dedicated one, the other
 *   account out of every policy including the dedicated one.
 */
import type { AuditContext } from '../checks/types.js';
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';
import type { BreakGlassTargets, TargetAccount } from './breakglass-targets.js';
import type { DirectoryIndex } from './directory.js';
import { policyTarget, usersOf, type PolicyTarget } from './policy-shape.js';
import { userScope, type UserScope } from './scope.js';

export interface AccountExclusion {
  account: TargetAccount;
  scope: UserScope;
  /** Kept out through the break-glass group: listed in excludeGroups, or nested in an excluded group. */
  byBreakGlassGroup: boolean;
}

export interface PolicyExclusions {
  policy: ConditionalAccessPolicy;
  target: PolicyTarget;
  isDedicated: boolean;
  /** The break-glass group is listed directly in `excludeGroups` (what Maester MT.1005 looks for). */
  groupListed: boolean;
  /** The accounts that must be out of this policy's scope, and where they stand. */
  mustBeOut: AccountExclusion[];
}

const judged = new WeakMap<BreakGlassTargets, WeakMap<DirectoryIndex, PolicyExclusions[]>>();

/**
 * Judge every policy (any state) for the accounts that must stay out of it. Worked out once per
 * audit (targets are resolved once per context) and shared by EA-CA-003 and EA-CA-006: callers
 * must not modify it.
 */
export function policyExclusions(
  context: AuditContext,
  targets: BreakGlassTargets,
  index: DirectoryIndex,
): PolicyExclusions[] {
  let byIndex = judged.get(targets);
  if (!byIndex) judged.set(targets, (byIndex = new WeakMap()));
  let exclusions = byIndex.get(index);
  if (!exclusions) byIndex.set(index, (exclusions = judgePolicies(context, targets, index)));
  return exclusions;
}

function judgePolicies(
  context: AuditContext,
  targets: BreakGlassTargets,
  index: DirectoryIndex,
): PolicyExclusions[] {
  const groupId = targets.group?.id.toLowerCase();
  return (context.snapshot.graph.conditionalAccessPolicies ?? []).map((policy) => {
    const isDedicated = policy === targets.dedicatedPolicy;
    const accounts = isDedicated ? targets.accounts.filter((a) => a.role === 'excluded') : targets.accounts;
    const mustBeOut = accounts.map((account): AccountExclusion => {
      const scope = userScope(policy, account.user.id, index);
      const byBreakGlassGroup =
        groupId !== undefined &&
        scope.excluded.some(
          (m) =>
            (m.kind === 'group' || m.kind === 'nestedGroup') &&
            (m.path ?? [m.id?.toLowerCase()]).includes(groupId),
        );
      return { account, scope, byBreakGlassGroup };
    });
    return {
      policy,
      target: policyTarget(policy),
      isDedicated,
      groupListed:
        groupId !== undefined && usersOf(policy).excludeGroups.some((g) => g.toLowerCase() === groupId),
      mustBeOut,
    };
  });
}
