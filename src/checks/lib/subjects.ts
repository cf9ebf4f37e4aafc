/** Building the `subject` of an outcome the same way in every check. */
import type { ArmResource, Group } from '../../snapshot/schema.js';
import type { AuditContext, ResolvedAccount, Subject, SubjectType } from '../types.js';

/** The tenant as a subject (the organization id, or `tenant` when it was not collected). */
export function tenantSubject(context: AuditContext): Subject {
  const organization = context.snapshot.graph.organization?.[0];
  return organization
    ? {
        type: 'tenant',
        id: organization.id,
        ...(organization.displayName ? { displayName: organization.displayName } : {}),
      }
    : { type: 'tenant', id: 'tenant' };
}

/** An emergency account as a subject: its object id and UPN, or the config's reference when it does not resolve. */
export function accountSubject(account: ResolvedAccount): Subject {
  return account.user
    ? { type: 'user', id: account.user.id, displayName: account.user.userPrincipalName }
    : { type: 'user', id: account.ref, displayName: account.ref };
}

export function groupSubject(group: Group): Subject {
  return { type: 'group', id: group.id, ...(group.displayName ? { displayName: group.displayName } : {}) };
}

/** An ARM resource as a subject; the display name prefers `properties.displayName` (alert rules have one). */
export function armSubject(type: SubjectType, resource: ArmResource): Subject {
  const displayName = resource.properties?.['displayName'];
  return {
    type,
    id: resource.id,
    displayName: typeof displayName === 'string' && displayName ? displayName : resource.name,
  };
}
