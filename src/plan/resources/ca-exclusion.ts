/**
 * The break-glass group's exclusion in every other Conditional Access policy that targets users —
 * any state, Microsoft-managed ones included, because a disabled or report-only policy is one
 * click (or 45 days, for managed ones) away from enforcing. Workload-identity and
 * authentication-context policies never apply to an interactive emergency sign-in and are left alone.
 *
 * The change only ever adds ids to `excludeGroups`; the executor re-reads the policy, writes back
 * the exclusion arrays alone, and refuses if any id it would write cannot be resolved.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { groupIdRef, type PlanContext } from '../context.js';
import type { ConditionalAccessPolicy } from '../../snapshot/schema.js';
import type { Change } from '../types.js';

/** Whether a policy can ever apply to an interactive user sign-in (see module comment). */
export function targetsUsers(policy: ConditionalAccessPolicy): boolean {
  const users = policy.conditions.users;
  const applications = (policy.conditions.applications ?? {}) as {
    includeAuthenticationContextClassReferences?: string[];
  };
  if ((applications.includeAuthenticationContextClassReferences ?? []).length > 0) return false;
  if (!users) return false;
  const includesSomeone =
    (users.includeUsers ?? []).some((u) => u !== 'None') ||
    (users.includeGroups ?? []).length > 0 ||
    (users.includeRoles ?? []).length > 0 ||
    users.includeGuestsOrExternalUsers != null;
  return includesSomeone;
}

/** The policies that must exclude the group under the configured model. */
export function policiesNeedingExclusion(context: PlanContext): ConditionalAccessPolicy[] {
  const dedicatedId = context.config.model === 'exclude-all' ? undefined : context.dedicatedPolicy?.id;
  return (context.snapshot.graph.conditionalAccessPolicies ?? []).filter(
    (p) => p.id !== dedicatedId && targetsUsers(p),
  );
}

export const caExclusionPlanner: ResourcePlanner = {
  kind: 'ca-exclusion',
  plan(context) {
    const groupId = groupIdRef(context);
    return policiesNeedingExclusion(context).map((policy): Change => {
      const address = `ca-exclusion[${policy.id}]`;
      const excluded = policy.conditions.users?.excludeGroups ?? [];
      const before = {
        policy: policy.displayName ?? policy.id,
        state: policy.state,
        excludeGroups: excluded,
      };
      if (typeof groupId === 'string' && excluded.some((id) => id.toLowerCase() === groupId.toLowerCase())) {
        return noOp(address, 'ca-exclusion', 'the group is already excluded', before);
      }
      return {
        address,
        kind: 'ca-exclusion',
        action: 'update',
        reason: `"${policy.displayName ?? policy.id}" (${policy.state}) does not exclude the break-glass group`,
        before,
        after: { ...before, excludeGroups: [...excluded, groupId] },
        dependsOn: typeof groupId === 'string' ? [] : ['group'],
        spec: { policyId: policy.id, addExcludeGroups: [groupId] },
        conditionalAccessWrite: true,
      };
    });
  },
};
