/**
 * Who a policy's `conditions.users` covers: the user, its transitive groups, the built-in roles
 * it actively holds at tenant scope, and its guest/external type. Exclusions beat inclusions.
 */
import { flags, includesCi, object, strings } from './json-values.js';
import type { DirectoryView, GraphObject, SignInIdentity } from './types.js';

/** What the evaluator knows about the signing-in user. */
export interface UserFacts {
  readonly id: string;
  /** Transitive group ids, lower case. */
  readonly groupIds: ReadonlySet<string>;
  /** Template ids of built-in roles held actively at tenant scope, lower case. */
  readonly roleTemplateIds: ReadonlySet<string>;
  /** Guest/external types (`internalGuest`, `b2bCollaborationGuest`, …); empty for members. */
  readonly guestTypes: readonly string[];
  readonly externalTenantId?: string;
}

/** Transitive group membership of one directory object, following nested groups. */
export function transitiveGroups(directory: DirectoryView, memberId: string): Set<string> {
  const parentsOf = new Map<string, string[]>();
  for (const group of directory.groups) {
    for (const member of strings(group['members'])) {
      const key = member.toLowerCase();
      parentsOf.set(key, [...(parentsOf.get(key) ?? []), String(group['id']).toLowerCase()]);
    }
  }
  const found = new Set<string>();
  const queue = [memberId.toLowerCase()];
  while (queue.length > 0) {
    for (const parent of parentsOf.get(queue.shift() ?? '') ?? []) {
      if (!found.has(parent)) {
        found.add(parent);
        queue.push(parent);
      }
    }
  }
  return found;
}

/** Active built-in role templates held at tenant scope, directly or through a (role-assignable) group. */
export function activeRoleTemplates(
  directory: DirectoryView,
  principalIds: ReadonlySet<string>,
): Set<string> {
  const held = new Set<string>();
  for (const assignment of directory.roleAssignments) {
    const principal = String(assignment['principalId'] ?? '').toLowerCase();
    const scope = assignment['directoryScopeId'];
    if (!principalIds.has(principal) || (scope !== undefined && scope !== null && scope !== '/')) continue;
    const definitionId = String(assignment['roleDefinitionId'] ?? '').toLowerCase();
    const definition = directory.roleDefinitions.find((d) => String(d['id']).toLowerCase() === definitionId);
    // Conditional Access honours built-in roles only; custom roles never match includeRoles.
    if (definition?.['isBuiltIn'] === false) continue;
    held.add(String(definition?.['templateId'] ?? definitionId).toLowerCase());
  }
  return held;
}

function guestTypesOf(user: GraphObject): string[] {
  const upn = String(user['userPrincipalName'] ?? '');
  const external = upn.includes('#EXT#');
  if (user['userType'] === 'Guest') return [external ? 'b2bCollaborationGuest' : 'internalGuest'];
  return external ? ['b2bCollaborationMember'] : [];
}

/** Facts about a user sign-in, or undefined when the user does not exist. */
export function userFacts(
  directory: DirectoryView,
  identity: Extract<SignInIdentity, { kind: 'user' }>,
): UserFacts | undefined {
  const user = directory.users.find((u) => String(u['id']).toLowerCase() === identity.userId.toLowerCase());
  if (!user) return undefined;
  const id = String(user['id']);
  const groupIds = transitiveGroups(directory, id);
  const roleTemplateIds = activeRoleTemplates(directory, new Set([id.toLowerCase(), ...groupIds]));
  const stated = identity.externalUserType ? flags(identity.externalUserType) : [];
  const facts: UserFacts = {
    id,
    groupIds,
    roleTemplateIds,
    guestTypes: stated.length > 0 ? stated : guestTypesOf(user),
  };
  return identity.externalTenantId ? { ...facts, externalTenantId: identity.externalTenantId } : facts;
}

function guestsMatch(condition: unknown, user: UserFacts): boolean {
  const spec = object(condition);
  if (!spec || user.guestTypes.length === 0) return false;
  const types = flags(spec['guestOrExternalUserTypes']);
  if (!user.guestTypes.some((t) => includesCi(types, t))) return false;
  const tenants = object(spec['externalTenants']);
  if (!tenants || tenants['membershipKind'] !== 'enumerated') return true;
  return (
    user.externalTenantId !== undefined && includesCi(strings(tenants['members']), user.externalTenantId)
  );
}

function listed(ids: readonly string[], user: UserFacts, keywordsApply: boolean): boolean {
  return ids.some((entry) => {
    if (keywordsApply && entry === 'All') return true;
    if (entry === 'GuestsOrExternalUsers') return user.guestTypes.length > 0;
    return entry.toLowerCase() === user.id.toLowerCase();
  });
}

function anyIn(ids: readonly string[], set: ReadonlySet<string>): boolean {
  return ids.some((id) => set.has(id.toLowerCase()));
}

/** Is the user inside the policy's user scope (included and not excluded)? */
export function userInScope(usersCondition: GraphObject | undefined, user: UserFacts): boolean {
  if (!usersCondition) return false;
  const c = usersCondition;
  const included =
    listed(strings(c['includeUsers']), user, true) ||
    anyIn(strings(c['includeGroups']), user.groupIds) ||
    anyIn(strings(c['includeRoles']), user.roleTemplateIds) ||
    guestsMatch(c['includeGuestsOrExternalUsers'], user);
  if (!included) return false;
  const excluded =
    listed(strings(c['excludeUsers']), user, false) ||
    anyIn(strings(c['excludeGroups']), user.groupIds) ||
    anyIn(strings(c['excludeRoles']), user.roleTemplateIds) ||
    guestsMatch(c['excludeGuestsOrExternalUsers'], user);
  return !excluded;
}

/** Does a workload-identity policy (`conditions.clientApplications`) cover this service principal? */
export function servicePrincipalInScope(
  clientApplications: GraphObject,
  servicePrincipalId: string,
): boolean {
  const include = strings(clientApplications['includeServicePrincipals']);
  const included = include.includes('ServicePrincipalsInMyTenant') || includesCi(include, servicePrincipalId);
  return included && !includesCi(strings(clientApplications['excludeServicePrincipals']), servicePrincipalId);
}
