/**
 * What every emulated ARM resource shares: api-version checks (as data, per resource type),
 * role-based authorization from the app's `armRoles`, ARM's error wording, resource ids, and
 * long-running operations that pollers (`Azure-AsyncOperation`, `Location`) can follow.
 */
import { armError, type EmulatorHttpError } from '../http/errors.js';
import type { RouteContext } from '../http/types.js';
import type { EmulatorState } from '../state.js';
import type { JsonObject } from '../tenant/schema.js';

/** Resource kinds the emulator serves, with the api-versions each accepts (newest first). */
export const apiVersions = {
  resources: [
    '2025-04-01',
    '2024-11-01',
    '2024-07-01',
    '2024-03-01',
    '2023-07-01',
    '2022-12-01',
    '2022-09-01',
    '2021-04-01',
    '2021-01-01',
    '2020-10-01',
    '2020-06-01',
    '2020-01-01',
    '2019-11-01',
    '2019-10-01',
    '2019-08-01',
    '2019-07-01',
    '2019-06-01',
    '2019-05-10',
    '2019-05-01',
    '2019-03-01',
    '2018-05-01',
    '2018-02-01',
    '2017-05-10',
    '2016-09-01',
    '2016-06-01',
    '2016-02-01',
    '2015-11-01',
    '2015-01-01',
    '2014-04-01',
  ],
  workspaces: [
    '2025-07-01',
    '2025-02-01',
    '2023-09-01',
    '2022-10-01',
    '2021-12-01-preview',
    '2021-06-01',
    '2020-10-01',
    '2020-08-01',
    '2020-03-01-preview',
    '2015-11-01-preview',
  ],
  aadDiagnosticSettings: ['2017-05-01-preview', '2017-04-01-preview', '2017-04-01'],
  scheduledQueryRules: [
    '2025-01-01-preview',
    '2024-01-01-preview',
    '2023-12-01',
    '2023-03-15-preview',
    '2022-08-01-preview',
    '2022-06-15',
    '2021-08-01',
    '2021-02-01-preview',
    '2020-05-01-preview',
    '2018-04-16',
  ],
  actionGroups: [
    '2024-10-01-preview',
    '2023-09-01-preview',
    '2023-01-01',
    '2022-06-01',
    '2022-04-01',
    '2021-09-01',
    '2019-06-01',
    '2019-03-01',
    '2018-09-01',
    '2018-03-01',
    '2017-04-01',
  ],
} as const;

/** A kind of resource in the api-version table. */
export type ResourceKind = keyof typeof apiVersions;

/** How ARM names each kind in its "no registered provider" error. */
const providerOf: Record<ResourceKind, { namespace: string; type: string }> = {
  resources: { namespace: 'Microsoft.Resources', type: 'resourceGroups' },
  workspaces: { namespace: 'Microsoft.OperationalInsights', type: 'workspaces' },
  aadDiagnosticSettings: { namespace: 'microsoft.aadiam', type: 'diagnosticSettings' },
  scheduledQueryRules: { namespace: 'Microsoft.Insights', type: 'scheduledQueryRules' },
  actionGroups: { namespace: 'Microsoft.Insights', type: 'actionGroups' },
};

/**
 * Checks `api-version`. Missing → `MissingApiVersionParameter`; unknown for Microsoft.Resources →
 * `InvalidApiVersionParameter`; unknown for a resource provider → `NoRegisteredProviderFound`.
 */
export function requireApiVersion(ctx: RouteContext, kind: ResourceKind): string {
  const version = ctx.query.get('api-version');
  if (!version)
    throw armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  const supported: readonly string[] = apiVersions[kind];
  if (supported.includes(version)) return version;
  const list = supported.join(', ');
  if (kind === 'resources') {
    throw armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${list}'. The supported locations are ''.`,
    );
  }
  const { namespace, type } = providerOf[kind];
  throw armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${locationOf(ctx)}' and API version '${version}' for type '${type}'. The supported api-versions are '${list}'. The supported locations are 'westeurope, northeurope, eastus, westus2, global'. (namespace ${namespace})`,
  );
}

function locationOf(ctx: RouteContext): string {
  const body = ctx.body as JsonObject | undefined;
  return typeof body?.['location'] === 'string'
    ? body['location'].toLowerCase().replace(/\s/g, '')
    : 'global';
}

/** Actions each built-in role allows (`*` = all, `*\/read` = every read, `Ns/*` = a namespace). */
const roleActions: Readonly<Record<string, readonly string[]>> = {
  owner: ['*'],
  contributor: ['*'],
  reader: ['*/read'],
  'log analytics contributor': [
    '*/read',
    'microsoft.operationalinsights/*',
    'microsoft.insights/diagnosticsettings/*',
  ],
  'log analytics reader': ['*/read'],
  'monitoring contributor': [
    '*/read',
    'microsoft.insights/*',
    'microsoft.alertsmanagement/*',
    'microsoft.operationalinsights/workspaces/sharedkeys/action',
  ],
  'monitoring reader': ['*/read'],
};

function actionAllowed(patterns: readonly string[], action: string): boolean {
  const a = action.toLowerCase();
  return patterns.some(
    (p) =>
      p === '*' ||
      (p === '*/read' && a.endsWith('/read')) ||
      (p.endsWith('/*') && a.startsWith(p.slice(0, -1))) ||
      p === a,
  );
}

