/**
 * Directory objects (users and groups) as Graph shows them: `@odata.type`, the default property
 * set of v1.0 users, group membership without the snapshot's added `members` key, and the
 * membership graph (direct and transitive members, memberOf).
 */
import { graphErrors } from '../http/errors.js';
import type { RouteContext } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import type { Collection, TenantStore } from '../tenant/store.js';

/** Properties v1.0 returns for a user without `$select`. */
export const userDefaultProperties = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** User properties the emulator accepts in `$select` and request bodies. */
export const userProperties = [
  ...userDefaultProperties,
  'accountEnabled',
  'ageGroup',
  'assignedLicenses',
  'assignedPlans',
  'city',
  'companyName',
  'country',
  'createdDateTime',
  'creationType',
  'department',
  'employeeId',
  'employeeType',
  'externalUserState',
  'identities',
  'isResourceAccount',
  'lastPasswordChangeDateTime',
  'mailNickname',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'postalCode',
  'preferredDataLocation',
  'proxyAddresses',
  'showInAddressList',
  'signInActivity',
  'signInSessionsValidFromDateTime',
  'state',
  'streetAddress',
  'usageLocation',
  'userType',
  'deletedDateTime',
  'customSecurityAttributes',
  'employeeHireDate',
  'employeeLeaveDateTime',
  'faxNumber',
  'imAddresses',
  'legalAgeGroupClassification',
  'securityIdentifier',
] as const;

/** Group properties the emulator accepts in `$select` and request bodies. */
export const groupProperties = [
  'id',
  'classification',
  'createdDateTime',
  'deletedDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
  'creationOptions',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'uniqueName',
] as const;

/** Which kind of directory object an id is. */
export type DirectoryObjectKind = 'user' | 'group';

/** A user without keys Graph would not return. */
export function userView(version: RouteContext['version']) {
  return (user: JsonObject): JsonObject => {
    if (version === 'beta') return withoutSecrets(user);
    const out: JsonObject = {};
    for (const p of userDefaultProperties) out[p] = user[p] ?? (p === 'businessPhones' ? [] : null);
    return out;
  };
}

/** A user with secrets removed (password profiles are never stored, but be safe with seeded files). */
export function withoutSecrets(user: JsonObject): JsonObject {
  const { passwordProfile: _p, ...rest } = user;
  return rest;
}

/** A group as Graph returns it: without the snapshot's added `members` list. */
export function groupView(group: JsonObject): JsonObject {
  const { members: _m, ...rest } = group;
  return rest;
}

/** A directory object with `@odata.type` first, as mixed collections (members, memberOf) show it. */
export function typed(kind: DirectoryObjectKind, obj: JsonObject): JsonObject {
  const { '@odata.type': _t, ...rest } = obj;
  return { '@odata.type': `#microsoft.graph.${kind}`, ...rest };
}

/** Finds a user or group by id (visible objects only, so the consistency fault applies). */
export function findDirectoryObject(
  tenant: TenantStore,
  id: string,
): { kind: DirectoryObjectKind; obj: JsonObject } | undefined {
  const user = tenant.users.get(id);
  if (user) return { kind: 'user', obj: user };
  const group = tenant.groups.get(id);
  if (group) return { kind: 'group', obj: group };
  return undefined;
}

/** A user by id or userPrincipalName, or Graph's 404. */
export function requireUser(tenant: TenantStore, idOrUpn: string): JsonObject {
  const byId = tenant.users.get(idOrUpn);
  if (byId) return byId;
  if (idOrUpn.includes('@')) {
    const upn = idOrUpn.toLowerCase();
    const found = tenant.users.list().find((u) => String(u.userPrincipalName ?? '').toLowerCase() === upn);
    if (found) return found;
  }
  throw graphErrors.notFound(idOrUpn);
}

/** A group by id, or Graph's 404. */
export function requireGroup(tenant: TenantStore, id: string): JsonObject {
  const group = tenant.groups.get(id);
  if (!group) throw graphErrors.notFound(id);
  return group;
}

/** Ids of a group's direct members (the snapshot's `members`). */
export function memberIds(group: JsonObject): string[] {
  return Array.isArray(group.members) ? (group.members as string[]) : [];
}

/** A group's direct members that reads can see, typed. */
export function directMembers(tenant: TenantStore, group: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const id of memberIds(group)) {
    const found = findDirectoryObject(tenant, id);
    if (found)
      out.push(typed(found.kind, found.kind === 'group' ? groupView(found.obj) : withoutSecrets(found.obj)));
  }
  return out;
}

/** Every member reachable through nested groups (each once; cycles are harmless). */
export function transitiveMembers(tenant: TenantStore, group: JsonObject): JsonObject[] {
  const seen = new Set<string>([String(group.id).toLowerCase()]);
  const out: JsonObject[] = [];
  const queue = [group];
  while (queue.length) {
    const g = queue.shift() as JsonObject;
    for (const id of memberIds(g)) {
      const k = id.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      const found = findDirectoryObject(tenant, id);
      if (!found) continue;
      out.push(typed(found.kind, found.kind === 'group' ? groupView(found.obj) : withoutSecrets(found.obj)));
      if (found.kind === 'group') queue.push(found.obj);
    }
  }
  return out;
}

/** Member id (lower case) → keys of the groups that list it directly, in the collection's order. */
interface MemberOfIndex {
  readonly version: number;
  readonly parents: Map<string, string[]>;
}

const memberOfIndexes = new WeakMap<Collection, MemberOfIndex>();

/**
 * The reverse of every group's `members`, built once per version of the groups collection: a
 * member's groups are then a look-up, not a scan of every group (5,000 in the large scenario) at
 * each level of nesting. Invisible groups (the consistency fault) are indexed too and filtered out
 * when read, since visibility changes with the clock.
 */
function memberOfIndex(groups: Collection): MemberOfIndex {
  const cached = memberOfIndexes.get(groups);
  if (cached && cached.version === groups.version) return cached;
  const parents = new Map<string, string[]>();
  for (const group of groups.listAll()) {
    const groupKey = groups.keyOf(group);
    for (const member of memberIds(group)) {
      const k = member.toLowerCase();
      const list = parents.get(k);
      if (!list) parents.set(k, [groupKey]);
      else if (list[list.length - 1] !== groupKey) list.push(groupKey);
    }
  }
  const index = { version: groups.version, parents };
  memberOfIndexes.set(groups, index);
  return index;
}

/** Groups that list `id` as a direct member. */
export function directMemberOf(tenant: TenantStore, id: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const groupKey of memberOfIndex(tenant.groups).parents.get(id.toLowerCase()) ?? []) {
    const group = tenant.groups.get(groupKey);
    if (group) out.push(group);
  }
  return out;
}

/** Groups `id` belongs to directly or through nesting. */
export function transitiveMemberOf(tenant: TenantStore, id: string): JsonObject[] {
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  const queue = [id];
  while (queue.length) {
    const cur = queue.shift() as string;
    for (const g of directMemberOf(tenant, cur)) {
      const gk = String(g.id).toLowerCase();
      if (seen.has(gk)) continue;
      seen.add(gk);
      out.push(g);
      queue.push(String(g.id));
    }
  }
  return out;
}

/** The `…/directoryObjects/{id}` (or `…/users/{id}`, `…/groups/{id}`) reference of an `@odata.id`. */
export function idFromODataId(ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined;
  const m = /\/(?:directoryObjects|users|groups|servicePrincipals)(?:\/|\(')([^/')?]+)'?\)?\/?$/i.exec(ref);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}
