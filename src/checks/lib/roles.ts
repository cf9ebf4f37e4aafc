/** Directory roles: which role definition ids mean Global Administrator, and who holds a role how. */
import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from '../../config/schema.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { key } from './ids.js';

/**
 * Lowercase ids that denote Global Administrator in role assignments: the template id (which
 * `roleDefinitionId` accepts) and any role definition whose `templateId` is the GA template.
 */
export function globalAdministratorRoleIds(snapshot: Snapshot): Set<string> {
  const ids = new Set([GLOBAL_ADMINISTRATOR_TEMPLATE_ID]);
  for (const definition of snapshot.graph.roleDefinitions ?? []) {
    if (
      key(definition.templateId) === GLOBAL_ADMINISTRATOR_TEMPLATE_ID ||
      key(definition.id) === GLOBAL_ADMINISTRATOR_TEMPLATE_ID
    ) {
      ids.add(key(definition.id));
    }
  }
  return ids;
}

/** Lowercase template ids (or definition ids when no template) of the roles `principalIds` hold actively. */
export function activeRoleTemplateIds(snapshot: Snapshot, principalIds: readonly string[]): Set<string> {
  const principals = new Set(principalIds.map(key));
  const templateOf = new Map(
    (snapshot.graph.roleDefinitions ?? []).map((d) => [key(d.id), key(d.templateId ?? d.id)]),
  );
  const held = new Set<string>();
  for (const assignment of snapshot.graph.roleAssignments ?? []) {
    if (principals.has(key(assignment.principalId))) {
      const id = key(assignment.roleDefinitionId);
      held.add(templateOf.get(id) ?? id);
    }
  }
  return held;
}

/** How a schedule's `scheduleInfo.expiration` reads. */
export interface ScheduleExpiry {
  type: string;
  endDateTime?: string;
}

export function scheduleExpiry(scheduleInfo: unknown): ScheduleExpiry | undefined {
  if (!scheduleInfo || typeof scheduleInfo !== 'object') return undefined;
  const expiration = (scheduleInfo as { expiration?: { type?: unknown; endDateTime?: unknown } }).expiration;
  if (!expiration || typeof expiration !== 'object') return undefined;
  return {
    type: typeof expiration.type === 'string' ? expiration.type : 'unknown',
    ...(typeof expiration.endDateTime === 'string' ? { endDateTime: expiration.endDateTime } : {}),
  };
}
