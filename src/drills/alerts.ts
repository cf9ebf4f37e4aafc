/**
 * Fired alerts, as Azure Monitor lists them (`Microsoft.AlertsManagement/alerts`, api-version
 * 2019-05-05-preview): the evidence that an alert rule actually fired. Parsing is pure.
 */
import type { Connection } from '../clients/connection.js';
import { armList } from '../collect/arm-list.js';

/** The Alerts Management api-version (the one the alerts list is documented with). */
export const ALERTS_API_VERSION = '2019-05-05-preview';

/** One fired alert. */
export interface FiredAlert {
  id: string;
  name?: string;
  /** The alert rule's resource id (`essentials.alertRule`). */
  alertRule: string;
  /** When it fired (`essentials.startDateTime`). */
  startedAt: string;
  /** `Fired` or `Resolved`. */
  monitorCondition?: string;
  severity?: string;
}

type Json = Record<string, unknown>;
const record = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** An alert as ARM returns it, in our shape; undefined when it lacks a rule or a start time. */
export function firedAlert(alert: Json): FiredAlert | undefined {
  const essentials = record(record(alert['properties'])['essentials']);
  const alertRule = text(essentials['alertRule']);
  const startedAt = text(essentials['startDateTime']);
  const id = text(alert['id']);
  if (!alertRule || !startedAt || !id || Number.isNaN(Date.parse(startedAt))) return undefined;
  const name = text(alert['name']);
  const monitorCondition = text(essentials['monitorCondition']);
  const severity = text(essentials['severity']);
  return {
    id,
    alertRule,
    startedAt: new Date(startedAt).toISOString(),
    ...(name ? { name } : {}),
    ...(monitorCondition ? { monitorCondition } : {}),
    ...(severity ? { severity } : {}),
  };
}

/** Alerts of `ruleId` that fired at or after `since`, oldest first. */
export function alertsOfRuleSince(alerts: readonly FiredAlert[], ruleId: string, since: Date): FiredAlert[] {
  return alerts
    .filter(
      (a) => a.alertRule.toLowerCase() === ruleId.toLowerCase() && Date.parse(a.startedAt) >= since.getTime(),
    )
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** The subscription id in an ARM resource id. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
}

/** The alerts of a subscription over the last 30 days (the list's default is only one day). */
export async function listFiredAlerts(connection: Connection, subscriptionId: string): Promise<FiredAlert[]> {
  const alerts = await armList<Json>(
    connection,
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.AlertsManagement/alerts?timeRange=30d`,
    ALERTS_API_VERSION,
  );
  return alerts.map(firedAlert).filter((a): a is FiredAlert => a !== undefined);
}
