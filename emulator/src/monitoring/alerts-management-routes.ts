/**
 * Azure Monitor's alert instances (`Microsoft.AlertsManagement/alerts`) for a subscription:
 * list with the service's filters (`alertRule`, `monitorCondition`, `severity`, `alertState`,
 * `targetResource`, `targetResourceGroup`, `targetResourceType`, `monitorService`, `timeRange`,
 * `includeContext`), get one, and change its state (Acknowledged / Closed). A query parameter
 * the emulator does not implement is refused rather than ignored.
 */
import { authorize, requireSubscription } from '../arm/arm-common.js';
import { armError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import { alertResourceId, armAlert, type FiredAlert } from './alerts.js';
import { monitoringOf } from './engine.js';

/** api-versions the emulator answers for alerts. */
export const alertsApiVersions = ['2019-05-05-preview', '2019-03-01', '2018-05-05'];

const timeRanges: Readonly<Record<string, number>> = {
  '1h': 3_600_000,
  '1d': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

const alertStates = ['New', 'Acknowledged', 'Closed'];

function requireVersion(ctx: RouteContext): void {
  const version = ctx.query.get('api-version');
  if (!version) {
    throw armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!alertsApiVersions.includes(version)) {
    throw armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${version}' for type 'alerts'. The supported api-versions are '${alertsApiVersions.join(', ')}'. (namespace Microsoft.AlertsManagement)`,
    );
  }
}

/** Essentials filters: query parameter → the alert's value (compared case-insensitively). */
const filters: Readonly<Record<string, (alert: FiredAlert, essentials: Record<string, unknown>) => string>> =
  {
    alertRule: (a) => a.rule.id,
    monitorCondition: (a) => a.monitorCondition,
    severity: (a) => `Sev${a.rule.severity}`,
    alertState: (a) => a.alertState,
    targetResource: (a) => a.targetResource,
    targetResourceGroup: (_a, e) => String(e['targetResourceGroup']),
    targetResourceType: (_a, e) => String(e['targetResourceType']),
    monitorService: () => 'Log Alerts V2',
  };

const otherParameters = new Set([
  'api-version',
  'timerange',
  'includecontext',
  'includeegressconfig',
  'sortby',
  'sortorder',
]);

function subscriptionAlerts(ctx: RouteContext): FiredAlert[] {
  const subscriptionId = ctx.params['subscriptionId'] ?? '';
  requireVersion(ctx);
  requireSubscription(ctx, subscriptionId);
  authorize(ctx, 'Microsoft.AlertsManagement/alerts/read', `/subscriptions/${subscriptionId}`);
  return (monitoringOf(ctx.emulator).alerts.get(ctx.tenant.tenantId) ?? []).filter(
    (a) => a.subscriptionId.toLowerCase() === subscriptionId.toLowerCase(),
  );
}

async function list(ctx: RouteContext): Promise<RouteResult> {
  const engine = monitoringOf(ctx.emulator);
  await engine.catchUp();
  let alerts = subscriptionAlerts(ctx);
  for (const key of ctx.query.keys()) {
    const known = Object.keys(filters).find((f) => f.toLowerCase() === key.toLowerCase());
    if (!known && !otherParameters.has(key.toLowerCase())) {
      throw armError(
        400,
        'InvalidQueryParameter',
        `The query parameter '${key}' is not supported by the emulator.`,
      );
    }
  }
  const range = ctx.query.get('timeRange') ?? '1d';
  const rangeMs = timeRanges[range];
  if (rangeMs === undefined)
    throw armError(
      400,
      'InvalidQueryParameter',
      `Invalid timeRange '${range}'. Allowed values: ${Object.keys(timeRanges).join(', ')}.`,
    );
  const since = ctx.emulator.clock.now() - rangeMs;
  alerts = alerts.filter((a) => a.lastModifiedAt.getTime() >= since);
  const includeContext = (ctx.query.get('includeContext') ?? '').toLowerCase() === 'true';
  const shaped = alerts.map((a) => ({ alert: a, body: armAlert(a, includeContext) }));
  const selected = shaped.filter(({ alert, body }) => {
    const essentials = (body['properties'] as { essentials: Record<string, unknown> }).essentials;
    return Object.entries(filters).every(([name, value]) => {
      const wanted = [...ctx.query.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      return wanted === undefined || value(alert, essentials).toLowerCase() === wanted.toLowerCase();
    });
  });
  const descending = (ctx.query.get('sortOrder') ?? 'desc').toLowerCase() !== 'asc';
  selected.sort(
    (x, y) => (x.alert.lastModifiedAt.getTime() - y.alert.lastModifiedAt.getTime()) * (descending ? -1 : 1),
  );
  return { status: 200, body: { value: selected.map((s) => s.body) } };
}

function findAlert(ctx: RouteContext): FiredAlert {
  const id = (ctx.params['alertId'] ?? '').toLowerCase();
  const found = subscriptionAlerts(ctx).find((a) => a.alertId.toLowerCase() === id);
  if (!found)
    throw armError(404, 'ResourceNotFound', `The alert '${ctx.params['alertId']}' could not be found.`);
  return found;
}

function get(ctx: RouteContext): RouteResult {
  return { status: 200, body: armAlert(findAlert(ctx), true) };
}

function changeState(ctx: RouteContext): RouteResult {
  const alert = findAlert(ctx);
  authorize(ctx, 'Microsoft.AlertsManagement/alerts/changestate/action', alertResourceId(alert));
  const state = ctx.query.get('newState') ?? '';
  const match = alertStates.find((s) => s.toLowerCase() === state.toLowerCase());
  if (!match)
    throw armError(
      400,
      'InvalidQueryParameter',
      `Invalid newState '${state}'. Allowed values: ${alertStates.join(', ')}.`,
    );
  alert.alertState = match as FiredAlert['alertState'];
  alert.lastModifiedAt = ctx.emulator.clock.date();
  alert.lastModifiedBy = ctx.token.appid;
  return { status: 200, body: armAlert(alert, false) };
}

const base = '/subscriptions/:subscriptionId/providers/Microsoft.AlertsManagement/alerts';

const routes: RouteDef[] = [
  { method: 'GET', surface: 'arm', path: base, handler: list },
  { method: 'GET', surface: 'arm', path: `${base}/:alertId`, handler: get },
  { method: 'POST', surface: 'arm', path: `${base}/:alertId/changestate`, handler: changeState },
];

/** The alert-instance routes. */
export const alertsManagementRoutes: RouteModule = { name: 'alerts-management', routes };
