/**
 * Lenient readers for the parts of a `conditionalAccessPolicy` the snapshot schema keeps as
 * `unknown`. Real exports are untidy (ca-policies/SOURCES.md): missing, `null` and `[]` all mean
 * "not configured"; flag enums arrive as one comma string; some files carry an array where Graph
 * has an object. None of that may crash the evaluator.
 */
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';

/** A string list from an array, a comma-separated flags string, or nothing. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  return [];
}

/** An object, or undefined for null, arrays and scalars. */
export function object(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export const lower = (values: readonly string[]): string[] => values.map((v) => v.toLowerCase());

export function conditionsOf(policy: ConditionalAccessPolicy): Record<string, unknown> {
  return object(policy.conditions) ?? {};
}

export interface UserAssignments {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers?: Record<string, unknown>;
  excludeGuestsOrExternalUsers?: Record<string, unknown>;
}

/** The parsed assignments of each policy, with the values they were parsed from. */
const parsedUsers = new WeakMap<ConditionalAccessPolicy, { from: unknown[]; value: UserAssignments }>();

/** The values `usersOf` reads: a policy whose conditions were replaced since is parsed again. */
function userSources(policy: ConditionalAccessPolicy): unknown[] {
  const u = object(conditionsOf(policy).users) ?? {};
  return [
    policy.conditions,
    u,
    u.includeUsers,
    u.excludeUsers,
    u.includeGroups,
    u.excludeGroups,
    u.includeRoles,
    u.excludeRoles,
    u.includeGuestsOrExternalUsers,
    u.excludeGuestsOrExternalUsers,
  ];
}

/**
 * A policy's user assignments. An audit asks for them from every EA-CA check, the lockout engine
 * and the peer readouts, for each of up to 195 policies: they are parsed once per policy (and
 * again if its conditions are replaced), and shared, so callers must not modify them.
 */
export function usersOf(policy: ConditionalAccessPolicy): UserAssignments {
  const from = userSources(policy);
  const cached = parsedUsers.get(policy);
  if (cached && cached.from.every((source, i) => source === from[i])) return cached.value;
  const value = parseUsers(policy);
  parsedUsers.set(policy, { from, value });
  return value;
}

function parseUsers(policy: ConditionalAccessPolicy): UserAssignments {
  const u = object(conditionsOf(policy).users) ?? {};
  return {
    includeUsers: list(u.includeUsers),
    excludeUsers: list(u.excludeUsers),
    includeGroups: list(u.includeGroups),
    excludeGroups: list(u.excludeGroups),
    includeRoles: list(u.includeRoles),
    excludeRoles: list(u.excludeRoles),
    includeGuestsOrExternalUsers: object(u.includeGuestsOrExternalUsers),
    excludeGuestsOrExternalUsers: object(u.excludeGuestsOrExternalUsers),
  };
}

export interface ApplicationAssignments {
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences: string[];
  applicationFilter?: Record<string, unknown>;
}

export function applicationsOf(policy: ConditionalAccessPolicy): ApplicationAssignments {
  const a = object(conditionsOf(policy).applications) ?? {};
  return {
    includeApplications: list(a.includeApplications),
    excludeApplications: list(a.excludeApplications),
    includeUserActions: list(a.includeUserActions),
    includeAuthenticationContextClassReferences: list(a.includeAuthenticationContextClassReferences),
    applicationFilter: object(a.applicationFilter),
  };
}

/** What a policy targets: users (the only kind that can lock an account out), or something else. */
export type PolicyTarget = 'users' | 'workloadIdentities' | 'authenticationContext';

/**
 * Classify a policy. A policy targets users *or* workload identities (service principals, agents);
 * an authentication-context policy fires only when a resource asks for that context claim, which
 * the emergency sign-in never does, and peers (Maester MT.1005) skip both kinds as well.
 */
export function policyTarget(policy: ConditionalAccessPolicy): PolicyTarget {
  const c = conditionsOf(policy);
  const apps = applicationsOf(policy);
  if (apps.includeAuthenticationContextClassReferences.length > 0) return 'authenticationContext';
  const users = usersOf(policy);
  const userIncludes =
    users.includeUsers.filter((u) => u.toLowerCase() !== 'none').length +
    users.includeGroups.length +
    users.includeRoles.length +
    (users.includeGuestsOrExternalUsers ? 1 : 0);
  const servicePrincipals = list(object(c.clientApplications)?.includeServicePrincipals);
  const agents = object(c.agents);
  if (userIncludes === 0 && (servicePrincipals.length > 0 || agents !== undefined))
    return 'workloadIdentities';
  return 'users';
}

/** The policy's display name, or its id when it has none. */
export const policyName = (policy: ConditionalAccessPolicy): string => policy.displayName ?? policy.id;
