/**
 * The directory facts the evaluator needs, indexed once per snapshot: users, transitive group
 * memberships (cycle-safe), active built-in roles, named locations, authentication strengths and
 * registered methods. Ids are compared case-insensitively (Graph GUIDs), so every key is lower case.
 */
import type { GraphSnapshot, Group, User } from '../snapshot/schema.js';
import { directParentsOf, usersIndexOf } from '../checks/lib/directory.js';
import { GLOBAL_ADMINISTRATOR_ROLE } from './well-known.js';

/** A role a user actively holds, tenant-wide, and through whom (the user or a role-assignable group). */
export interface HeldRole {
  templateId: string;
  via: string;
}

export interface AuthStrength {
  id: string;
  displayName: string;
  allowedCombinations: string[];
  /** `combinationConfigurations` (FIDO2 AAGUID or certificate restrictions), as Graph returns them. */
  combinationConfigurations: Record<string, unknown>[];
}

export type NamedLocation = Record<string, unknown> & { id: string; '@odata.type': string };
export type AuthenticationMethod = Record<string, unknown> & { '@odata.type': string };

export interface DirectoryIndex {
  readonly graph: GraphSnapshot;
  user(id: string): User | undefined;
  group(id: string): Group | undefined;
  /** Every group the principal belongs to, directly or through nesting. */
  transitiveGroups(principalId: string): ReadonlySet<string>;
  /** The path of group ids from the principal up to `groupId` (first hop first), for explanations. */
  membershipPath(principalId: string, groupId: string): string[] | undefined;
  /** Groups whose member list was not collected: membership in them is unknown. */
  groupMembersUnknown(groupId: string): boolean;
  /** Whether the user's full group membership is known from `transitiveMemberOf`. */
  membershipKnown(userId: string): boolean;
  /** Active, tenant-wide, built-in roles held by the user (directly or through a group). */
  activeRoles(userId: string): ReadonlyMap<string, HeldRole>;
  /**
   * Whether `activeRoles` is the user's whole story. The collector reads every Global Administrator
   * assignment tenant-wide, but other roles only for the emergency accounts, together with their
   * other per-account reads (`transitiveMemberOf`, methods); a user without those has only its
   * Global Administrator assignments in the snapshot.
   */
  rolesKnown(userId: string): boolean;
  namedLocation(id: string): NamedLocation | undefined;
  readonly namedLocations: readonly NamedLocation[];
  /** Registered methods of a user; `undefined` when not collected. */
  methods(userId: string): readonly AuthenticationMethod[] | undefined;
  /** What was not collected, by collection name. */
  readonly collected: {
    users: boolean;
    groups: boolean;
    roleAssignments: boolean;
    namedLocations: boolean;
    authenticationStrengthPolicies: boolean;
    authenticationMethods: boolean;
  };
  /** A strength from the snapshot (built-ins are added by the grant evaluator). */
  strength(id: string): AuthStrength | undefined;
  /** A role's display name from its template id, for explanations. */
  roleName(templateId: string): string;
}

const key = (id: string): string => id.toLowerCase();

/** A value computed on first use. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** What an index is built from: the graph's collections it reads. */
function indexInputs(graph: GraphSnapshot): readonly unknown[] {
  return [
    graph.users,
    graph.groups,
    graph.roleDefinitions,
    graph.roleAssignments,
    graph.namedLocations,
    graph.authenticationStrengthPolicies,
    graph.authenticationMethods,
  ];
}

const sizeOf = (input: unknown): number =>
  Array.isArray(input) ? input.length : input && typeof input === 'object' ? Object.keys(input).length : -1;

const sharedIndexes = new WeakMap<
  GraphSnapshot,
  { inputs: readonly unknown[]; sizes: readonly number[]; index: DirectoryIndex }
>();

