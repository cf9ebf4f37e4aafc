/**
 * What the review and the drill commands know about the tenant: one collection (the same reads
 * and account resolution as `breakglass audit`, so every command agrees on which accounts are the
 * emergency accounts), plus where the sign-in logs and the sign-in alert live. The look-ups over
 * the snapshot are pure.
 */
import type { AuditContext } from '../checks/types.js';
import { resolveAuditContext, resolvedUsers } from '../checks/context.js';
import { key } from '../checks/lib/ids.js';
import {
  ALERT_RULE_TYPE,
  alertRuleView,
  resourcesOfType,
  signInWorkspaceIds,
  WORKSPACE_TYPE,
  type AlertRuleView,
} from '../checks/lib/monitoring.js';
import type { Connection } from '../clients/connection.js';
import { controlRequest } from '../clients/emulator-control.js';
import { collectSnapshot } from '../collect/collect.js';
import type { BreakglassConfig } from '../config/schema.js';
import { ALERT_RULES } from '../plan/monitoring-context.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { ReviewAccount } from './types.js';

/** The tenant as the review sees it. */
export interface TenantView {
  /** Tenant id, lowercase: the key of its drills in the state store. */
  tenantId: string;
  snapshot: Snapshot;
  context: AuditContext;
  /** The emergency accounts that resolved to a user, by UPN. */
  accounts: ReviewAccount[];
}

/** The view of a snapshot (pure). The tenant id is the organization's, else `fallbackTenantId`. */
export function tenantView(
  snapshot: Snapshot,
  config: BreakglassConfig | undefined,
  fallbackTenantId: string,
): TenantView {
  const context = resolveAuditContext(snapshot, config);
  return {
    tenantId: key(snapshot.graph.organization?.[0]?.id ?? fallbackTenantId),
    snapshot,
    context,
    accounts: resolvedUsers(context)
      .map(({ user }) => ({
        id: key(user.id),
        userPrincipalName: user.userPrincipalName,
        ...(user.displayName ? { displayName: user.displayName } : {}),
      }))
      .sort((a, b) => (key(a.userPrincipalName) < key(b.userPrincipalName) ? -1 : 1)),
  };
}

/** Collects the tenant behind `connection` and resolves its emergency accounts. */
export async function readTenant(
  connection: Connection,
  config: BreakglassConfig | undefined,
  now: Date,
): Promise<TenantView> {
  const { snapshot } = await collectSnapshot(connection, { ...(config ? { config } : {}), now });
  return tenantView(snapshot, config, connection.tenantId);
}

/**
 * The tenant's "now": the emulator's clock (tests and the demo move it forward), else this
 * machine's. Drill times are taken from it so they compare with the sign-in log's own timestamps.
 */
export async function tenantNow(connection: Connection): Promise<Date> {
  const emulator = connection.emulator;
  if (!emulator) return new Date();
  const clock = await controlRequest<{ now?: string }>(emulator.url, 'GET', '/_emulator/clock', undefined, {
    caPem: emulator.caPem,
  });
  const now = new Date(clock?.now ?? '');
  return Number.isNaN(now.getTime()) ? new Date() : now;
}

/** A Log Analytics workspace the Entra sign-in logs are sent to. */
export interface SignInWorkspace {
  resourceId: string;
  name: string;
  /** The workspace (customer) id the query API takes. */
  customerId: string;
}

/**
 * The workspace to read sign-ins from: one an Entra diagnostic setting sends `SignInLogs` to,
 * preferring the configured one (`monitoring.workspace`). Without one, why not.
 */
export function signInWorkspace(view: TenantView): SignInWorkspace | { unavailable: string } {
  const { context } = view;
  const workspaces = resourcesOfType(context, WORKSPACE_TYPE);
  if (!workspaces || !context.snapshot.azure?.aadDiagnosticSettings) {
    return { unavailable: 'the Azure side (diagnostic settings, workspaces) could not be read' };
  }
  const receiving = signInWorkspaceIds(context);
  const candidates = workspaces.filter((workspace) => receiving.has(key(workspace.id)));
  const configured = key(context.config.monitoring.workspace);
  const chosen = candidates.find((workspace) => key(workspace.name) === configured) ?? candidates[0];
  if (!chosen) {
    return {
      unavailable:
        receiving.size > 0
          ? 'the workspace the diagnostic setting sends SignInLogs to is not visible to this credential'
          : 'no Entra diagnostic setting sends SignInLogs to a Log Analytics workspace',
    };
  }
  const customerId = chosen.properties?.['customerId'];
  if (typeof customerId !== 'string' || !customerId) {
    return { unavailable: `workspace ${chosen.name} has no customerId` };
  }
  return { resourceId: chosen.id, name: chosen.name, customerId };
}

/**
 * The sign-in alert rule breakglass writes (`alert-breakglass-signin`), preferring the one in the
 * configured resource group; undefined when it does not exist (or Azure could not be read).
 */
export function signInAlertRule(view: TenantView): AlertRuleView | undefined {
  const rules = (resourcesOfType(view.context, ALERT_RULE_TYPE) ?? []).filter(
    (rule) => key(rule.name) === key(ALERT_RULES.signIns),
  );
  const group = `/resourcegroups/${key(view.context.config.monitoring.resourceGroup)}/`;
  const chosen = rules.find((rule) => key(rule.id).includes(group)) ?? rules[0];
  return chosen ? alertRuleView(chosen) : undefined;
}
