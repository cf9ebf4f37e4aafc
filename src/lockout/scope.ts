/**
 * Is a user in a Conditional Access policy's user scope? (ca-semantics.md §1.2)
 *
 * Includes are OR-ed: All, the user, a transitive group, an active built-in role it holds, a
 * guest/external type. Any matching exclude wins. Used by the lockout evaluator (EA-CA-004), the
 * exclusion audit (EA-CA-003) and the apply safety gate.
 *
 * Unknowns are resolved conservatively and said in `notes`: an include that *might* match counts
 * as a match, an exclude that cannot be confirmed excludes nobody (an exclusion through a group id
 * that does not resolve excludes nobody — Microsoft365DSC#4420 locked a tenant out that way).
 */
import type { ConditionalAccessPolicy, User } from '../snapshot/schema.js';
import type { DirectoryIndex } from './directory.js';
import { list, object, usersOf, type UserAssignments } from './policy-shape.js';
import { GLOBAL_ADMINISTRATOR_ROLE } from './well-known.js';

export type ScopeMatchKind = 'all' | 'user' | 'group' | 'nestedGroup' | 'role' | 'guestType';

/** One include or exclude that matched the user. */
export interface ScopeMatch {
  kind: ScopeMatchKind;
  /** The id named in the policy (user, group or role template id; the guest type for guests). */
  id?: string;
  /** For a nested group: the group ids from the user's direct group up to the named group. */
  path?: string[];
  /** Whether the match is an assumption made because data was missing. */
  assumed?: boolean;
  /** Human text, e.g. `group "CA-Persona-BreakGlassAccounts"`. */
  text: string;
}

export interface UserScope {
  inScope: boolean;
  included: ScopeMatch[];
  excluded: ScopeMatch[];
  /** Unresolvable references and assumptions, in plain words. */
  notes: string[];
}

const GUEST_KEYWORD = 'guestsorexternalusers';

/** The guest/external kinds a user counts as (none for an ordinary member). */
export function guestKinds(user: User | undefined): string[] {
  if (!user) return [];
  const external = user.userPrincipalName.toUpperCase().includes('#EXT#');
  const guest = (user.userType ?? 'Member').toLowerCase() === 'guest';
  if (guest) return external ? ['b2bCollaborationGuest'] : ['internalGuest'];
  return external ? ['b2bCollaborationMember'] : [];
}

function guestSelector(
  selector: Record<string, unknown> | undefined,
  kinds: string[],
): { matches: boolean; certain: boolean; kind?: string } {
  if (!selector || kinds.length === 0) return { matches: false, certain: true };
  const wanted = list(selector.guestOrExternalUserTypes).map((t) => t.toLowerCase());
  const kind = kinds.find((k) => wanted.includes(k.toLowerCase()));
  if (!kind) return { matches: false, certain: true };
  const tenants = object(selector.externalTenants);
  const kindOfTenants = String(tenants?.membershipKind ?? 'all').toLowerCase();
  // An enumerated tenant list needs the user's home tenant, which a snapshot does not hold.
  return { matches: true, certain: kindOfTenants === 'all', kind };
}

function groupText(index: DirectoryIndex, id: string): string {
  const name = index.group(id)?.displayName;
  return name ? `group "${name}" (${id})` : `group ${id}`;
}

