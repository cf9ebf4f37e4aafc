/**
 * Small helpers the EA-CA checks share on top of ../checks/lib: policy subjects, and "skip unless
 * every needed collection is there" — a collection that was not collected turns a check into
 * `skip` with the collector's reason, never `pass`.
 */
import { collectionReason, skipNotCollected } from '../checks/lib/collected.js';
import { tenantSubject } from '../checks/lib/subjects.js';
import type { AuditContext, Outcome, Subject } from '../checks/types.js';
import type { ConditionalAccessPolicy, GraphSnapshot } from '../snapshot/schema.js';

export type GraphCollection = keyof GraphSnapshot & string;

/**
 * What resolving a policy's user scope reads: the policies, and the users, groups and role
 * assignments they name (EA-CA-003, EA-CA-004 and EA-CA-006 skip unless all are there).
 */
export const POLICY_SCOPE_COLLECTIONS: readonly GraphCollection[] = [
  'conditionalAccessPolicies',
  'users',
  'groups',
  'roleAssignments',
];

export function policySubject(policy: ConditionalAccessPolicy): Subject {
  return {
    type: 'conditionalAccessPolicy',
    id: policy.id,
    ...(policy.displayName ? { displayName: policy.displayName } : {}),
  };
}

/**
 * A `skip` outcome for the tenant when any of the collections is missing from the snapshot or
 * recorded in `context.collectionErrors`; undefined when all are there.
 */
export function skipUnlessCollected(
  context: AuditContext,
  collections: readonly GraphCollection[],
): Outcome | undefined {
  for (const name of collections) {
    const path = `graph.${name}`;
    const recorded = context.collectionErrors[path] ?? context.collectionErrors[name];
    if (recorded || context.snapshot.graph[name] === undefined) {
      const outcome = skipNotCollected(context, path, tenantSubject(context));
      return {
        ...outcome,
        evidence: { ...outcome.evidence, reason: collectionReason(context, path).reason },
      };
    }
  }
  return undefined;
}

/** Human list: `a`, `a and b`, `a, b and c`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
