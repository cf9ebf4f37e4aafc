/**
 * Fired alerts: the record the emulator keeps, how Azure Monitor lists it
 * (`Microsoft.AlertsManagement/alerts`, 2019-05-05-preview shape), the common alert schema
 * payload webhooks receive, and the e-mail and SMS texts the mailbox holds.
 */
import type { RuleSpec } from './alert-rules.js';

/** One alert instance. */
export interface FiredAlert {
  /** GUID (the last segment of the ARM id). */
  readonly alertId: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly rule: RuleSpec;
  /** The workspace the rule watches (its first scope). */
  readonly targetResource: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  /** The aggregated value that crossed the threshold, and the rows behind it. */
  readonly value: number;
  readonly rows: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly firedAt: Date;
  monitorCondition: 'Fired' | 'Resolved';
  alertState: 'New' | 'Acknowledged' | 'Closed';
  resolvedAt: Date | undefined;
  lastModifiedAt: Date;
  lastModifiedBy: string;
  /** True when `muteActionsDuration` held notifications back. */
  suppressed: boolean;
}

/** `/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts/{id}`. */
export function alertResourceId(alert: FiredAlert): string {
  return `/subscriptions/${alert.subscriptionId}/providers/Microsoft.AlertsManagement/alerts/${alert.alertId}`;
}

/** The parts of a resource id: `…/resourceGroups/{rg}/providers/{ns}/{type}/{name}`. */
function resourceParts(id: string): { group: string; type: string; name: string } {
  const segments = id.split('/');
  const rgAt = segments.findIndex((s) => s.toLowerCase() === 'resourcegroups');
  const providersAt = segments.findIndex((s) => s.toLowerCase() === 'providers');
  return {
    group: rgAt >= 0 ? (segments[rgAt + 1] ?? '') : '',
    type: providersAt >= 0 ? segments.slice(providersAt + 1, providersAt + 3).join('/') : '',
    name: segments[segments.length - 1] ?? '',
  };
}

const severityName = (severity: number) => `Sev${severity}`;

/** The alert as `GET …/Microsoft.AlertsManagement/alerts` lists it. */
export function armAlert(alert: FiredAlert, includeContext: boolean): Record<string, unknown> {
  const target = resourceParts(alert.targetResource);
  return {
    properties: {
      essentials: {
        severity: severityName(alert.rule.severity),
        signalType: 'Log',
        alertState: alert.alertState,
        monitorCondition: alert.monitorCondition,
        monitorService: 'Log Alerts V2',
        targetResource: alert.targetResource.toLowerCase(),
        targetResourceName: target.name.toLowerCase(),
        targetResourceGroup: target.group.toLowerCase(),
        targetResourceType: target.type.toLowerCase(),
        sourceCreatedId: `${alert.rule.id.toLowerCase()}_${alert.firedAt.getTime()}`,
        smartGroupId: '',
        smartGroupingReason: '',
        alertRule: alert.rule.id,
        startDateTime: alert.firedAt.toISOString(),
        lastModifiedDateTime: alert.lastModifiedAt.toISOString(),
        lastModifiedUserName: alert.lastModifiedBy,
        ...(alert.resolvedAt ? { monitorConditionResolvedDateTime: alert.resolvedAt.toISOString() } : {}),
        actionStatus: { isSuppressed: alert.suppressed },
        description: alert.rule.description,
      },
      egressConfig: {},
      context: includeContext ? commonAlertPayload(alert, '') : {},
    },
    id: alertResourceId(alert),
    type: 'Microsoft.AlertsManagement/alerts',
    name: alert.rule.name,
  };
}

