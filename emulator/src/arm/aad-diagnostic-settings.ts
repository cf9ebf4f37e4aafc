/**
 * Entra ID diagnostic settings: the tenant-level `microsoft.aadiam/diagnosticSettings` resource
 * (`/providers/microsoft.aadiam/diagnosticSettings/{name}?api-version=2017-04-01`) that streams
 * SignInLogs, AuditLogs … to a Log Analytics workspace.
 *
 * The known trap (api-facts §0.6): a service principal's token is refused here unless the app has
 * an Azure role at `/providers/Microsoft.aadiam` (or the root) — a subscription-scoped Owner or an
 * Entra directory role is not enough. The generic scope check gives exactly that, with ARM's
 * `AuthorizationFailed` wording. Writing a workspace destination also needs the workspace's
 * shared-keys action (`LinkedAuthorizationFailed` otherwise).
 */
import { armError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { actionFor, authorize, invalidRequest, isAuthorized, requireApiVersion } from './arm-common.js';

/** Log categories Entra can stream (concept-diagnostic-settings-logs-options). */
export const aadLogCategories = [
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ProvisioningLogs',
  'ADFSSignInLogs',
  'RiskyUsers',
  'UserRiskEvents',
  'NetworkAccessTrafficLogs',
  'RiskyServicePrincipals',
  'ServicePrincipalRiskEvents',
  'EnrichedOffice365AuditLogs',
  'MicrosoftGraphActivityLogs',
  'RemoteNetworkHealthLogs',
  'MicrosoftServicePrincipalSignInLogs',
  'CustomSecurityAttributeAuditLogs',
  'RiskyAgents',
  'AgentRiskEvents',
];

const resourceType = 'microsoft.aadiam/diagnosticSettings';
const idOf = (name: string) => `/providers/microsoft.aadiam/diagnosticSettings/${name}`;
const store = (ctx: RouteContext) => ctx.tenant.collection('aadDiagnosticSettings');

function validate(ctx: RouteContext, props: JsonObject): void {
  const destinations = [
    'workspaceId',
    'storageAccountId',
    'eventHubAuthorizationRuleId',
    'serviceBusRuleId',
  ].filter((k) => typeof props[k] === 'string' && props[k] !== '');
  if (destinations.length === 0)
    throw invalidRequest(
      'At least one destination (workspaceId, storageAccountId or eventHubAuthorizationRuleId) must be set.',
      'BadRequest',
    );
  const logs = Array.isArray(props['logs']) ? (props['logs'] as JsonObject[]) : [];
  for (const log of logs) {
    const category = String(log['category'] ?? '');
    if (!aadLogCategories.some((c) => c.toLowerCase() === category.toLowerCase()))
      throw invalidRequest(`Category '${category}' is not supported.`, 'BadRequest');
    if (typeof log['enabled'] !== 'boolean')
      throw invalidRequest(`The 'enabled' property of log category '${category}' is required.`, 'BadRequest');
  }
  const workspaceId = props['workspaceId'];
  if (typeof workspaceId === 'string' && workspaceId !== '') {
    const workspace = ctx.tenant.collection('resources').get(workspaceId);
    if (
      !workspace ||
      String(workspace['type']).toLowerCase() !== 'microsoft.operationalinsights/workspaces'
    ) {
      throw armError(
        400,
        'LinkedInvalidPropertyId',
        `Property id '${workspaceId}' at path 'properties.workspaceId' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
      );
    }
    const linked = 'Microsoft.OperationalInsights/workspaces/sharedKeys/action';
    if (!isAuthorized(ctx, linked, String(workspace['id']))) {
      throw armError(
        403,
        'LinkedAuthorizationFailed',
        `The client '${ctx.token.appid}' with object id '${ctx.token.oid}' has permission to perform action '${resourceType}/write' on scope '${idOf(String(ctx.params['name']))}'; however, it does not have permission to perform action '${linked}' on the linked scope(s) '${String(workspace['id'])}' or the linked scope(s) are invalid.`,
      );
    }
  }
}

function put(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'aadDiagnosticSettings');
  const name = ctx.params['name'] ?? '';
  authorize(ctx, actionFor(ctx, resourceType), idOf(name));
  const body = (ctx.body ?? {}) as JsonObject;
  const props = body['properties'];
  if (typeof props !== 'object' || props === null || Array.isArray(props))
    throw invalidRequest("The 'properties' property is required.", 'BadRequest');
  validate(ctx, props as JsonObject);
  const existing = store(ctx).get(idOf(name));
  const setting: JsonObject = {
    id: existing?.['id'] ?? idOf(name),
    name: existing?.['name'] ?? name,
    type: resourceType,
    properties: { logs: [], metrics: [], ...(props as JsonObject) },
  };
  store(ctx).put(setting);
  return { status: 200, body: setting };
}

function get(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'aadDiagnosticSettings');
  const name = ctx.params['name'] ?? '';
  authorize(ctx, actionFor(ctx, resourceType), idOf(name));
  const found = store(ctx).get(idOf(name));
  if (!found) throw armError(404, 'ResourceNotFound', `The diagnostic setting '${name}' doesn't exist.`);
  return { status: 200, body: found };
}

function remove(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'aadDiagnosticSettings');
  const name = ctx.params['name'] ?? '';
  authorize(ctx, actionFor(ctx, resourceType), idOf(name));
  return { status: store(ctx).delete(idOf(name)) ? 200 : 204 };
}

function list(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'aadDiagnosticSettings');
  authorize(ctx, `${resourceType}/read`, '/providers/microsoft.aadiam');
  return { status: 200, body: { value: store(ctx).list() } };
}

function categories(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'aadDiagnosticSettings');
  authorize(ctx, 'microsoft.aadiam/diagnosticSettingsCategories/read', '/providers/microsoft.aadiam');
  return {
    status: 200,
    body: {
      value: aadLogCategories.map((name) => ({
        id: `/providers/microsoft.aadiam/diagnosticSettingsCategories/${name}`,
        name,
        type: 'microsoft.aadiam/diagnosticSettingsCategories',
        properties: { categoryType: 'Logs' },
      })),
    },
  };
}

const base = '/providers/microsoft.aadiam/diagnosticSettings';

const routes: RouteDef[] = [
  { method: 'GET', surface: 'arm', path: base, handler: list },
  { method: 'GET', surface: 'arm', path: `${base}/:name`, handler: get },
  { method: 'PUT', surface: 'arm', path: `${base}/:name`, handler: put },
  { method: 'DELETE', surface: 'arm', path: `${base}/:name`, handler: remove },
  {
    method: 'GET',
    surface: 'arm',
    path: '/providers/microsoft.aadiam/diagnosticSettingsCategories',
    handler: categories,
  },
];

/** The Entra diagnostic-setting routes. */
export const aadDiagnosticSettingRoutes: RouteModule = { name: 'arm-aad-diagnostic-settings', routes };