/**
 * The index of a snapshot's graph. One audit asks it from every EA-CA check, the lockout analysis
 * and the peer readouts; they share one index per graph, and with it its per-user answers and the
 * user scopes computed through it (./scope.ts). Snapshots are read-only once read; a graph whose
 * collections were replaced, or grew or shrank, since (tests build snapshots by changing a
 * fixture) is indexed again.
 */
export function buildDirectoryIndex(graph: GraphSnapshot): DirectoryIndex {
  const inputs = indexInputs(graph);
  const sizes = inputs.map(sizeOf);
  const cached = sharedIndexes.get(graph);
  if (
    cached &&
    cached.inputs.every((input, i) => input === inputs[i]) &&
    cached.sizes.every((size, i) => size === sizes[i])
  )
    return cached.index;
  const index = indexDirectory(graph);
  sharedIndexes.set(graph, { inputs, sizes, index });
  return index;
}

/**
 * Builds an index. Per-user answers are computed once and cached. The directory-sized parts (users
 * by id, member → groups) are built on first use and shared by every index over the same arrays,
 * so a question about four accounts does not index 50,000 users it never asks about more than once.
 */
function indexDirectory(graph: GraphSnapshot): DirectoryIndex {
  const usersById = lazy(() => usersIndexOf(graph.users ?? []).byId);
  const user = (id: string): User | undefined => usersById().get(key(id));
  const groupsById = lazy(() => new Map((graph.groups ?? []).map((g) => [key(g.id), g])));
  // member → the groups that list it directly.
  const parentsOf = lazy(() => directParentsOf(graph.groups ?? []));

  // Role definitions: the assignment's roleDefinitionId may be the definition id or (for
  // built-ins) the template id itself; custom roles are never honoured by Conditional Access.
  const definitions = new Map<string, { templateId: string; builtIn: boolean }>();
  const roleNames = new Map<string, string>([[GLOBAL_ADMINISTRATOR_ROLE, 'Global Administrator']]);
  for (const d of graph.roleDefinitions ?? []) {
    const builtIn = (d as { isBuiltIn?: boolean | null }).isBuiltIn !== false;
    definitions.set(key(d.id), { templateId: key(d.templateId ?? d.id), builtIn });
    if (d.displayName) roleNames.set(key(d.templateId ?? d.id), d.displayName);
  }
  const rolesByPrincipal = new Map<string, HeldRole[]>();
  for (const a of graph.roleAssignments ?? []) {
    const scope = a.directoryScopeId ?? '/';
    if (scope !== '/') continue; // administrative-unit scoped roles do not count for CA
    const def = definitions.get(key(a.roleDefinitionId));
    if (def && !def.builtIn) continue;
    const templateId = def?.templateId ?? key(a.roleDefinitionId);
    const list = rolesByPrincipal.get(key(a.principalId)) ?? [];
    list.push({ templateId, via: key(a.principalId) });
    rolesByPrincipal.set(key(a.principalId), list);
  }

  const locations = (graph.namedLocations ?? []) as NamedLocation[];
  const locationById = new Map(locations.filter((l) => l.id).map((l) => [key(l.id), l]));

  const strengths = new Map<string, AuthStrength>();
  for (const s of graph.authenticationStrengthPolicies ?? []) {
    const configs = (s as { combinationConfigurations?: unknown }).combinationConfigurations;
    strengths.set(key(s.id), {
      id: key(s.id),
      displayName: s.displayName ?? s.id,
      allowedCombinations: s.allowedCombinations,
      combinationConfigurations: Array.isArray(configs) ? (configs as Record<string, unknown>[]) : [],
    });
  }

  const methodsByUser = new Map(
    Object.entries(graph.authenticationMethods ?? {}).map(([id, list]) => [
      key(id),
      list as AuthenticationMethod[],
    ]),
  );

  const transitiveCache = new Map<string, Map<string, string | undefined>>();
  // Breadth-first walk up the membership graph; `visited` makes cycles harmless. The map records
  // each group's predecessor so that explanations can show the nesting path.
  const walk = (principalId: string): Map<string, string | undefined> => {
    const start = key(principalId);
    const cached = transitiveCache.get(start);
    if (cached) return cached;
    const visited = new Map<string, string | undefined>();
    const parents = parentsOf();
    const queue: [string, string | undefined][] = (parents.get(start) ?? []).map((g) => [g, undefined]);
    while (queue.length > 0) {
      const [groupId, from] = queue.shift()!;
      if (visited.has(groupId) || groupId === start) continue;
      visited.set(groupId, from);
      for (const parent of parents.get(groupId) ?? []) queue.push([parent, groupId]);
    }
    // The collector may record a user's `transitiveMemberOf` (Graph computes it): that list is
    // authoritative even for groups whose members were not read. Paths come from the walk above.
    for (const g of user(start)?.transitiveMemberOf ?? [])
      if (!visited.has(key(g))) visited.set(key(g), undefined);
    transitiveCache.set(start, visited);
    return visited;
  };

  const setCache = new Map<string, Set<string>>();
  const unknownCache = new Map<string, boolean>();
  const pathCache = new Map<string, string[] | undefined>();
  const roleCache = new Map<string, Map<string, HeldRole>>();

  return {
    graph,
    user,
    group: (id) => groupsById().get(key(id)),
    transitiveGroups(principalId) {
      const k = key(principalId);
      let set = setCache.get(k);
      if (!set) setCache.set(k, (set = new Set(walk(k).keys())));
      return set;
    },
    membershipPath(principalId, groupId) {
      const cacheKey = `${key(principalId)}|${key(groupId)}`;
      if (pathCache.has(cacheKey)) return pathCache.get(cacheKey);
      const tree = walk(principalId);
      let current: string | undefined = key(groupId);
      if (!tree.has(current)) return undefined;
      const path: string[] = [];
      while (current !== undefined) {
        path.push(current);
        current = tree.get(current);
      }
      path.reverse();
      pathCache.set(cacheKey, path);
      return path;
    },
    groupMembersUnknown(groupId) {
      const cached = unknownCache.get(key(groupId));
      if (cached !== undefined) return cached;
      // Walk down through nested groups: one group without a member list makes the answer unknown.
      const answer = ((): boolean => {
        const seen = new Set<string>();
        const stack = [key(groupId)];
        while (stack.length > 0) {
          const id = stack.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          const g = groupsById().get(id);
          if (!g) continue;
          if (g.members === undefined) return true;
          for (const m of g.members) if (groupsById().has(key(m))) stack.push(key(m));
        }
        return false;
      })();
      unknownCache.set(key(groupId), answer);
      return answer;
    },
    activeRoles(userId) {
      const k = key(userId);
      const cached = roleCache.get(k);
      if (cached) return cached;
      const held = new Map<string, HeldRole>();
      for (const principal of [k, ...walk(k).keys()]) {
        for (const r of rolesByPrincipal.get(principal) ?? [])
          if (!held.has(r.templateId)) held.set(r.templateId, r);
      }
      roleCache.set(k, held);
      return held;
    },
    membershipKnown: (userId) => user(userId)?.transitiveMemberOf !== undefined,
    rolesKnown: (userId) => user(userId)?.transitiveMemberOf !== undefined || methodsByUser.has(key(userId)),
    namedLocation: (id) => locationById.get(key(id)),
    namedLocations: locations,
    // A user missing from the map was not collected (the collector writes [] for "no methods").
    methods: (userId) => methodsByUser.get(key(userId)),
    collected: {
      users: graph.users !== undefined,
      groups: graph.groups !== undefined,
      roleAssignments: graph.roleAssignments !== undefined,
      namedLocations: graph.namedLocations !== undefined,
      authenticationStrengthPolicies: graph.authenticationStrengthPolicies !== undefined,
      authenticationMethods: graph.authenticationMethods !== undefined,
    },
    strength: (id) => strengths.get(key(id)),
    roleName: (templateId) => roleNames.get(key(templateId)) ?? templateId,
  };
}
