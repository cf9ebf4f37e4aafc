/**
 * The directory facts the evaluator needs, indexed once per snapshot: users, transitive group
 * memberships (cycle-safe), active built-in roles, named locations, authentication strengths and
 * registered methods. Ids are compared case-insensitively (Graph GUIDs), so every key is lower case.
 */
import type { GraphSnapshot, Group, User } from '../snapshot/schema.js';
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

/** Build the index. Cost is linear in the snapshot; per-user answers are computed once and cached. */
export function buildDirectoryIndex(graph: GraphSnapshot): DirectoryIndex {
  const users = new Map((graph.users ?? []).map((u) => [key(u.id), u]));
  const groups = new Map((graph.groups ?? []).map((g) => [key(g.id), g]));

  // member → the groups that list it directly.
  const parents = new Map<string, string[]>();
  for (const g of graph.groups ?? []) {
    for (const member of g.members ?? []) {
      const list = parents.get(key(member)) ?? [];
      list.push(key(g.id));
      parents.set(key(member), list);
    }
  }

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
    const queue: [string, string | undefined][] = (parents.get(start) ?? []).map((g) => [g, undefined]);
    while (queue.length > 0) {
      const [groupId, from] = queue.shift()!;
      if (visited.has(groupId) || groupId === start) continue;
      visited.set(groupId, from);
      for (const parent of parents.get(groupId) ?? []) queue.push([parent, groupId]);
    }
    // The collector may record a user's `transitiveMemberOf` (Graph computes it): that list is
    // authoritative even for groups whose members were not read. Paths come from the walk above.
    for (const g of users.get(start)?.transitiveMemberOf ?? [])
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
    user: (id) => users.get(key(id)),
    group: (id) => groups.get(key(id)),
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
          const g = groups.get(id);
          if (!g) continue;
          if (g.members === undefined) return true;
          for (const m of g.members) if (groups.has(key(m))) stack.push(key(m));
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
    membershipKnown: (userId) => users.get(key(userId))?.transitiveMemberOf !== undefined,
    rolesKnown: (userId) =>
      users.get(key(userId))?.transitiveMemberOf !== undefined || methodsByUser.has(key(userId)),
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