/** The common alert schema payload of a log search alert (Log Alerts V2). */
export function commonAlertPayload(alert: FiredAlert, portalBase: string): Record<string, unknown> {
  const target = resourceParts(alert.targetResource);
  const rule = alert.rule;
  const queryLink = `${portalBase}/loganalytics/v1${alert.targetResource}/query?query=${encodeURIComponent(rule.query)}&timespan=${alert.windowStart.toISOString()}%2f${alert.windowEnd.toISOString()}`;
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: alertResourceId(alert),
        alertRule: rule.name,
        severity: severityName(rule.severity),
        signalType: 'Log',
        monitorCondition: alert.monitorCondition,
        monitoringService: 'Log Alerts V2',
        alertTargetIDs: [alert.targetResource.toLowerCase()],
        configurationItems: [target.name.toLowerCase()],
        originAlertId: `${alert.alertId}_${rule.id.toLowerCase()}`,
        firedDateTime: alert.firedAt.toISOString(),
        ...(alert.resolvedAt ? { resolvedDateTime: alert.resolvedAt.toISOString() } : {}),
        description: rule.description,
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: Object.keys(rule.customProperties).length > 0 ? rule.customProperties : null,
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: `PT${Math.round(rule.windowMs / 60_000)}M`,
          allOf: [
            {
              searchQuery: rule.query,
              metricMeasureColumn: rule.metricMeasureColumn ?? null,
              targetResourceTypes: "['Microsoft.OperationalInsights/workspaces']",
              operator: rule.operator,
              threshold: String(rule.threshold),
              timeAggregation: rule.timeAggregation,
              dimensions: alert.dimensions,
              metricValue: alert.value,
              failingPeriods: {
                numberOfEvaluationPeriods: rule.evaluationPeriods,
                minFailingPeriodsToAlert: rule.minFailingPeriods,
              },
              linkToSearchResultsAPI: queryLink,
              linkToFilteredSearchResultsAPI: queryLink,
            },
          ],
          windowStartTime: alert.windowStart.toISOString(),
          windowEndTime: alert.windowEnd.toISOString(),
        },
      },
      customProperties: Object.keys(rule.customProperties).length > 0 ? rule.customProperties : null,
    },
  };
}

/** The subject line Azure Monitor's alert e-mail carries. */
export function emailSubject(alert: FiredAlert): string {
  const target = resourceParts(alert.targetResource);
  return `${alert.monitorCondition}:${severityName(alert.rule.severity)} Azure Monitor Alert ${alert.rule.name} on ${target.name} ( ${target.type.split('/')[1] ?? target.type} ) at ${alert.firedAt.toISOString()}`;
}

/** A plain-text e-mail body with what an on-call person needs. */
export function emailBody(alert: FiredAlert): string {
  const lines = [
    `Your Azure Monitor alert was triggered`,
    ``,
    `Alert rule: ${alert.rule.displayName}`,
    `Severity: ${severityName(alert.rule.severity)}`,
    `Monitor condition: ${alert.monitorCondition}`,
    `Fired time: ${alert.firedAt.toISOString()}`,
    ...(alert.resolvedAt ? [`Resolved time: ${alert.resolvedAt.toISOString()}`] : []),
    `Affected resource: ${alert.targetResource}`,
    `Description: ${alert.rule.description}`,
    `Search query: ${alert.rule.query}`,
    `Time range: ${alert.windowStart.toISOString()} to ${alert.windowEnd.toISOString()}`,
    `${alert.rule.timeAggregation}: ${alert.value} (${alert.rule.operator} ${alert.rule.threshold})`,
    ...alert.dimensions.map((d) => `Dimension ${d.name}: ${d.value}`),
    ...Object.entries(alert.rule.customProperties).map(([k, v]) => `${k}: ${v}`),
    `Alert id: ${alertResourceId(alert)}`,
  ];
  return lines.join('\n');
}

/** The SMS text (short: the group's short name prefixes it). */
export function smsText(alert: FiredAlert, groupShortName: string): string {
  return `${groupShortName}: ${alert.monitorCondition}:${severityName(alert.rule.severity)} ${alert.rule.name} on ${resourceParts(alert.targetResource).name} at ${alert.firedAt.toISOString()}`;
}
