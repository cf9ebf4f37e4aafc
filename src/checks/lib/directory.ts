/** Directory look-ups shared by the context and the checks: users, groups, transitive members, the initial domain. */
import type { BreakglassConfig } from '../../config/schema.js';
import type { Group, Snapshot, User } from '../../snapshot/schema.js';
import { key } from './ids.js';

/** Users by lowercase id and by lowercase UPN. */
export interface UserIndex {
  byId: Map<string, User>;
  byUpn: Map<string, User>;
}

/**
 * A value derived from one of the snapshot's arrays, built once per array object: the audit asks
 * the same questions of a 50,000-user snapshot from many checks. Snapshots are read-only once
 * read; an array that grew or shrank since (tests build snapshots by changing a fixture) is
 * indexed again.
 */
function perArray<A extends object, T>(
  cache: WeakMap<A, { length: number; value: T }>,
  array: A & { length: number },
  build: () => T,
): T {
  const cached = cache.get(array);
  if (cached && cached.length === array.length) return cached.value;
  const value = build();
  cache.set(array, { length: array.length, value });
  return value;
}

const userIndexes = new WeakMap<readonly User[], { length: number; value: UserIndex }>();

/** The index of a users array (the last of any duplicate ids wins, as in a Map built from the list). */
export function usersIndexOf(users: readonly User[]): UserIndex {
  return perArray(userIndexes, users, () => {
    const index: UserIndex = { byId: new Map(), byUpn: new Map() };
    for (const user of users) {
      index.byId.set(key(user.id), user);
      index.byUpn.set(key(user.userPrincipalName), user);
    }
    return index;
  });
}

export function userIndex(snapshot: Snapshot): UserIndex {
  return usersIndexOf(snapshot.graph.users ?? []);
}

const groupsById = new WeakMap<readonly Group[], { length: number; value: Map<string, Group> }>();

/** Groups by lowercase id; of duplicate ids the first, as a search of the list finds it. */
function groupIndexOf(groups: readonly Group[]): Map<string, Group> {
  return perArray(groupsById, groups, () => {
    const byId = new Map<string, Group>();
    for (const group of groups) if (!byId.has(key(group.id))) byId.set(key(group.id), group);
    return byId;
  });
}

const parentIndexes = new WeakMap<readonly Group[], { length: number; value: Map<string, string[]> }>();

/**
 * Lowercase member id → lowercase ids of the groups that list it directly, in the order of the
 * groups: the reverse of `members`, for walking up from a user to every group it is in.
 */
export function directParentsOf(groups: readonly Group[]): ReadonlyMap<string, readonly string[]> {
  return perArray(parentIndexes, groups, () => {
    const parents = new Map<string, string[]>();
    for (const group of groups) {
      const groupId = key(group.id);
      for (const member of group.members ?? []) {
        const memberId = key(member);
        const list = parents.get(memberId);
        if (list) list.push(groupId);
        else parents.set(memberId, [groupId]);
      }
    }
    return parents;
  });
}

export function findGroup(snapshot: Snapshot, id: string): Group | undefined {
  const groups = snapshot.graph.groups;
  return groups ? groupIndexOf(groups).get(key(id)) : undefined;
}

/** The tenant's initial `*.onmicrosoft.com` domain: `isInitial` in the organization, else the config's. */
export function initialDomain(snapshot: Snapshot, config?: BreakglassConfig): string | undefined {
  for (const organization of snapshot.graph.organization ?? []) {
    const initial = organization.verifiedDomains?.find((domain) => domain.isInitial === true);
    if (initial) return initial.name;
  }
  return config?.tenant.initialDomain;
}

export interface TransitiveMembers {
  /** Lowercase ids of users reached through the group and its nested groups. */
  users: string[];
  /** Lowercase ids of nested groups (direct or deeper). */
  groups: string[];
  /** Member ids that are neither a known user nor a known group (e.g. devices, service principals, deleted objects). */
  others: string[];
  /** Groups whose `members` were not collected, so the set may be incomplete. */
  uncollected: string[];
}

/** The transitive members of a group, following nested groups (cycles are visited once). */
export function transitiveMembers(snapshot: Snapshot, groupId: string): TransitiveMembers {
  const users = userIndex(snapshot);
  const result: TransitiveMembers = { users: [], groups: [], others: [], uncollected: [] };
  const seen = new Set<string>([key(groupId)]);
  const queue = [key(groupId)];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const group = findGroup(snapshot, current);
    if (!group?.members) {
      result.uncollected.push(current);
      continue;
    }
    for (const raw of group.members) {
      const member = key(raw);
      if (seen.has(member)) continue;
      seen.add(member);
      if (users.byId.has(member)) result.users.push(member);
      else if (findGroup(snapshot, member)) {
        result.groups.push(member);
        queue.push(member);
      } else result.others.push(member);
    }
  }
  for (const list of [result.users, result.groups, result.others, result.uncollected]) list.sort();
  return result;
}

/**
 * Lowercase ids of every group `principalId` belongs to, directly or through nesting: from the
 * collected group members, plus the user's own `transitiveMemberOf` when the collector read it.
 */
export function transitiveGroupsOf(snapshot: Snapshot, principalId: string): string[] {
  const memberOf = directParentsOf(snapshot.graph.groups ?? []);
  const found = new Set<string>(
    userIndex(snapshot).byId.get(key(principalId))?.transitiveMemberOf?.map(key) ?? [],
  );
  const queue = [key(principalId), ...found];
  while (queue.length > 0) {
    for (const parent of memberOf.get(queue.shift()!) ?? []) {
      if (!found.has(parent)) {
        found.add(parent);
        queue.push(parent);
      }
    }
  }
  return [...found].sort();
}

export interface BreakGlassGroupLookup {
  group?: Group;
  /** Every group with the configured display name (more than one is ambiguous). */
  candidates: Group[];
}

/** The break-glass group: the group whose display name is the configured one (case-insensitive). */
export function findBreakGlassGroup(snapshot: Snapshot, config: BreakglassConfig): BreakGlassGroupLookup {
  const wanted = key(config.group.displayName);
  const candidates = (snapshot.graph.groups ?? []).filter((group) => key(group.displayName) === wanted);
  // Several groups with one name: prefer the one that is role-assignable, as the product creates it.
  const group = candidates.find((g) => g.isAssignableToRole === true) ?? candidates[0];
  return group ? { group, candidates } : { candidates };
}
