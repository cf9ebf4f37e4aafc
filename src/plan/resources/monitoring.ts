/**
 * The monitoring resources: resource group, Log Analytics workspace, the Entra diagnostic setting
 * that feeds it, the action group and the two log search alert rules (sign-ins of the accounts;
 * changes to the accounts, the group and the dedicated policy). Each is an ARM PUT of the whole
 * resource body, so create and update share one executor; the planner decides which and why.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { monitoringTarget, ALERT_RULES, type MonitoringTarget } from '../monitoring-context.js';
import type { PlanContext } from '../context.js';
import { groupIdRef } from '../context.js';
import type { ArmResource } from '../../snapshot/schema.js';
import type { Change, Json, ResourceKind } from '../types.js';
import { signInAlertQuery, auditAlertQuery } from '../../kql/queries.js';

/** Diagnostic categories breakglass needs (checks.md EA-MON-001). */
export const REQUIRED_LOG_CATEGORIES = ['SignInLogs', 'NonInteractiveUserSignInLogs', 'AuditLogs'] as const;

type Props = Record<string, unknown>;
const props = (r: ArmResource | undefined): Props => (r?.properties ?? {}) as Props;

function armChange(
  kind: ResourceKind,
  address: string,
  id: string,
  existing: ArmResource | undefined,
  body: { [key: string]: Json },
  problems: string[],
  apiVersion: string,
  dependsOn: string[],
): Change {
  if (existing && problems.length === 0) return noOp(address, kind, 'as declared', { id });
  return {
    address,
    kind,
    action: existing ? 'update' : 'create',
    reason: existing ? problems.join('; ') : 'it does not exist',
    before: existing ? ({ id, properties: existing.properties ?? null } as Json) : null,
    after: { id, ...body },
    dependsOn,
    spec: { id, apiVersion, body },
  };
}

/** The dedicated policy's id for the change alert: known, created by this plan, or none (exclude-all). */
function dedicatedPolicyIdRef(context: PlanContext): string | { $ref: string } | null {
  if (context.config.model === 'exclude-all') return null;
  return context.dedicatedPolicy?.id ?? { $ref: 'dedicated-policy#id' };
}

/** The account ids for queries: known ids, or refs to accounts this plan creates. */
function alertAccounts(context: PlanContext): { id: string | { $ref: string }; userPrincipalName: string }[] {
  return context.accounts.map((a) => ({
    id: a.user ? a.user.id : { $ref: `account[${a.name}]#id` },
    userPrincipalName: a.userPrincipalName,
  }));
}

function plannedQuery(context: PlanContext, which: 'signIns' | 'changes'): string | null {
  const accounts = alertAccounts(context);
  if (accounts.some((a) => typeof a.id !== 'string')) return null; // built at apply, once ids exist
  const known = accounts as { id: string; userPrincipalName: string }[];
  if (which === 'signIns') return signInAlertQuery(known);
  const groupId = groupIdRef(context);
  if (typeof groupId !== 'string') return null;
  const policyId = dedicatedPolicyIdRef(context);
  if (policyId !== null && typeof policyId !== 'string') return null;
  return auditAlertQuery({ accounts: known, groupId, policyId: policyId ?? undefined });
}

