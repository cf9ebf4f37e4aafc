/**
 * Resource groups: PUT (200/201), GET, list, DELETE as a long-running operation (202 with a
 * `Location` to poll; the group and everything in it go when the operation completes), and the
 * operation-result endpoint pollers follow.
 */
import { armError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import {
  actionFor,
  armUrl,
  authorize,
  invalidRequest,
  pollOperation,
  requireApiVersion,
  requireResourceGroup,
  requireSubscription,
  resourceGroupId,
  startOperation,
} from './arm-common.js';

const type = 'Microsoft.Resources/resourceGroups';
const action = 'Microsoft.Resources/subscriptions/resourceGroups';

/** Azure's naming rule: 1–90 of letters, digits, `_-.()`, not ending in a period. */
const namePattern = /^[-\w.()]{1,90}$/u;

function put(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'resources');
  const { subscriptionId = '', resourceGroupName: name = '' } = ctx.params;
  requireSubscription(ctx, subscriptionId);
  const id = resourceGroupId(subscriptionId, name);
  authorize(ctx, actionFor(ctx, action), id);
  if (!namePattern.test(name) || name.endsWith('.')) {
    throw invalidRequest(
      `Resource group name '${name}' is invalid. It can include alphanumeric, underscore, parentheses, hyphen, period (except at end), and Unicode characters that match the allowed characters.`,
      'ResourceGroupNameInvalid',
    );
  }
  const body = (ctx.body ?? {}) as JsonObject;
  const store = ctx.tenant.collection('resources');
  const existing = store.get(id);
  if (typeof body['location'] !== 'string' || body['location'] === '') {
    throw invalidRequest("The 'location' property is required for this definition.", 'LocationRequired');
  }
  if (
    existing &&
    String(existing['location']).toLowerCase() !== body['location'].toLowerCase().replace(/\s/g, '')
  ) {
    throw armError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${body['location']}'. The Resource group already exists in location '${String(existing['location'])}'.`,
    );
  }
  const group: JsonObject = {
    id: existing?.['id'] ?? id,
    name: existing?.['name'] ?? name,
    type,
    location: body['location'].toLowerCase().replace(/\s/g, ''),
    ...(body['tags'] ? { tags: body['tags'] } : {}),
    ...(body['managedBy'] ? { managedBy: body['managedBy'] } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
  store.put(group);
  return { status: existing ? 200 : 201, body: group };
}

function get(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'resources');
  const { subscriptionId = '', resourceGroupName = '' } = ctx.params;
  authorize(ctx, actionFor(ctx, action), resourceGroupId(subscriptionId, resourceGroupName));
  return { status: 200, body: requireResourceGroup(ctx, subscriptionId, resourceGroupName) };
}

function list(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'resources');
  const subscriptionId = ctx.params['subscriptionId'] ?? '';
  requireSubscription(ctx, subscriptionId);
  authorize(ctx, `${action}/read`, `/subscriptions/${subscriptionId}`);
  const prefix = `/subscriptions/${subscriptionId}/resourcegroups/`.toLowerCase();
  const groups = ctx.tenant
    .collection('resources')
    .list()
    .filter((r) => r['type'] === type && String(r['id']).toLowerCase().startsWith(prefix));
  return { status: 200, body: { value: groups } };
}

function remove(ctx: RouteContext): RouteResult {
  const version = requireApiVersion(ctx, 'resources');
  const { subscriptionId = '', resourceGroupName = '' } = ctx.params;
  const id = resourceGroupId(subscriptionId, resourceGroupName);
  authorize(ctx, actionFor(ctx, action), id);
  const group = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  group['properties'] = { provisioningState: 'Deleting' };
  const store = ctx.tenant.collection('resources');
  const op = startOperation(ctx, () => {
    const prefix = `${id}/`.toLowerCase();
    for (const r of store.listAll())
      if (String(r['id']).toLowerCase().startsWith(prefix)) store.delete(String(r['id']));
    store.delete(id);
  });
  return {
    status: 202,
    headers: { location: armUrl(ctx, `/subscriptions/${subscriptionId}/operationresults/${op.id}`, version) },
  };
}

/** The `Location` a resource-group deletion gives: 202 while running, 200 when done. */
function operationResult(ctx: RouteContext): RouteResult {
  const version = requireApiVersion(ctx, 'resources');
  const { subscriptionId = '', operationId = '' } = ctx.params;
  const state = pollOperation(ctx, operationId);
  if (!state) throw armError(404, 'OperationNotFound', `The operation '${operationId}' could not be found.`);
  if (!state.done)
    return {
      status: 202,
      headers: {
        location: armUrl(ctx, `/subscriptions/${subscriptionId}/operationresults/${operationId}`, version),
        'retry-after': '1',
      },
    };
  return { status: 200 };
}

const groupPath = '/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName';

const routes: RouteDef[] = [
  { method: 'PUT', surface: 'arm', path: groupPath, handler: put },
  { method: 'GET', surface: 'arm', path: groupPath, handler: get },
  { method: 'DELETE', surface: 'arm', path: groupPath, handler: remove },
  { method: 'GET', surface: 'arm', path: '/subscriptions/:subscriptionId/resourcegroups', handler: list },
  {
    method: 'GET',
    surface: 'arm',
    path: '/subscriptions/:subscriptionId/operationresults/:operationId',
    handler: operationResult,
  },
];

/** The resource-group routes. */
export const resourceGroupRoutes: RouteModule = { name: 'arm-resource-groups', routes };
