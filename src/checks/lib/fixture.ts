/**
 * Test fixture for the check tests: the good tenant of test/fixtures/tenant.ts (two cloud-only
 * Global Administrator accounts with two FIDO2 keys each, the group, the policies, monitoring) plus
 * a third Global Administrator and a verified drill per account, so that every non-CA check
 * passes. Built fresh on each call so a test can change one thing and see one check react.
 */
import assert from 'node:assert/strict';
import { defaultConfig, type BreakglassConfig } from '../../config/schema.js';
import type { Snapshot, User } from '../../snapshot/schema.js';
import { resolveAuditContext, type ResolveOptions } from '../context.js';
import type { AuditContext, CheckDefinition, Outcome } from '../types.js';
import {
  actionGroupId,
  auditRuleId,
  capturedAt,
  domain,
  healthyTenant,
  ids,
  resourceGroupId,
  signInRuleId,
  workspaceId,
} from '../../../test/fixtures/tenant.js';

export const TENANT_ID = ids.tenant;
export const DOMAIN = domain;
export const ACCOUNT_1 = ids.account1;
export const ACCOUNT_2 = ids.account2;
/** An ordinary administrator: a Global Administrator who is not an emergency account. */
export const ADMIN = 'ad0ad0ad-0000-4000-8000-000000000003';
export const GROUP_ID = ids.group;
export const POLICY_ID = ids.dedicatedPolicy;
export const CAPTURED_AT = capturedAt;
export const SUBSCRIPTION = ids.subscription;
export const RG = resourceGroupId;
export const WORKSPACE_ID = workspaceId;
export const ACTION_GROUP_ID = actionGroupId;
export const SIGNIN_RULE_ID = signInRuleId;
export const AUDIT_RULE_ID = auditRuleId;

const daysBefore = (days: number): string =>
  new Date(Date.parse(CAPTURED_AT) - days * 86_400_000).toISOString();

/** The healthy tenant of the check tests: every non-CA check passes on it. */
export function healthySnapshot(): Snapshot {
  const snapshot = healthyTenant();
  const graph = snapshot.graph;
  graph.users!.push({ id: ADMIN, userPrincipalName: 'admin@contoso.com', accountEnabled: true });
  graph.roleAssignments!.push({
    id: 'ra-admin',
    roleDefinitionId: ids.globalAdministrator,
    principalId: ADMIN,
    directoryScopeId: '/',
  });
  // Each account signed in once, in a verified drill that fired the alert; the admin, yesterday.
  const drillSignIn = (id: string, userId: string, days: number) => ({
    id,
    createdDateTime: daysBefore(days),
    userId,
    appDisplayName: 'Azure Portal',
    status: { errorCode: 0 },
  });
  graph.signIns = [
    drillSignIn('si-1', ACCOUNT_1, 10),
    drillSignIn('si-2', ACCOUNT_2, 9),
    { id: 'si-admin', createdDateTime: daysBefore(1), userId: ADMIN },
  ];
  snapshot.drills = [
    { accountId: ACCOUNT_1, at: daysBefore(10.01), verified: true, signInId: 'si-1', alertFired: true },
    { accountId: ACCOUNT_2, at: daysBefore(9.01), verified: true, signInId: 'si-2', alertFired: true },
  ];
  return snapshot;
}

/** The config matching the healthy tenant (the guide's defaults). */
export function healthyConfig(): BreakglassConfig {
  return defaultConfig();
}

/** A mutable view of an ARM resource's properties, for tests that change one. */
export function props(snapshot: Snapshot, id: string): Record<string, unknown> {
  const resource =
    snapshot.azure?.resources?.find((r) => r.id === id) ??
    snapshot.azure?.aadDiagnosticSettings?.find((r) => r.id === id);
  if (!resource?.properties) throw new Error(`fixture has no resource ${id}`);
  return resource.properties;
}

/** A change that deletes one ARM resource from the tenant. */
export function withoutResource(id: string): (snapshot: Snapshot) => void {
  return (s) => void (s.azure!.resources = s.azure!.resources!.filter((r) => r.id !== id));
}

/** The case every Azure-side check shares: ARM resources were not collected, so it skips. */
export const resourcesNotCollected: CheckCase = {
  name: 'resources not collected',
  change: (s) => void delete s.azure!.resources,
  expect: { [TENANT_ID]: 'skip:not-collected' },
};

/** Options recording that the collector was denied a collection (`graph.x`, `azure.y` or an ARM type). */
export function deniedCollection(collection: string, detail: string): ResolveOptions {
  return { collectionErrors: { [collection]: { reason: 'missing-permission', detail } } };
}

export function userById(snapshot: Snapshot, id: string): User {
  const user = snapshot.graph.users?.find((u) => u.id === id);
  if (!user) throw new Error(`fixture has no user ${id}`);
  return user;
}

/** One table-driven case: a change to the healthy tenant and the statuses expected per subject id. */
export interface CheckCase {
  name: string;
  change?: (snapshot: Snapshot, config: BreakglassConfig) => Snapshot | void;
  /** Config absent (no file): accounts come from the group. */
  noConfig?: boolean;
  options?: ResolveOptions;
  /** Expected `status` (or `status:skipReason`) per subject id; exactly these subjects. */
  expect: Record<string, string>;
  /** Text every listed subject's message must contain. */
  messageIncludes?: Record<string, string>;
}

/** Runs a check on the healthy tenant after `change`. */
export function runCase(
  check: CheckDefinition,
  c: Pick<CheckCase, 'change' | 'noConfig' | 'options'>,
): { outcomes: Outcome[]; context: AuditContext } {
  const snapshot = healthySnapshot();
  const config = healthyConfig();
  const changed = c.change?.(snapshot, config) ?? snapshot;
  const context = resolveAuditContext(changed, c.noConfig ? undefined : config, c.options);
  return { outcomes: check.evaluate(context), context };
}

/** `status` or `status:skipReason` per subject id, for compact assertions. */
export function statusesBySubject(outcomes: readonly Outcome[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const outcome of outcomes) {
    result[outcome.subject.id] = outcome.skipReason
      ? `${outcome.status}:${outcome.skipReason}`
      : outcome.status;
  }
  return result;
}

/** Runs one case and asserts its statuses and messages; also that every skip has a reason. */
export function assertCase(check: CheckDefinition, c: CheckCase): Outcome[] {
  const { outcomes } = runCase(check, c);
  assert.deepEqual(statusesBySubject(outcomes), c.expect, JSON.stringify(outcomes, null, 1));
  for (const outcome of outcomes) {
    assert.equal(
      outcome.status === 'skip',
      outcome.skipReason !== undefined,
      `skip reason on ${outcome.subject.id}`,
    );
    assert.ok(outcome.message.length > 0);
  }
  for (const [subject, text] of Object.entries(c.messageIncludes ?? {})) {
    const outcome = outcomes.find((o) => o.subject.id === subject);
    assert.ok(outcome, `no outcome for ${subject}`);
    assert.ok(outcome.message.includes(text), `message of ${subject}: ${outcome.message} lacks ${text}`);
  }
  return outcomes;
}
