/**
 * Proving a drill: after the drill started, (1) a successful sign-in of the account reached the
 * logs (the Graph sign-in log or the Log Analytics workspace), (2) the sign-in alert rule
 * (`alert-breakglass-signin`) fired, and (3) the alert notifies someone (its action groups exist
 * and have receivers). `judgeDrill` decides from gathered evidence and says exactly which step
 * failed and why; `gatherDrillEvidence` reads it from the tenant.
 */
import { activeReceivers, findResource, type AlertRuleView } from '../checks/lib/monitoring.js';
import type { Connection } from '../clients/connection.js';
import { describeFailure, isApiError } from '../clients/errors.js';
import { ALERT_RULES } from '../plan/monitoring-context.js';
import { shortTime } from '../review/render.js';
import { readFromGraph, readFromLogAnalytics } from '../review/sources.js';
import { signInAlertRule, signInWorkspace, type TenantView } from '../review/tenant.js';
import type { ReviewAccount, ReviewSignIn, ReviewSource } from '../review/types.js';
import type { DrillRecord } from '../state/store.js';
import { alertsOfRuleSince, listFiredAlerts, subscriptionOf, type FiredAlert } from './alerts.js';

/** One log the sign-in was looked for in. */
export interface LogLookup {
  source: ReviewSource;
  /** What was read (`Graph sign-in log`, `Log Analytics workspace X`). */
  name: string;
  /** Set when the log could not be read. */
  error?: string;
}

/** The sign-in alert rule as the drill needs it. */
export interface DrillRule {
  id: string;
  enabled: boolean;
  evaluationFrequency?: string;
  actionGroups: { id: string; found: boolean; receivers: number }[];
}

/** Everything `judgeDrill` decides on. */
export interface DrillEvidence {
  drill: Pick<DrillRecord, 'id' | 'accountId' | 'userPrincipalName' | 'startedAt'>;
  /** The account's sign-ins at or after the drill's start, from every log read. */
  signIns: ReviewSignIn[];
  logs: LogLookup[];
  /** The sign-in alert rule; undefined when it does not exist. */
  rule?: DrillRule;
  /** Why the rule could not be looked for (Azure not readable), when that is the case. */
  ruleUnknown?: string;
  /** Alerts of the rule fired at or after the start; undefined when they could not be listed. */
  alerts?: FiredAlert[];
  alertsError?: string;
}

/** One step of the proof. */
export interface DrillStep {
  step: 'sign-in' | 'alert' | 'notification';
  ok: boolean;
  detail: string;
}

/** The verdict on a drill. */
export interface DrillVerdict {
  verified: boolean;
  steps: DrillStep[];
  /** The sign-in that proves it (the first successful one after the start). */
  signIn?: ReviewSignIn;
  /** The first alert fired after the start. */
  alert?: FiredAlert;
}

function signInStep(evidence: DrillEvidence): { step: DrillStep; signIn?: ReviewSignIn } {
  const { drill } = evidence;
  const read = evidence.logs.filter((log) => !log.error);
  const failedReads = evidence.logs.filter((log) => log.error).map((log) => `${log.name}: ${log.error}`);
  const since = `since the drill started at ${shortTime(drill.startedAt)}`;
  const successful = evidence.signIns.filter((s) => s.result === '0' || s.result === undefined);
  const first = successful[0];
  if (first) {
    const where = [...new Set(successful.filter((s) => s.id === first.id).map((s) => s.source))]
      .map((source) => evidence.logs.find((log) => log.source === source)?.name ?? source)
      .join(' and ');
    return {
      signIn: first,
      step: {
        step: 'sign-in',
        ok: true,
        detail: `sign-in ${first.id} at ${shortTime(first.at)}${first.appDisplayName ? ` to ${first.appDisplayName}` : ''}${first.ipAddress ? ` from ${first.ipAddress}` : ''} is in the ${where}`,
      },
    };
  }
  const failed = evidence.signIns[0];
  if (failed) {
    return {
      step: {
        step: 'sign-in',
        ok: false,
        detail: `${drill.userPrincipalName} tried to sign in at ${shortTime(failed.at)} but failed (${failed.result}${failed.resultDescription ? ` ${failed.resultDescription}` : ''}): the account could not get in`,
      },
    };
  }
  const looked = read.map((log) => log.name).join(' or ');
  return {
    step: {
      step: 'sign-in',
      ok: false,
      detail: read.length
        ? `no sign-in of ${drill.userPrincipalName} ${since} is in the ${looked} (sign in with the account, allow a few minutes for the log, and verify again)${failedReads.length ? `; could not read ${failedReads.join('; ')}` : ''}`
        : `no sign-in log could be read: ${failedReads.join('; ')}`,
    },
  };
}

