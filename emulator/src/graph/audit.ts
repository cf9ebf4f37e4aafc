/**
 * Directory audit entries for writes made through the emulator's Graph API, so that monitoring
 * (auditLogs/directoryAudits, and Log Analytics built on it) sees what a real tenant would log.
 */
import type { RouteContext } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { graphNow } from './request-body.js';

/** What was changed. */
export interface AuditTarget {
  id: string;
  displayName?: string | null;
  type: 'User' | 'Group' | 'Role' | 'Policy' | 'Other';
  userPrincipalName?: string | null;
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

/** Appends a directoryAudit entry initiated by the calling app. */
export function recordDirectoryAudit(
  ctx: RouteContext,
  activity: {
    activityDisplayName: string;
    category: string;
    operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
    targets: AuditTarget[];
  },
): JsonObject {
  const entry: JsonObject = {
    id: `Directory_${ctx.tenant.newId()}`,
    category: activity.category,
    correlationId: ctx.clientRequestId ?? ctx.requestId,
    result: 'success',
    resultReason: '',
    activityDisplayName: activity.activityDisplayName,
    activityDateTime: graphNow(ctx),
    loggedByService: 'Core Directory',
    operationType: activity.operationType,
    initiatedBy: {
      app: {
        appId: ctx.token.appid,
        displayName: ctx.app.displayName ?? null,
        servicePrincipalId: ctx.token.oid,
        servicePrincipalName: null,
      },
      user: null,
    },
    targetResources: activity.targets.map((t) => ({
      id: t.id,
      displayName: t.displayName ?? null,
      type: t.type,
      userPrincipalName: t.userPrincipalName ?? null,
      groupType: null,
      modifiedProperties: t.modifiedProperties ?? [],
    })),
    additionalDetails: [],
  };
  ctx.tenant.collection('directoryAudits').put(entry);
  return entry;
}
