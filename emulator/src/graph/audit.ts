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
    /** The service that logs it (default `Core Directory`; Conditional Access logs its own). */
    loggedByService?: string;
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
    loggedByService: activity.loggedByService ?? 'Core Directory',
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
  // Monitoring mirrors the record into the workspaces that receive AuditLogs.
  ctx.emulator.recordActivity({ tenant: ctx.tenant, kind: 'directoryAudit', record: entry });
  return entry;
}

/**
 * Audits a Conditional Access policy change as Entra logs it: service `Conditional Access`,
 * category `Policy`, the policy as JSON before and after in `modifiedProperties`.
 */
export function recordPolicyAudit(
  ctx: RouteContext,
  operation: 'Add' | 'Update' | 'Delete',
  policy: JsonObject,
  previous?: JsonObject,
): JsonObject {
  return recordDirectoryAudit(ctx, {
    activityDisplayName: `${operation} conditional access policy`,
    category: 'Policy',
    operationType: operation,
    loggedByService: 'Conditional Access',
    targets: [
      {
        id: String(policy['id']),
        displayName: String(policy['displayName'] ?? ''),
        type: 'Policy',
        modifiedProperties: [
          {
            displayName: 'ConditionalAccessPolicy',
            oldValue: previous ? JSON.stringify(previous) : null,
            newValue: operation === 'Delete' ? null : JSON.stringify(policy),
          },
        ],
      },
    ],
  });
}