function alertStep(evidence: DrillEvidence): { step: DrillStep; alert?: FiredAlert } {
  const name = ALERT_RULES.signIns;
  const since = `since the drill started at ${shortTime(evidence.drill.startedAt)}`;
  const rule = evidence.rule;
  if (!rule) {
    return {
      step: {
        step: 'alert',
        ok: false,
        detail: evidence.ruleUnknown
          ? `the alert rule ${name} could not be looked for: ${evidence.ruleUnknown}`
          : `the alert rule ${name} does not exist, so nothing alerts on this sign-in (run breakglass plan and apply to restore it)`,
      },
    };
  }
  if (evidence.alerts === undefined) {
    return {
      step: {
        step: 'alert',
        ok: false,
        detail: `the fired alerts could not be listed: ${evidence.alertsError ?? 'unknown error'}`,
      },
    };
  }
  const alert = evidence.alerts[0];
  if (alert) {
    return {
      alert,
      step: {
        step: 'alert',
        ok: true,
        detail: `${name} fired at ${shortTime(alert.startedAt)} (${alert.name ?? alert.id})`,
      },
    };
  }
  return {
    step: {
      step: 'alert',
      ok: false,
      detail: rule.enabled
        ? `the alert rule ${name} has not fired ${since}${rule.evaluationFrequency ? ` (it runs every ${rule.evaluationFrequency}: wait for its next run and verify again)` : ''}`
        : `the alert rule ${name} is disabled, so it did not fire`,
    },
  };
}

function notificationStep(rule: DrillRule): DrillStep {
  const name = ALERT_RULES.signIns;
  if (rule.actionGroups.length === 0) {
    return {
      step: 'notification',
      ok: false,
      detail: `${name} has no action group: its alerts notify nobody`,
    };
  }
  const found = rule.actionGroups.filter((group) => group.found);
  if (found.length === 0) {
    return {
      step: 'notification',
      ok: false,
      detail: `the action groups of ${name} do not exist: ${rule.actionGroups.map((g) => g.id).join(', ')}`,
    };
  }
  const receivers = found.reduce((sum, group) => sum + group.receivers, 0);
  if (receivers === 0) {
    return {
      step: 'notification',
      ok: false,
      detail: `the action groups of ${name} have no active receiver: its alerts notify nobody`,
    };
  }
  const names = found.map((group) => group.id.split('/').pop()).join(', ');
  return {
    step: 'notification',
    ok: true,
    detail: `alerts go to ${names} (${receivers} receiver${receivers === 1 ? '' : 's'})`,
  };
}

/** Decides a drill from its evidence. Pure. */
export function judgeDrill(evidence: DrillEvidence): DrillVerdict {
  const signIn = signInStep(evidence);
  const alert = alertStep(evidence);
  const steps = [signIn.step, alert.step, ...(evidence.rule ? [notificationStep(evidence.rule)] : [])];
  return {
    verified: steps.every((step) => step.ok),
    steps,
    ...(signIn.signIn ? { signIn: signIn.signIn } : {}),
    ...(alert.alert ? { alert: alert.alert } : {}),
  };
}

/** The rule with its action groups looked up in the collected resources. */
function drillRule(view: TenantView, rule: AlertRuleView): DrillRule {
  return {
    id: rule.resource.id,
    enabled: rule.enabled,
    ...(rule.evaluationFrequency ? { evaluationFrequency: rule.evaluationFrequency } : {}),
    actionGroups: rule.actionGroups.map((id) => {
      const group = findResource(view.context, id);
      return { id, found: group !== undefined, receivers: group ? activeReceivers(group).total : 0 };
    }),
  };
}

function failureText(error: unknown): string {
  return isApiError(error) ? describeFailure(error) : (error as Error).message;
}

/** Reads the evidence of `drill` from the tenant, up to `now`. Read failures become evidence, not exceptions. */
export async function gatherDrillEvidence(
  connection: Connection,
  view: TenantView,
  drill: DrillRecord,
  now: Date,
): Promise<DrillEvidence> {
  const account: ReviewAccount = view.accounts.find((a) => a.id === drill.accountId.toLowerCase()) ?? {
    id: drill.accountId.toLowerCase(),
    userPrincipalName: drill.userPrincipalName,
  };
  const window = { since: new Date(drill.startedAt), until: now };
  const logs: LogLookup[] = [];
  const signIns: ReviewSignIn[] = [];
  const graphLog: LogLookup = { source: 'graph', name: 'Graph sign-in log' };
  logs.push(graphLog);
  const reads: Promise<void>[] = [
    readFromGraph(connection, [account], window, graphLog.name).then(
      (data) => void signIns.push(...data.signIns),
      (error: unknown) => void (graphLog.error = failureText(error)),
    ),
  ];
  const workspace = signInWorkspace(view);
  if (!('unavailable' in workspace)) {
    const laLog: LogLookup = { source: 'logAnalytics', name: `Log Analytics workspace ${workspace.name}` };
    logs.push(laLog);
    reads.push(
      readFromLogAnalytics(connection, workspace, [account], window).then(
        (data) => void signIns.push(...data.signIns),
        (error: unknown) => void (laLog.error = failureText(error)),
      ),
    );
  }

  const ruleView = signInAlertRule(view);
  const rule = ruleView ? drillRule(view, ruleView) : undefined;
  const azureError =
    view.snapshot.azure?.resources === undefined ? view.context.collectionErrors['resources'] : undefined;
  let alerts: FiredAlert[] | undefined;
  let alertsError: string | undefined;
  const subscription = rule ? subscriptionOf(rule.id) : undefined;
  if (rule && subscription) {
    reads.push(
      listFiredAlerts(connection, subscription).then(
        (all) => void (alerts = alertsOfRuleSince(all, rule.id, window.since)),
        (error: unknown) => void (alertsError = failureText(error)),
      ),
    );
  }
  await Promise.all(reads);
  signIns.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    drill,
    signIns,
    logs,
    ...(rule ? { rule } : {}),
    ...(!rule && azureError ? { ruleUnknown: azureError.detail } : {}),
    ...(alerts ? { alerts } : {}),
    ...(alertsError ? { alertsError } : {}),
  };
}
