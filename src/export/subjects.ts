/**
 * What the interop exports describe: the emergency accounts and the break-glass group, as the
 * audit resolved them (config first, else the group's members).
 */
import { resolvedUsers } from '../checks/context.js';
import { findBreakGlassGroup } from '../checks/lib/directory.js';
import type { AuditContext } from '../checks/types.js';

export interface ExportSubjects {
  tenantId: string;
  accounts: { id: string; userPrincipalName: string; displayName?: string }[];
  group?: { id: string; displayName: string };
  accountSource: AuditContext['accountSource'];
}

/** The resolved accounts (sorted by UPN) and group of an audit context. */
export function exportSubjectsOf(context: AuditContext): ExportSubjects {
  const accounts = resolvedUsers(context)
    .map(({ user }) => ({
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      ...(user.displayName ? { displayName: user.displayName } : {}),
    }))
    .sort((a, b) => (a.userPrincipalName.toLowerCase() < b.userPrincipalName.toLowerCase() ? -1 : 1));
  const { group } = findBreakGlassGroup(context.snapshot, context.config);
  return {
    tenantId: context.snapshot.graph.organization?.[0]?.id ?? context.config.tenant.id ?? '',
    accounts,
    ...(group
      ? { group: { id: group.id, displayName: group.displayName ?? context.config.group.displayName } }
      : {}),
    accountSource: context.accountSource,
  };
}
