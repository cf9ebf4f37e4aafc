/**
 * `plan`: a pure function of the config and a tenant snapshot into a saved, reviewable plan.
 */
import type { BreakglassConfig } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';
import { version } from '../version.js';
import { buildPlanContext } from './context.js';
import { configDigest, stateDigest } from './digest.js';
import { resourcePlanners } from './registry.js';
import { accountsWithoutPhishingResistantMethod } from './resources/dedicated-policy.js';
import type { Action, Change, Plan } from './types.js';
import { monitoringTarget } from './monitoring-context.js';

export interface PlanOptions {
  /** Time stamp written into the plan (injected so plans are reproducible in tests). */
  now: Date;
}

export function buildPlan(snapshot: Snapshot, config: BreakglassConfig, options: PlanOptions): Plan {
  const context = buildPlanContext(snapshot, config);
  const changes: Change[] = resourcePlanners.flatMap((planner) => planner.plan(context));
  assertDependenciesResolve(changes);
  const deferred: Plan['deferred'] = [];
  const missing = accountsWithoutPhishingResistantMethod(context);
  if (config.model !== 'exclude-all' && config.policy.state === 'enabled' && missing.length > 0) {
    deferred.push({
      address: 'dedicated-policy',
      reason: `enabling the dedicated policy waits until ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} a phishing-resistant method (enrol a FIDO2 key with the Temporary Access Pass, then run apply again)`,
    });
  }
  const monitoring = monitoringTarget(context);
  if ('unavailable' in monitoring) deferred.push({ address: 'monitoring', reason: monitoring.unavailable });
  const receivers = config.monitoring.actionGroup;
  const existing =
    'unavailable' in monitoring ? undefined : monitoring.find(monitoring.actionGroupId)?.properties;
  const existingReceivers = ['emailReceivers', 'smsReceivers', 'webhookReceivers'].some(
    (key) => ((existing?.[key] as unknown[] | undefined) ?? []).length > 0,
  );
  if (
    !('unavailable' in monitoring) &&
    receivers.emails.length + receivers.sms.length + receivers.webhooks.length === 0 &&
    !existingReceivers
  ) {
    deferred.push({
      address: 'action-group',
      reason:
        'the action group notifies nobody: add monitoring.actionGroup.emails (or sms, webhooks) to breakglass.yaml',
    });
  }
  const summary = Object.fromEntries(
    (['create', 'update', 'delete', 'no-op', 'manual'] as Action[]).map((a) => [
      a,
      changes.filter((c) => c.action === a).length,
    ]),
  ) as Record<Action, number>;
  return {
    formatVersion: 1,
    tool: { name: 'breakglass', version },
    createdAt: options.now.toISOString(),
    tenantId: context.tenantId,
    model: config.model,
    configDigest: configDigest(config),
    stateDigest: stateDigest(snapshot),
    changes,
    deferred,
    summary,
  };
}

/** Dependencies on no-op or absent changes are dropped; a dependency on nothing at all is a bug. */
function assertDependenciesResolve(changes: Change[]): void {
  const actionable = new Set(
    changes.filter((c) => c.action !== 'no-op' && c.action !== 'manual').map((c) => c.address),
  );
  for (const change of changes) {
    change.dependsOn = change.dependsOn.filter((address) => actionable.has(address));
  }
  const refs = JSON.stringify(changes.map((c) => c.spec)).match(/"\$ref":"([^"#]+)#/g) ?? [];
  for (const ref of refs) {
    const address = ref.slice(8, -1);
    if (!actionable.has(address))
      throw new Error(`internal: plan refers to ${address}, which no change creates`);
  }
}