/** Find the matches of one side (include or exclude) of the assignments. */
function matchSide(
  side: 'include' | 'exclude',
  a: UserAssignments,
  user: User | undefined,
  userId: string,
  index: DirectoryIndex,
  notes: string[],
): ScopeMatch[] {
  const matches: ScopeMatch[] = [];
  const uid = userId.toLowerCase();
  const users = side === 'include' ? a.includeUsers : a.excludeUsers;
  const groups = side === 'include' ? a.includeGroups : a.excludeGroups;
  const roles = side === 'include' ? a.includeRoles : a.excludeRoles;
  const guests = side === 'include' ? a.includeGuestsOrExternalUsers : a.excludeGuestsOrExternalUsers;
  const kinds = guestKinds(user);

  for (const entry of users) {
    const e = entry.toLowerCase();
    if (e === 'all' && side === 'include') matches.push({ kind: 'all', text: 'All users' });
    else if (e === uid) matches.push({ kind: 'user', id: entry, text: 'the user directly' });
    else if (e === GUEST_KEYWORD && kinds.length > 0) {
      matches.push({ kind: 'guestType', id: kinds[0], text: `guests or external users (${kinds[0]})` });
    }
  }

  const memberOf = index.transitiveGroups(uid);
  const unresolved = groups.filter((g) => !index.group(g));
  if (unresolved.length > 0) {
    const one = unresolved.length === 1;
    notes.push(
      `${side === 'include' ? 'included' : 'excluded'} group${one ? '' : 's'} ${unresolved.join(', ')} ` +
        `${one ? 'does' : 'do'} not resolve in the directory; ${one ? 'it' : 'they'} ${side === 'include' ? 'include' : 'exclude'}${one ? 's' : ''} nobody`,
    );
  }
  for (const groupId of groups) {
    const gid = groupId.toLowerCase();
    if (!index.group(gid)) continue;
    if (memberOf.has(gid)) {
      const path = index.membershipPath(uid, gid) ?? [gid];
      const nested = path.length > 1;
      // Deep nesting is shown by its first hops only; the full path stays in `path`.
      const hops = path.slice(0, -1);
      const shown = hops.slice(0, 3).map((g) => groupText(index, g));
      if (hops.length > 3) shown.push(`… ${hops.length - 3} more`);
      const via = nested ? ` through ${shown.join(' → ')}` : '';
      matches.push({
        kind: nested ? 'nestedGroup' : 'group',
        id: groupId,
        path,
        text: `${groupText(index, groupId)}${via}`,
      });
      continue;
    }
    // Membership is unknown if this group, or a group nested in it, had its members left out.
    if (!index.membershipKnown(uid) && index.groupMembersUnknown(gid)) {
      if (side === 'include') {
        matches.push({
          kind: 'group',
          id: groupId,
          assumed: true,
          text: `${groupText(index, groupId)} (members not collected; assumed to contain the user)`,
        });
      } else {
        notes.push(
          `members of excluded ${groupText(index, groupId)} were not collected; the exclusion is not counted`,
        );
      }
    }
  }

  if (roles.length > 0) {
    if (!index.collected.roleAssignments) {
      if (side === 'include') {
        matches.push({
          kind: 'role',
          assumed: true,
          text: 'a directory role (role assignments not collected; assumed held)',
        });
      } else {
        notes.push('role assignments were not collected; role exclusions are not counted');
      }
    } else {
      const held = index.activeRoles(uid);
      const before = matches.length;
      for (const role of roles) {
        const h = held.get(role.toLowerCase());
        if (!h) continue;
        const via = h.via === uid ? '' : ` through ${groupText(index, h.via)}`;
        matches.push({ kind: 'role', id: role, text: `role ${index.roleName(role)} (held actively${via})` });
      }
      // Only Global Administrator is read for everyone; other roles of a user whose own roles were
      // not read are unknown, and unknown never reads as safe.
      const unknown = index.rolesKnown(uid)
        ? []
        : roles.filter((r) => r.toLowerCase() !== GLOBAL_ADMINISTRATOR_ROLE && !held.has(r.toLowerCase()));
      if (matches.length === before && unknown.length > 0) {
        const names = unknown.map((r) => index.roleName(r)).join(', ');
        if (side === 'include') {
          matches.push({
            kind: 'role',
            id: unknown[0],
            assumed: true,
            text: `role ${names} (the user's roles were not collected; assumed held)`,
          });
        } else {
          notes.push(`the user's roles were not collected; the exclusion of role ${names} is not counted`);
        }
      }
    }
  }

  const g = guestSelector(guests, kinds);
  if (g.matches) {
    if (g.certain || side === 'include') {
      matches.push({
        kind: 'guestType',
        id: g.kind,
        assumed: !g.certain,
        text: `guest or external user type ${g.kind}`,
      });
    } else {
      notes.push('the guest exclusion lists specific external tenants, which cannot be checked; not counted');
    }
  }
  return matches;
}

/** Per index and policy: the policy's parsed assignments, and the scopes worked out, by user id. */
const scopes = new WeakMap<
  DirectoryIndex,
  WeakMap<ConditionalAccessPolicy, { assignments: UserAssignments; byUser: Map<string, UserScope> }>
>();

/**
 * The user's scope under a policy. `userId` must be a directory user id; a user that is not in
 * the snapshot is evaluated by id only (All, direct listing) and the notes say so.
 *
 * One audit asks the same question of every policy for every account from several checks
 * (EA-CA-003, EA-CA-004, EA-CA-006, the lockout analysis, the peer readouts): the answer is
 * worked out once per index, policy and user, and shared, so callers must not modify it.
 */
export function userScope(
  policy: ConditionalAccessPolicy,
  userId: string,
  index: DirectoryIndex,
  /** The policy's parsed assignments (`usersOf(policy)`), when the caller has them already. */
  a?: UserAssignments,
): UserScope {
  let byPolicy = scopes.get(index);
  if (!byPolicy) scopes.set(index, (byPolicy = new WeakMap()));
  let known = byPolicy.get(policy);
  if (!known) byPolicy.set(policy, (known = { assignments: a ?? usersOf(policy), byUser: new Map() }));
  let scope = known.byUser.get(userId);
  if (!scope) known.byUser.set(userId, (scope = scopeOf(userId, index, known.assignments)));
  return scope;
}

function scopeOf(userId: string, index: DirectoryIndex, a: UserAssignments): UserScope {
  const user = index.user(userId);
  const notes: string[] = [];
  if (!user)
    notes.push(`user ${userId} is not in the snapshot; only "All" and direct listing were evaluated`);
  const included = matchSide('include', a, user, userId, index, notes);
  const excluded = matchSide('exclude', a, user, userId, index, notes);
  if (a.includeUsers.some((u) => u.toLowerCase() === 'none') && included.length === 0) {
    notes.push('the policy includes "None"');
  }
  return { inScope: included.length > 0 && excluded.length === 0, included, excluded, notes };
}

/** One line: why the user is in (or out of) scope. */
export function describeScope(scope: UserScope): string {
  if (scope.included.length === 0) return 'not included';
  if (scope.excluded.length > 0) return `excluded by ${scope.excluded.map((m) => m.text).join(', ')}`;
  return `included by ${scope.included.map((m) => m.text).join(', ')}`;
}