function planMonitoring(context: PlanContext, target: MonitoringTarget): Change[] {
  const m = context.config.monitoring;
  const changes: Change[] = [];
  // The collector reads resources, not always their group: a resource inside it proves it exists.
  const rg =
    target.find(target.resourceGroupId) ??
    (context.snapshot.azure?.resources ?? []).find((r) =>
      r.id.toLowerCase().startsWith(`${target.resourceGroupId.toLowerCase()}/`),
    );
  changes.push(
    armChange(
      'resource-group',
      'resource-group',
      target.resourceGroupId,
      rg,
      { location: m.location, tags: { purpose: 'breakglass-monitoring' } },
      [],
      '2021-04-01',
      [],
    ),
  );
  const rgDep = rg ? [] : ['resource-group'];

  const ws = target.find(target.workspaceId);
  const retention = Number(props(ws).retentionInDays ?? 30);
  changes.push(
    armChange(
      'workspace',
      'workspace',
      target.workspaceId,
      ws,
      {
        location: m.location,
        properties: { sku: { name: 'PerGB2018' }, retentionInDays: m.retentionInDays },
      },
      retention < m.retentionInDays ? [`retention is ${retention} days, declared ${m.retentionInDays}`] : [],
      '2023-09-01',
      rgDep,
    ),
  );
  const wsDep = ws ? [] : ['workspace'];

  // Any diagnostic setting already sending every needed category to this workspace will do.
  const settings = context.snapshot.azure?.aadDiagnosticSettings ?? [];
  const sends = (s: ArmResource, category: string) =>
    ((props(s).logs as { category?: string; enabled?: boolean }[] | undefined) ?? []).some(
      (l) => l.category === category && l.enabled,
    );
  const toWorkspace = settings.filter(
    (s) => String(props(s).workspaceId ?? '').toLowerCase() === target.workspaceId.toLowerCase(),
  );
  const complete = toWorkspace.find((s) => REQUIRED_LOG_CATEGORIES.every((c) => sends(s, c)));
  const settingId = `/providers/microsoft.aadiam/diagnosticSettings/${m.diagnosticSetting}`;
  const ours = complete ?? toWorkspace[0] ?? settings.find((s) => s.name === m.diagnosticSetting);
  const missing = ours ? REQUIRED_LOG_CATEGORIES.filter((c) => !sends(ours, c)) : [];
  const pointsElsewhere =
    ours && String(props(ours).workspaceId ?? '').toLowerCase() !== target.workspaceId.toLowerCase();
  changes.push(
    armChange(
      'diagnostic-setting',
      'diagnostic-setting',
      ours?.id ?? settingId,
      ours,
      {
        properties: {
          workspaceId: target.workspaceId,
          logs: REQUIRED_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
        },
      },
      [
        ...(missing.length ? [`it does not send ${missing.join(', ')}`] : []),
        ...(pointsElsewhere ? ['it sends to another workspace'] : []),
      ],
      '2017-04-01',
      wsDep,
    ),
  );

  const ag = target.find(target.actionGroupId);
  // Declaring no receivers means "not managed here": an existing group keeps the ones it has,
  // because writing an empty list would silence the alert.
  const declared = m.actionGroup.emails.length + m.actionGroup.sms.length + m.actionGroup.webhooks.length > 0;
  const kept = (key: string) => (props(ag)[key] ?? []) as Json[];
  const agBody = {
    location: 'Global',
    properties: {
      groupShortName: m.actionGroup.shortName,
      enabled: true,
      emailReceivers: declared
        ? m.actionGroup.emails.map((emailAddress, i) => ({
            name: `email-${i + 1}`,
            emailAddress,
            useCommonAlertSchema: true,
          }))
        : kept('emailReceivers'),
      smsReceivers: declared
        ? m.actionGroup.sms.map((sms, i) => ({ name: `sms-${i + 1}`, ...sms }))
        : kept('smsReceivers'),
      webhookReceivers: declared
        ? m.actionGroup.webhooks.map((serviceUri, i) => ({
            name: `webhook-${i + 1}`,
            serviceUri,
            useCommonAlertSchema: true,
          }))
        : kept('webhookReceivers'),
    },
  };
  const receivers = (p: Props) =>
    JSON.stringify(
      [p.emailReceivers ?? [], p.smsReceivers ?? [], p.webhookReceivers ?? []].map((list) =>
        (list as Props[]).map((r) => r.emailAddress ?? r.phoneNumber ?? r.serviceUri).sort(),
      ),
    );
  const agProblems = ag
    ? [
        ...(receivers(props(ag)) !== receivers(agBody.properties)
          ? ['its receivers differ from the config']
          : []),
        ...(props(ag).groupShortName !== m.actionGroup.shortName ? ['its short name differs'] : []),
        ...(props(ag).enabled === false ? ['it is disabled'] : []),
      ]
    : [];
  changes.push(
    armChange(
      'action-group',
      'action-group',
      target.actionGroupId,
      ag,
      agBody as unknown as { [key: string]: Json },
      agProblems,
      '2023-01-01',
      rgDep,
    ),
  );

  const accountDeps = context.accounts.filter((a) => !a.user).map((a) => `account[${a.name}]`);
  for (const which of ['signIns', 'changes'] as const) {
    const name = ALERT_RULES[which];
    const id = target.alertRuleId(name);
    const rule = target.find(id);
    const query = plannedQuery(context, which);
    const frequency = `PT${m.evaluationFrequencyMinutes}M`;
    const body = {
      location: m.location,
      kind: 'LogAlert',
      properties: {
        displayName:
          which === 'signIns'
            ? 'Emergency access account sign-in'
            : 'Change to emergency access accounts, group or policy',
        description:
          'Managed by breakglass. Every use of an emergency account must be explained (drill or incident).',
        severity: which === 'signIns' ? 0 : 1,
        enabled: true,
        scopes: [target.workspaceId],
        evaluationFrequency: frequency,
        windowSize: frequency,
        criteria: {
          allOf: [
            {
              query: query ?? '(built at apply from the new account ids)',
              timeAggregation: 'Count',
              dimensions: [],
              operator: 'GreaterThan',
              threshold: 0,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        autoMitigate: false,
        actions: { actionGroups: [target.actionGroupId] },
      },
    };
    const p = props(rule);
    const current = ((p.criteria as { allOf?: { query?: string }[] } | undefined)?.allOf ?? [])[0]?.query;
    const problems = rule
      ? [
          ...(query === null || current !== query
            ? ['its query does not cover exactly the current accounts']
            : []),
          ...(p.evaluationFrequency !== frequency
            ? [`it runs every ${String(p.evaluationFrequency)}, declared ${frequency}`]
            : []),
          ...(p.enabled === false ? ['it is disabled'] : []),
          ...(!((p.actions as { actionGroups?: string[] } | undefined)?.actionGroups ?? []).some(
            (a) => a.toLowerCase() === target.actionGroupId.toLowerCase(),
          )
            ? ['it does not notify the action group']
            : []),
          ...(p.autoMitigate !== false ? ['it resolves itself (autoMitigate)'] : []),
        ]
      : [];
    const change = armChange(
      'alert-rule',
      `alert-rule[${name}]`,
      id,
      rule,
      body as unknown as { [key: string]: Json },
      problems,
      '2023-12-01',
      [
        ...wsDep,
        ...(ag ? [] : ['action-group']),
        ...accountDeps,
        ...(which === 'changes' && typeof groupIdRef(context) !== 'string' ? ['group'] : []),
        ...(which === 'changes' &&
        typeof dedicatedPolicyIdRef(context) === 'object' &&
        dedicatedPolicyIdRef(context) !== null
          ? ['dedicated-policy']
          : []),
      ],
    );
    // The executor builds the query from these once every id is known, and parses it before the PUT.
    change.spec.query = {
      which,
      accounts: alertAccounts(context),
      groupId: groupIdRef(context),
      policyId: dedicatedPolicyIdRef(context),
    };
    changes.push(change);
  }
  return changes;
}

export const monitoringPlanner: ResourcePlanner = {
  kind: 'workspace',
  plan(context) {
    const target = monitoringTarget(context);
    if ('unavailable' in target) return [];
    return planMonitoring(context, target);
  },
};
