/**
 * Ids that one collection names and another must resolve: the groups Conditional Access policies
 * include or exclude, and the subscriptions of the workspaces Entra diagnostic settings send to.
 * Pure functions over data already read.
 */
import type { ArmResource, ConditionalAccessPolicy } from '../snapshot/schema.js';

/** Every group id any policy includes or excludes, lower-cased and de-duplicated, in first-seen order. */
export function groupsReferencedByPolicies(policies: readonly ConditionalAccessPolicy[]): string[] {
  const ids = new Map<string, string>();
  for (const policy of policies) {
    const users = policy.conditions.users;
    for (const id of [...(users?.includeGroups ?? []), ...(users?.excludeGroups ?? [])]) {
      if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), id);
    }
  }
  return [...ids.values()];
}

/** The subscription id in an ARM resource id (`/subscriptions/{id}/…`), if any. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
}

/** Subscriptions holding the workspaces that Entra diagnostic settings send logs to. */
export function subscriptionsOfDiagnosticTargets(settings: readonly ArmResource[]): string[] {
  const ids = new Map<string, string>();
  for (const setting of settings) {
    const workspaceId = setting.properties?.workspaceId;
    if (typeof workspaceId !== 'string') continue;
    const subscription = subscriptionOf(workspaceId);
    if (subscription && !ids.has(subscription.toLowerCase()))
      ids.set(subscription.toLowerCase(), subscription);
  }
  return [...ids.values()];
}
