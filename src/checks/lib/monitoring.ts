/**
 * Reading the Azure Monitor side of the snapshot: Entra diagnostic settings, workspaces, log
 * search alert rules and action groups, as ARM returns them (api-facts §3).
 */
import type { ArmResource } from '../../snapshot/schema.js';
import type { AuditContext } from '../types.js';
import { key } from './ids.js';

export const WORKSPACE_TYPE = 'microsoft.operationalinsights/workspaces';
export const ALERT_RULE_TYPE = 'microsoft.insights/scheduledqueryrules';
export const ACTION_GROUP_TYPE = 'microsoft.insights/actiongroups';

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** ARM resources of one type (case-insensitive), or undefined when resources were not collected. */
export function resourcesOfType(
  context: Pick<AuditContext, 'snapshot'>,
  type: string,
): ArmResource[] | undefined {
  return context.snapshot.azure?.resources?.filter((resource) => key(resource.type) === type);
}

export function findResource(context: AuditContext, id: string): ArmResource | undefined {
  return context.snapshot.azure?.resources?.find((resource) => key(resource.id) === key(id));
}

export interface DiagnosticSettingView {
  resource: ArmResource;
  workspaceId?: string;
  /** Enabled log categories, lowercase; `*` when an `allLogs` category group is enabled. */
  enabledCategories: Set<string>;
}

export function diagnosticSettingView(resource: ArmResource): DiagnosticSettingView {
  const properties = record(resource.properties);
  const enabledCategories = new Set<string>();
  for (const entry of array(properties['logs']).map(record)) {
    if (entry['enabled'] !== true) continue;
    const category = str(entry['category']);
    if (category) enabledCategories.add(key(category));
    if (key(str(entry['categoryGroup'])) === 'alllogs') enabledCategories.add('*');
  }
  const workspaceId = str(properties['workspaceId']);
  return { resource, ...(workspaceId ? { workspaceId } : {}), enabledCategories };
}

export function sendsCategory(view: DiagnosticSettingView, category: string): boolean {
  return view.enabledCategories.has('*') || view.enabledCategories.has(key(category));
}

/** Lowercase ids of the workspaces an Entra diagnostic setting sends `SignInLogs` to. */
export function signInWorkspaceIds(context: AuditContext): Set<string> {
  const ids = new Set<string>();
  for (const setting of context.snapshot.azure?.aadDiagnosticSettings ?? []) {
    const view = diagnosticSettingView(setting);
    if (view.workspaceId && sendsCategory(view, 'SignInLogs')) ids.add(key(view.workspaceId));
  }
  return ids;
}

/** Minutes in an ISO 8601 duration (`PT5M`, `PT1H`, `P1D`, `PT30S`); undefined when it is not one. */
export function isoDurationMinutes(duration: string | undefined | null): number | undefined {
  if (!duration) return undefined;
  const match =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      duration.trim(),
    );
  if (!match || duration.trim().toUpperCase() === 'P' || /T$/i.test(duration.trim())) return undefined;
  const [, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return (d ?? 0) * 1440 + (h ?? 0) * 60 + (m ?? 0) + (s ?? 0) / 60;
}

export interface AlertCondition {
  query: string;
  operator?: string;
  threshold?: number;
  timeAggregation?: string;
}

export interface AlertRuleView {
  resource: ArmResource;
  kind?: string;
  enabled: boolean;
  scopes: string[];
  evaluationFrequency?: string;
  windowSize?: string;
  conditions: AlertCondition[];
  actionGroups: string[];
}

export function alertRuleView(resource: ArmResource): AlertRuleView {
  const properties = record(resource.properties);
  const conditions = array(record(properties['criteria'])['allOf'])
    .map(record)
    .filter((condition) => typeof condition['query'] === 'string')
    .map((condition) => ({
      query: condition['query'] as string,
      ...(str(condition['operator']) ? { operator: str(condition['operator']) } : {}),
      ...(typeof condition['threshold'] === 'number' ? { threshold: condition['threshold'] } : {}),
      ...(str(condition['timeAggregation']) ? { timeAggregation: str(condition['timeAggregation']) } : {}),
    }));
  const kind = str((resource as { kind?: unknown }).kind);
  const evaluationFrequency = str(properties['evaluationFrequency']);
  const windowSize = str(properties['windowSize']);
  return {
    resource,
    ...(kind ? { kind } : {}),
    enabled: properties['enabled'] === true,
    scopes: array(properties['scopes']).filter((s): s is string => typeof s === 'string'),
    ...(evaluationFrequency ? { evaluationFrequency } : {}),
    ...(windowSize ? { windowSize } : {}),
    conditions,
    actionGroups: array(record(properties['actions'])['actionGroups']).filter(
      (s): s is string => typeof s === 'string',
    ),
  };
}

/** Every log search alert rule, or undefined when resources were not collected. */
export function alertRules(context: Pick<AuditContext, 'snapshot'>): AlertRuleView[] | undefined {
  return resourcesOfType(context, ALERT_RULE_TYPE)?.map(alertRuleView);
}

/** Whether the rule's kind raises alerts (`LogToMetric` rules only emit metrics). */
export function isAlertingKind(rule: AlertRuleView): boolean {
  return rule.kind === undefined || ['logalert', 'simplelogalert'].includes(key(rule.kind));
}

export interface ReceiverCount {
  /** Receivers whose status is not `Disabled`, by receiver list name (`emailReceivers`, …). */
  active: Record<string, number>;
  total: number;
}

/** The receivers of an action group that can still be notified. */
export function activeReceivers(actionGroup: ArmResource): ReceiverCount {
  const properties = record(actionGroup.properties);
  const active: Record<string, number> = {};
  let total = 0;
  for (const [name, value] of Object.entries(properties)) {
    if (!name.endsWith('Receivers')) continue;
    const count = array(value).filter(
      (receiver) => key(str(record(receiver)['status'])) !== 'disabled',
    ).length;
    if (count > 0) {
      active[name] = count;
      total += count;
    }
  }
  return { active, total };
}

/** The ARM reads the collector makes per subscription; each can fail on its own (e.g. a 403 on alert rules only). */
export type ResourceRead = 'workspaces' | 'scheduledQueryRules' | 'actionGroups';

/**
 * The snapshot path to skip for when the resources a check needs are incomplete: `azure.resources`
 * when none were collected, `azure.resources.<read>` when the collector recorded a failure for that
 * read; undefined when everything needed is there.
 */
export function missingResources(context: AuditContext, reads: readonly ResourceRead[]): string | undefined {
  if (!context.snapshot.azure?.resources) return 'azure.resources';
  const failed = reads.find(
    (read) => context.collectionErrors[`azure.resources.${read}`] ?? context.collectionErrors[read],
  );
  return failed ? `azure.resources.${failed}` : undefined;
}
