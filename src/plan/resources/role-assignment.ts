/**
 * Global Administrator, active and permanent, for every emergency account. Where Privileged
 * Identity Management governs roles (Entra ID P2), the assignment is made through a PIM schedule
 * request (`adminAssign`, or `adminUpdate` to lift an end date) so PIM records it as permanent;
 * elsewhere a plain role assignment is permanent by nature.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from '../../config/schema.js';
import type { Snapshot } from '../../snapshot/schema.js';
import type { Change } from '../types.js';

/** Whether the tenant has PIM (an Entra ID P2 service plan) and its schedules could be read. */
export function pimGovernsRoles(snapshot: Snapshot): boolean {
  const hasP2 = (snapshot.graph.subscribedSkus ?? []).some((sku) =>
    (sku.servicePlans ?? []).some((plan) => plan.servicePlanName === 'AAD_PREMIUM_P2'),
  );
  return hasP2 && snapshot.graph.roleAssignmentSchedules !== undefined;
}

/** Ids that denote Global Administrator: the template id and the tenant's definition id for it. */
export function globalAdministratorIds(snapshot: Snapshot): Set<string> {
  const ids = new Set([GLOBAL_ADMINISTRATOR_TEMPLATE_ID]);
  for (const definition of snapshot.graph.roleDefinitions ?? []) {
    if (definition.templateId === GLOBAL_ADMINISTRATOR_TEMPLATE_ID) ids.add(definition.id.toLowerCase());
  }
  return ids;
}

interface ScheduleInfo {
  expiration?: { type?: string; endDateTime?: string | null };
}

export const roleAssignmentPlanner: ResourcePlanner = {
  kind: 'role-assignment',
  plan(context) {
    const { snapshot } = context;
    const gaIds = globalAdministratorIds(snapshot);
    const isGa = (roleDefinitionId: string) => gaIds.has(roleDefinitionId.toLowerCase());
    const viaPim = pimGovernsRoles(snapshot);
    return context.accounts.flatMap((account): Change[] => {
      if (!account.user && !account.declared.userPrincipalName) return [];
      const address = `role-assignment[${account.name}]`;
      const principalId = account.user ? account.user.id : { $ref: `account[${account.name}]#id` };
      const dependsOn = account.user ? [] : [`account[${account.name}]`];
      const userId = account.user?.id.toLowerCase();
      const active = (snapshot.graph.roleAssignments ?? []).find(
        (a) => a.principalId.toLowerCase() === userId && isGa(a.roleDefinitionId),
      );
      const schedule = (snapshot.graph.roleAssignmentSchedules ?? []).find(
        (s) =>
          s.principalId.toLowerCase() === userId &&
          isGa(s.roleDefinitionId) &&
          s.assignmentType !== 'Activated',
      );
      const expiration = (schedule?.scheduleInfo as ScheduleInfo | undefined)?.expiration;
      const permanent = !expiration || expiration.type === 'noExpiration';
      if (active && permanent) {
        return [
          noOp(address, 'role-assignment', 'Global Administrator is active and permanent', {
            role: 'Global Administrator',
            assignment: 'active, permanent',
          }),
        ];
      }
      const before = active
        ? {
            role: 'Global Administrator',
            assignment: `active until ${expiration?.endDateTime ?? 'a set date'}`,
          }
        : eligibleOrNone(snapshot, userId, isGa);
      const after = { role: 'Global Administrator', assignment: 'active, permanent' };
      const requestBody = {
        action: active ? 'adminUpdate' : 'adminAssign',
        justification: 'Emergency access account: permanent active Global Administrator (breakglass)',
        roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
        directoryScopeId: '/',
        principalId,
        scheduleInfo: { expiration: { type: 'noExpiration' } },
      };
      return [
        {
          address,
          kind: 'role-assignment',
          action: active ? 'update' : 'create',
          reason: active
            ? 'the Global Administrator assignment expires'
            : 'the account does not hold Global Administrator as an active assignment',
          before,
          after,
          dependsOn,
          spec: viaPim
            ? { via: 'pim', body: requestBody }
            : {
                via: 'direct',
                body: {
                  roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
                  principalId,
                  directoryScopeId: '/',
                },
              },
        },
      ];
    });
  },
};

function eligibleOrNone(snapshot: Snapshot, userId: string | undefined, isGa: (id: string) => boolean) {
  const eligible = (snapshot.graph.roleEligibilitySchedules ?? []).some(
    (s) => s.principalId.toLowerCase() === userId && isGa(s.roleDefinitionId),
  );
  return eligible ? { role: 'Global Administrator', assignment: 'eligible only (PIM)' } : null;
}
