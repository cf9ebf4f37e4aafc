/**
 * The Log Analytics query API: `POST|GET /v1/workspaces/{customerId}/query` (served under
 * `/loganalytics`), and the resource-centric form `/v1/{workspace resource id}/query`. The query
 * runs on the emulator's KQL interpreter over the workspace's tables; the answer has the
 * service's shape (`tables: [{ name: 'PrimaryResult', columns, rows }]`, dynamic values as JSON
 * text), and a refused query gets the service's 400 `BadArgumentError`.
 *
 * Access: a token for `https://api.loganalytics.io` whose app holds a role allowing
 * `Microsoft.OperationalInsights/workspaces/query/read` on the workspace (Reader, Log Analytics
 * Reader, Contributor …, per its `armRoles`).
 */
import { isAuthorized } from '../arm/arm-common.js';
import { KqlError, serviceHttpError } from '../kql/errors.js';
import { queryResponseBody, runKql } from '../kql/interpreter.js';
import { EmulatorHttpError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { parseTimespan } from './durations.js';
import { monitoringOf } from './engine.js';

const queryAction = 'Microsoft.OperationalInsights/workspaces/query/read';

/** A Log Analytics error (`{ error: { message, code, correlationId, innererror? } }`). */
function logAnalyticsError(
  status: number,
  code: string,
  message: string,
  ctx: RouteContext,
  inner?: JsonObject,
): EmulatorHttpError {
  return new EmulatorHttpError(
    status,
    code,
    message,
    'arm',
    {},
    {
      correlationId: ctx.requestId,
      ...(inner ? { innererror: inner } : {}),
    },
  );
}

function badArgument(ctx: RouteContext, code: string, message: string): EmulatorHttpError {
  return logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', ctx, {
    code,
    message,
  });
}

function workspaceBy(ctx: RouteContext, match: (w: JsonObject) => boolean, shown: string): JsonObject {
  const workspace = ctx.tenant
    .collection('resources')
    .list()
    .find((r) => String(r['type']).toLowerCase() === 'microsoft.operationalinsights/workspaces' && match(r));
  if (!workspace)
    throw logAnalyticsError(404, 'WorkspaceNotFoundError', `Workspace '${shown}' could not be found.`, ctx);
  if (!isAuthorized(ctx, queryAction, String(workspace['id']))) {
    throw logAnalyticsError(
      403,
      'InsufficientAccessError',
      'The provided credentials have insufficient access to perform the requested operation',
      ctx,
    );
  }
  return workspace;
}

function readRequest(ctx: RouteContext): { query: string; timespan: string | undefined } {
  const body = (ctx.method === 'POST' ? (ctx.body ?? {}) : {}) as JsonObject;
  const query = ctx.method === 'POST' ? body['query'] : ctx.query.get('query');
  if (typeof query !== 'string' || query.trim() === '')
    throw badArgument(ctx, 'QueryValidationError', 'Query is required.');
  const spanBody = body['timespan'];
  const span = typeof spanBody === 'string' ? spanBody : (ctx.query.get('timespan') ?? undefined);
  return { query, timespan: span };
}

function answer(ctx: RouteContext, workspace: JsonObject): RouteResult {
  const { query, timespan } = readRequest(ctx);
  const now = ctx.emulator.clock.date();
  const range = timespan === undefined ? undefined : parseTimespan(timespan, now);
  if (timespan !== undefined && !range) {
    throw badArgument(
      ctx,
      'InvalidTimespan',
      `The timespan '${timespan}' is not an ISO 8601 duration or interval.`,
    );
  }
  const engine = monitoringOf(ctx.emulator);
  engine.flushDue();
  try {
    const result = runKql(query, engine.rowSource(ctx.tenant, [String(workspace['id'])]), {
      now,
      ...(range ? { timeRange: range } : {}),
    });
    return { status: 200, body: queryResponseBody(result) };
  } catch (err) {
    if (err instanceof KqlError) throw serviceHttpError(err, ctx.requestId);
    throw err;
  }
}

const byCustomerId = (ctx: RouteContext) => {
  const id = (ctx.params['workspaceId'] ?? '').toLowerCase();
  return answer(
    ctx,
    workspaceBy(
      ctx,
      (w) => String((w['properties'] as JsonObject | undefined)?.['customerId'] ?? '').toLowerCase() === id,
      id,
    ),
  );
};

const resourcePath =
  '/v1/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/providers/Microsoft.OperationalInsights/workspaces/:name/query';

const byResourceId = (ctx: RouteContext) => {
  const id = `/subscriptions/${ctx.params['subscriptionId']}/resourceGroups/${ctx.params['resourceGroup']}/providers/Microsoft.OperationalInsights/workspaces/${ctx.params['name']}`;
  return answer(
    ctx,
    workspaceBy(ctx, (w) => String(w['id']).toLowerCase() === id.toLowerCase(), id),
  );
};

const routes: RouteDef[] = [
  {
    method: 'POST',
    surface: 'loganalytics',
    path: '/v1/workspaces/:workspaceId/query',
    handler: byCustomerId,
  },
  {
    method: 'GET',
    surface: 'loganalytics',
    path: '/v1/workspaces/:workspaceId/query',
    handler: byCustomerId,
  },
  { method: 'POST', surface: 'loganalytics', path: resourcePath, handler: byResourceId },
  { method: 'GET', surface: 'loganalytics', path: resourcePath, handler: byResourceId },
];

/** The Log Analytics query routes. */
export const logAnalyticsRoutes: RouteModule = { name: 'log-analytics', routes };
