/**
 * Digests that bind a plan to the config and tenant state it was made from. JSON is canonicalised
 * (sorted keys) so that property order from the API does not count as a change.
 */
import { createHash } from 'node:crypto';
import type { BreakglassConfig } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function configDigest(config: BreakglassConfig): string {
  return sha256(canonicalJson(config));
}

/**
 * The state a plan depends on: everything the planners read, minus what changes on its own
 * (capture time, sign-ins, audit logs, drills). Collections are sorted by id first.
 */
export function stateDigest(snapshot: Snapshot): string {
  const byId = <T extends { id: string }>(items: T[] | undefined) =>
    items ? [...items].sort((a, b) => a.id.localeCompare(b.id)) : null;
  const g = snapshot.graph;
  const relevant = {
    organization: byId(g.organization),
    users: byId(g.users),
    groups: byId(g.groups),
    roleAssignments: byId(g.roleAssignments),
    roleAssignmentSchedules: byId(g.roleAssignmentSchedules),
    roleEligibilitySchedules: byId(g.roleEligibilitySchedules),
    conditionalAccessPolicies: byId(g.conditionalAccessPolicies),
    authenticationMethods: g.authenticationMethods ?? null,
    resources: byId(snapshot.azure?.resources),
    aadDiagnosticSettings: byId(snapshot.azure?.aadDiagnosticSettings),
  };
  return sha256(canonicalJson(relevant));
}
