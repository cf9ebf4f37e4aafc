/**
 * Graph JSON batching (`POST /$batch`): at most 20 requests with unique ids, relative URLs,
 * `dependsOn` ordering, per-item status/headers/body, 424 for items whose dependency failed, and
 * each item run through the whole pipeline (so each can be throttled on its own).
 */
import { randomUUID } from 'node:crypto';
import { graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { objectBody } from './request-body.js';

/** Graph's limit of requests per batch. */
export const maxBatchRequests = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** Response headers a batch item reports (Graph returns a few, not all). */
const reportedHeaders = [
  'content-type',
  'location',
  'retry-after',
  'x-ms-throttle-information',
  'x-ms-throttle-scope',
  'odata-version',
  'cache-control',
];

function titleCase(h: string): string {
  return h.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function parseItems(body: JsonObject): BatchItem[] {
  const requests = body.requests;
  if (!Array.isArray(requests)) throw graphErrors.badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length === 0)
    throw graphErrors.badRequest(
      'Invalid batch payload format: at least one request is required.',
      'BadRequest',
    );
  if (requests.length > maxBatchRequests)
    throw graphErrors.badRequest(
      `The number of requests in the batch (${requests.length}) exceeds the limit of ${maxBatchRequests}.`,
      'BadRequest',
    );
  const items: BatchItem[] = requests.map((r: unknown, i: number) => {
    const o = (r ?? {}) as JsonObject;
    if (typeof o.id !== 'string' || o.id === '')
      throw graphErrors.badRequest(`Invalid batch payload format: request ${i} has no 'id'.`, 'BadRequest');
    if (
      typeof o.method !== 'string' ||
      !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method.toUpperCase())
    )
      throw graphErrors.badRequest(
        `Invalid batch payload format: request '${o.id}' has an invalid 'method'.`,
        'BadRequest',
      );
    if (typeof o.url !== 'string' || o.url === '')
      throw graphErrors.badRequest(
        `Invalid batch payload format: request '${o.id}' has no 'url'.`,
        'BadRequest',
      );
    const headers = Object.fromEntries(
      Object.entries((o.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k.toLowerCase(),
        String(v),
      ]),
    );
    const dependsOn =
      o.dependsOn === undefined ? [] : Array.isArray(o.dependsOn) ? o.dependsOn.map(String) : [];
    return { id: o.id, method: o.method.toUpperCase(), url: o.url, headers, body: o.body, dependsOn };
  });
  const ids = new Set<string>();
  for (const item of items) {
    const k = item.id.toLowerCase();
    if (ids.has(k))
      throw graphErrors.badRequest(
        `Batch request ids must be unique: '${item.id}' is used more than once.`,
        'BadRequest',
      );
    ids.add(k);
  }
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep.toLowerCase()) || dep.toLowerCase() === item.id.toLowerCase()) {
        throw graphErrors.badRequest(
          `Request '${item.id}' depends on '${dep}', which is not a request in this batch.`,
          'BadRequest',
        );
      }
    }
  }
  return items;
}

/** A per-item error response (rendered like Graph's envelope). */
function itemError(ctx: RouteContext, id: string, status: number, code: string, message: string) {
  return {
    id,
    status,
    headers: { 'Content-Type': 'application/json' },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: ctx.emulator.clock
            .date()
            .toISOString()
            .replace(/\.\d{3}Z$/, ''),
          'request-id': randomUUID(),
          'client-request-id': ctx.clientRequestId ?? ctx.requestId,
        },
      },
    },
  };
}

async function runItem(ctx: RouteContext, item: BatchItem) {
  if (/^https?:/i.test(item.url))
    return itemError(
      ctx,
      item.id,
      400,
      'BadRequest',
      'Batch request URLs must be relative to the version root, e.g. /users.',
    );
  const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
  if (/^\/\$batch(\?|$)/i.test(relative))
    return itemError(ctx, item.id, 400, 'BadRequest', 'Nested batch requests are not supported.');
  if (item.body !== undefined && !item.headers['content-type']) {
    return itemError(
      ctx,
      item.id,
      400,
      'BadRequest',
      'Content-Type header must be specified for a request with a body.',
    );
  }
  const parsed = new URL(`https://batch.invalid/graph/${ctx.version ?? 'v1.0'}${relative}`);
  const rawBody =
    item.body === undefined ? '' : typeof item.body === 'string' ? item.body : JSON.stringify(item.body);
  const response = await ctx.emulator.dispatch({
    method: item.method,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: { ...item.headers, 'client-request-id': ctx.clientRequestId ?? ctx.requestId },
    rawBody,
    requestId: randomUUID(),
    baseUrl: ctx.baseUrl,
    token: ctx.token,
  });
  const headers: Record<string, string> = {};
  for (const h of reportedHeaders)
    if (response.headers[h] !== undefined) headers[titleCase(h)] = response.headers[h] as string;
  let body = response.body;
  if (typeof body === 'string' && !String(response.headers['content-type'] ?? '').includes('json'))
    body = Buffer.from(body).toString('base64');
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  return { id: item.id, status: response.status, headers, ...(body === undefined ? {} : { body }) };
}

async function batch(ctx: RouteContext) {
  const items = parseItems(objectBody(ctx));
  const results = new Map<string, Awaited<ReturnType<typeof runItem>>>();
  const done = new Set<string>();
  // Run in dependency order: every item whose dependencies have finished runs at once, as Graph
  // runs independent requests in parallel; an item waits only for what it depends on.
  while (done.size < items.length) {
    const ready = items.filter(
      (i) => !done.has(i.id.toLowerCase()) && i.dependsOn.every((d) => done.has(d.toLowerCase())),
    );
    if (ready.length === 0)
      throw graphErrors.badRequest('The dependsOn references of this batch form a cycle.', 'BadRequest');
    await Promise.all(
      ready.map(async (item) => {
        const failed = item.dependsOn.find((d) => (results.get(d.toLowerCase())?.status ?? 500) >= 400);
        const result =
          failed !== undefined
            ? itemError(
                ctx,
                item.id,
                424,
                'FailedDependency',
                `The request depends on request '${failed}', which failed.`,
              )
            : await runItem(ctx, item);
        results.set(item.id.toLowerCase(), result);
      }),
    );
    for (const item of ready) done.add(item.id.toLowerCase());
  }
  // Graph does not promise any order; answer in completion order, which is what clients must cope with.
  return { body: { responses: [...results.values()] } };
}

/** The `$batch` route. */
export const batchRoutes: RouteModule = {
  name: 'graph-batch',
  routes: [{ method: 'POST', surface: 'graph', path: '/$batch', handler: batch }],
};
