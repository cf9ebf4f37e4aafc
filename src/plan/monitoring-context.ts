/**
 * Where the monitoring resources live (subscription, resource group, names and their ARM ids),
 * derived once from the config and the snapshot for every monitoring planner.
 */
import type { ArmResource } from '../snapshot/schema.js';
import type { PlanContext } from './context.js';

export interface MonitoringTarget {
  subscriptionId: string;
  resourceGroupId: string;
  workspaceId: string;
  actionGroupId: string;
  alertRuleId(name: string): string;
  /** Finds a resource in the snapshot by ARM id (case-insensitive, as ARM ids are). */
  find(id: string): ArmResource | undefined;
}

/** Names of the two alert rules breakglass owns. */
export const ALERT_RULES = {
  signIns: 'alert-breakglass-signin',
  changes: 'alert-breakglass-changes',
} as const;

/**
 * The monitoring target, or why monitoring cannot be planned (Azure not readable, no or several
 * subscriptions and none configured).
 */
export function monitoringTarget(context: PlanContext): MonitoringTarget | { unavailable: string } {
  const azure = context.snapshot.azure;
  if (!azure?.subscriptions || !azure.resources) {
    return {
      unavailable:
        'Azure subscriptions and resources could not be read, so monitoring was not planned (needs Reader on the subscription)',
    };
  }
  const configured = context.config.monitoring.subscriptionId;
  const subscription = configured
    ? azure.subscriptions.find((s) => s.subscriptionId.toLowerCase() === configured.toLowerCase())
    : azure.subscriptions.length === 1
      ? azure.subscriptions[0]
      : undefined;
  if (!subscription) {
    return {
      unavailable: configured
        ? `subscription ${configured} (monitoring.subscriptionId) is not visible to this credential`
        : `set monitoring.subscriptionId: the credential sees ${azure.subscriptions.length} subscriptions`,
    };
  }
  const m = context.config.monitoring;
  const resourceGroupId = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${m.resourceGroup}`;
  const provider = (type: string, name: string) => `${resourceGroupId}/providers/${type}/${name}`;
  const resources = [...azure.resources, ...(azure.aadDiagnosticSettings ?? [])];
  return {
    subscriptionId: subscription.subscriptionId,
    resourceGroupId,
    workspaceId: provider('Microsoft.OperationalInsights/workspaces', m.workspace),
    actionGroupId: provider('Microsoft.Insights/actionGroups', m.actionGroup.name),
    alertRuleId: (name) => provider('Microsoft.Insights/scheduledQueryRules', name),
    find: (id) => resources.find((r) => r.id.toLowerCase() === id.toLowerCase()),
  };
}
