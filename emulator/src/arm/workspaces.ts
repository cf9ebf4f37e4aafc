/**
 * Log Analytics workspaces (Microsoft.OperationalInsights/workspaces). A PUT that creates (or
 * changes) a workspace is a long-running operation as ARM runs it: the response carries
 * `provisioningState: Creating|Updating` and an `Azure-AsyncOperation` (plus `Location`) URL;
 * the operation-status endpoint reports `Succeeded` and the workspace becomes `Succeeded`.
 * `customerId` (the query API's workspace id) is assigned once and kept.
 */
import { armError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { armUrl, invalidRequest, pollOperation, requireApiVersion, startOperation } from './arm-common.js';
import { providerResourceRoutes, type ProviderResourceType } from './provider-resource.js';

const skus = [
  'Free',
  'Standard',
  'Premium',
  'PerNode',
  'PerGB2018',
  'Standalone',
  'CapacityReservation',
  'LACluster',
];

/** Interactive retention Azure accepts for a pricing tier (PerGB2018: 30–730 days; the API also takes 4+). */
function retentionRange(sku: string): [number, number] {
  if (sku === 'Free') return [7, 7];
  return [4, 730];
}

function build(
  ctx: RouteContext,
  body: JsonObject,
  existing: JsonObject | undefined,
  envelope: { id: string; name: string; type: string; location: string; tags?: unknown },
): JsonObject {
  const props = (body['properties'] ?? {}) as JsonObject;
  const previous = (existing?.['properties'] ?? {}) as JsonObject;
  const sku = (props['sku'] ?? previous['sku'] ?? { name: 'PerGB2018' }) as JsonObject;
  if (!skus.includes(String(sku['name'])))
    throw invalidRequest(
      `The SKU '${String(sku['name'])}' is not valid. Valid values: ${skus.join(', ')}.`,
      'InvalidParameter',
    );
  const retention = props['retentionInDays'] ?? previous['retentionInDays'] ?? 30;
  const [min, max] = retentionRange(String(sku['name']));
  if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < min || retention > max) {
    throw invalidRequest(
      `'retentionInDays' is out of range: ${String(retention)}. Allowed values for pricing tier ${String(sku['name'])} are ${min} to ${max} days.`,
      'InvalidParameter',
    );
  }
  const now = ctx.tenant.now().toISOString();
  return {
    ...envelope,
    properties: {
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      workspaceCapping: { dailyQuotaGb: -1, quotaNextResetTime: now, dataIngestionStatus: 'RespectQuota' },
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      ...previous,
      ...props,
      sku: {
        name: sku['name'],
        lastSkuUpdate:
          previous['sku'] && (previous['sku'] as JsonObject)['name'] === sku['name']
            ? (previous['sku'] as JsonObject)['lastSkuUpdate']
            : now,
      },
      retentionInDays: retention,
      customerId: previous['customerId'] ?? ctx.tenant.newId(),
      provisioningState: existing ? 'Updating' : 'Creating',
      createdDate: previous['createdDate'] ?? now,
      modifiedDate: now,
    },
  };
}

function statusPath(resource: JsonObject, opId: string): string {
  const subscriptionId = String(resource['id']).split('/')[2];
  return `/subscriptions/${subscriptionId}/providers/Microsoft.OperationalInsights/locations/${String(resource['location'])}/operationStatuses/${opId}`;
}

function respondToPut(
  ctx: RouteContext,
  resource: JsonObject,
  created: boolean,
  apiVersion: string,
): RouteResult {
  const op = startOperation(ctx, () => {
    const stored = ctx.tenant.collection('resources').getAny(String(resource['id']));
    if (stored) (stored['properties'] as JsonObject)['provisioningState'] = 'Succeeded';
  });
  const url = armUrl(ctx, statusPath(resource, op.id), apiVersion);
  return {
    status: created ? 201 : 200,
    headers: { 'azure-asyncoperation': url, location: url },
    body: resource,
  };
}

const workspaceType: ProviderResourceType = {
  kind: 'workspaces',
  type: 'Microsoft.OperationalInsights/workspaces',
  // 4–63 letters, digits and hyphens, starting and ending with a letter or digit.
  namePattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/,
  build,
  respondToPut,
};

/** The `Azure-AsyncOperation` of a workspace write: InProgress until done, then Succeeded. */
function operationStatus(ctx: RouteContext): RouteResult {
  requireApiVersion(ctx, 'workspaces');
  const id = ctx.params['operationId'] ?? '';
  const state = pollOperation(ctx, id);
  if (!state) throw armError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
  const started = new Date(state.op.startedAt).toISOString();
  return {
    status: 200,
    body: {
      id: ctx.path.replace(/^\/arm/i, ''),
      name: id,
      status: state.done ? 'Succeeded' : 'InProgress',
      startTime: started,
      ...(state.done ? { endTime: new Date(state.op.doneAt).toISOString() } : {}),
    },
  };
}

const base = providerResourceRoutes(workspaceType, 'arm-workspaces');
const statusRoute: RouteDef = {
  method: 'GET',
  surface: 'arm',
  path: '/subscriptions/:subscriptionId/providers/Microsoft.OperationalInsights/locations/:location/operationStatuses/:operationId',
  handler: operationStatus,
};

/** The workspace routes. */
export const workspaceRoutes: RouteModule = { name: base.name, routes: [...base.routes, statusRoute] };