function scopeCovers(scope: string, resourceId: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const r = resourceId.toLowerCase();
  return s === '' || r === s || r.startsWith(`${s}/`);
}

/** True when the calling app holds a role allowing `action` at `scope` or above it. */
export function isAuthorized(ctx: RouteContext, action: string, scope: string): boolean {
  return (ctx.app.armRoles ?? []).some(
    (grant) =>
      scopeCovers(grant.scope, scope) && actionAllowed(roleActions[grant.role.toLowerCase()] ?? [], action),
  );
}

/** Throws ARM's 403 `AuthorizationFailed` unless the app may perform `action` on `scope`. */
export function authorize(ctx: RouteContext, action: string, scope: string): void {
  if (isAuthorized(ctx, action, scope)) return;
  throw armError(
    403,
    'AuthorizationFailed',
    `The client '${ctx.token.appid}' with object id '${ctx.token.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    { headers: { 'x-ms-failure-cause': 'gateway' } },
  );
}

/** The action name ARM checks for a request on a resource type (`Microsoft.X/type/read|write|delete`). */
export function actionFor(ctx: RouteContext, resourceType: string): string {
  const verb = ctx.method === 'GET' ? 'read' : ctx.method === 'DELETE' ? 'delete' : 'write';
  return `${resourceType}/${verb}`;
}

/** The subscription, or ARM's 404 `SubscriptionNotFound`. */
export function requireSubscription(ctx: RouteContext, subscriptionId: string): JsonObject {
  const found = ctx.tenant.collection('subscriptions').get(subscriptionId);
  if (!found)
    throw armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  return found;
}

/** `/subscriptions/{sub}/resourceGroups/{rg}`. */
export function resourceGroupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

/** The resource group, or ARM's 404 `ResourceGroupNotFound`. */
export function requireResourceGroup(ctx: RouteContext, subscriptionId: string, name: string): JsonObject {
  requireSubscription(ctx, subscriptionId);
  const found = ctx.tenant.collection('resources').get(resourceGroupId(subscriptionId, name));
  if (!found || found['type'] !== 'Microsoft.Resources/resourceGroups')
    throw armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
  return found;
}

/** ARM's 404 for a resource that does not exist in an existing resource group. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): EmulatorHttpError {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** ARM's 400 for a request body that breaks a rule. */
export function invalidRequest(message: string, code = 'InvalidRequestContent'): EmulatorHttpError {
  return armError(400, code, message);
}

/** `systemData` as ARM adds it to resources written through the API. */
export function systemData(ctx: RouteContext, existing: JsonObject | undefined): JsonObject {
  const now = ctx.tenant.now().toISOString();
  const previous = (existing?.['systemData'] as JsonObject | undefined) ?? {};
  return {
    createdBy: previous['createdBy'] ?? ctx.token.appid,
    createdByType: previous['createdByType'] ?? 'Application',
    createdAt: previous['createdAt'] ?? now,
    lastModifiedBy: ctx.token.appid,
    lastModifiedByType: 'Application',
    lastModifiedAt: now,
  };
}

/** A long-running operation a poller follows. */
export interface ArmOperation {
  readonly id: string;
  readonly tenantId: string;
  readonly startedAt: number;
  /** Emulator-clock ms at which it completes. */
  readonly doneAt: number;
  /** Runs once, when the operation is first seen complete (e.g. the resource becomes Succeeded). */
  complete: (() => void) | undefined;
}

const operations = new WeakMap<EmulatorState, Map<string, ArmOperation>>();

/**
 * How long emulated operations run (emulator clock). Zero: the first poll sees them done, so SDK
 * pollers finish without waiting; advancing the clock is not needed.
 */
export const operationDurationMs = 0;

/** Starts an operation; `complete` runs when a poll (or a read) first finds it done. */
export function startOperation(ctx: RouteContext, complete: () => void): ArmOperation {
  const now = ctx.emulator.clock.now();
  const op: ArmOperation = {
    id: ctx.tenant.newId(),
    tenantId: ctx.tenant.tenantId,
    startedAt: now,
    doneAt: now + operationDurationMs,
    complete,
  };
  let byState = operations.get(ctx.emulator);
  if (!byState) operations.set(ctx.emulator, (byState = new Map()));
  byState.set(op.id.toLowerCase(), op);
  return op;
}

/** The operation's state now (completing it when its time has come), or undefined. */
export function pollOperation(
  ctx: RouteContext,
  id: string,
): { op: ArmOperation; done: boolean } | undefined {
  const op = operations.get(ctx.emulator)?.get(id.toLowerCase());
  if (!op || op.tenantId !== ctx.tenant.tenantId) return undefined;
  const done = ctx.emulator.clock.now() >= op.doneAt;
  if (done && op.complete) {
    const run = op.complete;
    op.complete = undefined;
    run();
  }
  return { op, done };
}

/** The absolute URL of an ARM path on this emulator. */
export function armUrl(ctx: RouteContext, path: string, apiVersion: string): string {
  return `${ctx.baseUrl}/arm${path}?api-version=${apiVersion}`;
}
