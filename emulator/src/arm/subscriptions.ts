/**
 * Subscriptions (`GET /subscriptions`, `GET /subscriptions/{id}`): the tenant's subscriptions the
 * calling app holds any role on, as ARM lists them.
 */
import { armError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { isAuthorized, requireApiVersion } from './arm-common.js';

/** A subscription as ARM returns it. */
function view(ctx: RouteContext, sub: JsonObject): JsonObject {
  const id = String(sub['subscriptionId']);
  return {
    id: `/subscriptions/${id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: id,
    tenantId: ctx.tenant.tenantId,
    displayName: sub['displayName'] ?? id,
    state: sub['state'] ?? 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
    ...sub,
  };
}

const visible = (ctx: RouteContext, sub: JsonObject) =>
  isAuthorized(
    ctx,
    'Microsoft.Resources/subscriptions/read',
    `/subscriptions/${String(sub['subscriptionId'])}`,
  );

function list(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'resources');
  const subs = ctx.tenant
    .collection('subscriptions')
    .list()
    .filter((s) => visible(ctx, s));
  return {
    status: 200,
    body: { value: subs.map((s) => view(ctx, s)), count: { type: 'Total', value: subs.length } },
  };
}

function get(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'resources');
  const id = ctx.params['subscriptionId'] ?? '';
  const sub = ctx.tenant.collection('subscriptions').get(id);
  // ARM does not reveal subscriptions the caller cannot see.
  if (!sub || !visible(ctx, sub))
    throw armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
  return { status: 200, body: view(ctx, sub) };
}

const routes: RouteDef[] = [
  { method: 'GET', surface: 'arm', path: '/subscriptions', handler: list },
  { method: 'GET', surface: 'arm', path: '/subscriptions/:subscriptionId', handler: get },
];

/** The subscription routes. */
export const subscriptionRoutes: RouteModule = { name: 'arm-subscriptions', routes };
