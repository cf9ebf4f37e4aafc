import type { CheckDefinition } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { transitiveGroupsOf } from './lib/directory.js';
import { key } from './lib/ids.js';
import { perAccount } from './lib/perAccount.js';
import { globalAdministratorRoleIds, scheduleExpiry } from './lib/roles.js';
import { tenantSubject } from './lib/subjects.js';

/** EA-ACC-005: each account holds Global Administrator as an active, permanent assignment. */
export const check: CheckDefinition = {
  id: 'EA-ACC-005',
  title: 'Emergency accounts are permanent, active Global Administrators',
  area: 'accounts',
  severity: 'high',
  rationale:
    'In an emergency PIM activation may be impossible (no approver left, MFA service down). The accounts must hold Global Administrator actively and permanently, not only as an eligible or time-bound assignment.',
  doc: 'docs/checks/EA-ACC-005.md',
  evaluate(context) {
    const graph = context.snapshot.graph;
    if (!graph.roleAssignments)
      return [skipNotCollected(context, 'graph.roleAssignments', tenantSubject(context))];
    const ga = globalAdministratorRoleIds(context.snapshot);
    const isGa = (roleDefinitionId: string) => ga.has(key(roleDefinitionId));
    return perAccount(context, ({ user }) => {
      // Direct, or through a role-assignable group the account belongs to.
      const principals = new Set([key(user.id), ...transitiveGroupsOf(context.snapshot, user.id)]);
      const holds = (principalId: string) => principals.has(key(principalId));
      const active = graph.roleAssignments!.filter((a) => holds(a.principalId) && isGa(a.roleDefinitionId));
      const eligible = (graph.roleEligibilitySchedules ?? []).filter(
        (s) => holds(s.principalId) && isGa(s.roleDefinitionId),
      );
      const schedules = (graph.roleAssignmentSchedules ?? []).filter(
        (s) => holds(s.principalId) && isGa(s.roleDefinitionId),
      );
      const scheduleEvidence = schedules.map((s) => ({
        id: s.id,
        assignmentType: s.assignmentType ?? null,
        expiration: scheduleExpiry(s.scheduleInfo) ?? null,
      }));
      const evidence = {
        activeAssignments: active.map((a) => ({
          id: a.id,
          principalId: a.principalId,
          viaGroup: key(a.principalId) !== key(user.id),
        })),
        eligibleSchedules: eligible.map((s) => s.id),
        assignmentSchedules: scheduleEvidence,
        schedulesCollected: graph.roleAssignmentSchedules !== undefined,
      };
      if (active.length === 0) {
        return {
          status: 'fail',
          message:
            eligible.length > 0
              ? `${user.userPrincipalName} is only eligible for Global Administrator (PIM); it needs an active, permanent assignment.`
              : `${user.userPrincipalName} does not hold Global Administrator.`,
          evidence,
        };
      }
      // Without PIM schedules an active assignment is a plain, permanent one.
      if (schedules.length === 0) {
        return {
          status: 'pass',
          message: `${user.userPrincipalName} holds Global Administrator actively and permanently.`,
          evidence,
        };
      }
      const permanent = schedules.find((s) => {
        const expiry = scheduleExpiry(s.scheduleInfo);
        return (
          key(s.assignmentType ?? 'assigned') === 'assigned' &&
          (!expiry || (key(expiry.type) === 'noexpiration' && !expiry.endDateTime))
        );
      });
      if (permanent) {
        return {
          status: 'pass',
          message: `${user.userPrincipalName} holds Global Administrator actively and permanently.`,
          evidence,
        };
      }
      const activated = schedules.every((s) => key(s.assignmentType) === 'activated');
      const ends = schedules
        .map((s) => scheduleExpiry(s.scheduleInfo)?.endDateTime)
        .filter((end): end is string => !!end)
        .sort();
      return {
        status: 'fail',
        message: activated
          ? `${user.userPrincipalName} holds Global Administrator only through a PIM activation of an eligible assignment.`
          : `${user.userPrincipalName}'s Global Administrator assignment is time-bound${ends.length ? ` (ends ${ends[ends.length - 1]})` : ''}; it must have no end date.`,
        evidence,
      };
    });
  },
};
