/**
 * Assembling a tenant document: the skeleton every scenario starts from (organization, licences,
 * built-in roles and strengths, every collection present and empty) and helpers that add people,
 * sign-ins and audit events while keeping Graph and the Log Analytics tables in step.
 */
import type { ScenarioContext } from './context.js';
import type { GraphObject, JsonObject, TenantDocument } from './document.js';
import { organization, roleDefinitions, securityDefaults, subscribedSku } from './directory.js';
import type { Sku } from './microsoft.js';
import { authenticationStrengthPolicies } from './policies.js';
import type { Population } from './population.js';

/** Licences and basics of a new tenant. */
export interface TenantBasics {
  readonly licences: readonly { readonly sku: Sku; readonly enabled: number; readonly consumed: number }[];
  readonly securityDefaultsEnabled: boolean;
  readonly onPremisesSyncEnabled: boolean;
}

/** A document with the tenant's basics and every other collection present and empty. */
export function newTenantDocument(ctx: ScenarioContext, basics: TenantBasics): TenantDocument {
  return {
    formatVersion: 1,
    capturedAt: ctx.now.toISOString(),
    cloud: 'global',
    graph: {
      organization: [organization(ctx, { onPremisesSyncEnabled: basics.onPremisesSyncEnabled })],
      subscribedSkus: basics.licences.map((l) => subscribedSku(ctx, l.sku, l.enabled, l.consumed)),
      securityDefaults: securityDefaults(basics.securityDefaultsEnabled),
      users: [],
      groups: [],
      roleDefinitions: roleDefinitions(),
      roleAssignments: [],
      roleEligibilitySchedules: [],
      roleAssignmentSchedules: [],
      conditionalAccessPolicies: [],
      namedLocations: [],
      authenticationStrengthPolicies: authenticationStrengthPolicies(),
      authenticationMethods: {},
      signIns: [],
      directoryAudits: [],
    },
    azure: { subscriptions: [], resources: [], aadDiagnosticSettings: [], logs: {} },
    drills: [],
    emulator: { tenantId: ctx.tenantId, apps: [] },
  };
}

/** Adds a population's users, groups, role assignments and methods. */
export function addPopulation(doc: TenantDocument, pop: Population): void {
  const g = doc.graph;
  g.users.push(...pop.users);
  g.groups.push(...pop.groups);
  g.roleAssignments.push(...pop.roleAssignments);
  g.roleAssignmentSchedules.push(...pop.roleAssignmentSchedules);
  g.roleEligibilitySchedules.push(...pop.roleEligibilitySchedules);
  Object.assign(g.authenticationMethods, pop.methods);
}

/** The workspaces an Entra diagnostic setting routes `category` to. */
function workspacesReceiving(doc: TenantDocument, category: string): string[] {
  return doc.azure.aadDiagnosticSettings
    .filter((s) =>
      ((s.properties.logs as { category: string; enabled: boolean }[] | undefined) ?? []).some(
        (l) => l.category === category && l.enabled,
      ),
    )
    .map((s) => String(s.properties.workspaceId));
}

function appendRow(doc: TenantDocument, workspaceId: string, table: string, row: JsonObject): void {
  const tables = (doc.azure.logs[workspaceId] ??= {});
  (tables[table] ??= []).push(row);
}

/**
 * Records a sign-in in Graph and, as a `SigninLogs` row, in every workspace a diagnostic setting
 * sends `SignInLogs` to (so add the diagnostic settings first).
 */
export function recordSignIn(doc: TenantDocument, event: { signIn: GraphObject; row: JsonObject }): void {
  doc.graph.signIns.push(event.signIn);
  for (const ws of workspacesReceiving(doc, 'SignInLogs')) appendRow(doc, ws, 'SigninLogs', event.row);
}

/** Records an audit event in Graph and, as an `AuditLogs` row, where `AuditLogs` are sent. */
export function recordAudit(doc: TenantDocument, event: { audit: GraphObject; row: JsonObject }): void {
  doc.graph.directoryAudits.push(event.audit);
  for (const ws of workspacesReceiving(doc, 'AuditLogs')) appendRow(doc, ws, 'AuditLogs', event.row);
}
