/**
 * OData response shapes for Graph handlers: `@odata.context`, `$select`, `$filter`, `$top`,
 * `$count`, and paging with `@odata.nextLink` carrying an opaque `$skiptoken`.
 */
import { createHash } from 'node:crypto';
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { matchesFilter, parseFilter, valuesSelectedBy, type FilterNode, type FilterSpec } from './filter.js';

/** `https://127.0.0.1:PORT/graph/v1.0/$metadata#<fragment>` */
export function odataContext(ctx: RouteContext, fragment: string): string {
  return `${ctx.baseUrl}/graph/${ctx.version ?? 'v1.0'}/$metadata#${fragment}`;
}

/** The `$select` list, or undefined. Validated against `selectable` when given. */
export function selectList(
  ctx: RouteContext,
  resource: string,
  selectable?: readonly string[],
): string[] | undefined {
  const raw = ctx.query.get('$select');
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw graphErrors.badRequest(`Invalid $select: '${raw}'.`, 'BadRequest');
  if (selectable) {
    for (const n of names) {
      if (!selectable.some((s) => s.toLowerCase() === n.toLowerCase())) {
        throw graphErrors.badRequest(
          `Could not find a property named '${n}' on type 'microsoft.graph.${resource}'.`,
          'BadRequest',
        );
      }
    }
  }
  return names;
}

/** Applies `$select`: selected properties only (null when absent, as Graph does), keeping `@odata.type`. */
export function project(obj: JsonObject, select: string[] | undefined): JsonObject {
  if (!select) return obj;
  const out: JsonObject = {};
  if (obj['@odata.type'] !== undefined) out['@odata.type'] = obj['@odata.type'];
  for (const name of select) {
    // The name as stored is the common case; only a differently cased one needs the search.
    const key = Object.hasOwn(obj, name)
      ? name
      : Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
    out[key ?? name] = key === undefined ? null : obj[key];
  }
  return out;
}

/**
 * A single entity with its `@odata.context` (`users/$entity`, or `users(id,displayName)/$entity`).
 * `view` gives the default property set when there is no `$select` (v1.0 users return only a few).
 */
export function entityBody(
  ctx: RouteContext,
  entitySet: string,
  obj: JsonObject,
  options: { selectable?: readonly string[]; resource?: string; view?: (o: JsonObject) => JsonObject } = {},
): JsonObject {
  const select = selectList(ctx, options.resource ?? entitySet, options.selectable);
  const fragment = select ? `${entitySet}(${select.join(',')})/$entity` : `${entitySet}/$entity`;
  const shown = select ? project(obj, select) : options.view ? options.view(obj) : obj;
  return { '@odata.context': odataContext(ctx, fragment), ...shown };
}

/** How a collection route lists. */
export interface ListOptions {
  /** Entity set for `@odata.context` (`users`, `directoryObjects`, `auditLogs/signIns` …). */
  entitySet: string;
  /** Type name for errors (`user`, `group`, `signIn` …). */
  resource: string;
  /** Properties and operators `$filter` accepts (the route must also list '$filter' in `query`). */
  filter?: FilterSpec;
  /** Properties `$select` accepts; any property when absent. */
  selectable?: readonly string[];
  /** Page size without `$top` (Graph: 100 for directory objects, 1000 for sign-ins). */
  defaultPageSize: number;
  /** Largest `$top` (999 for directory objects, 1000 for sign-ins). */
  maxPageSize: number;
  /** Directory objects: `$count=true` needs `ConsistencyLevel: eventual`. */
  countNeedsEventual?: boolean;
  /** The default property set of each item when there is no `$select`. */
  view?: (o: JsonObject) => JsonObject;
  /**
   * Properties besides the key that a collection source looks items up by when a filter pins them
   * (`displayName` of groups): what the service indexes, so that such a read costs no scan.
   */
  lookups?: readonly string[];
}

interface SkipToken {
  o: number;
  h: string;
}

/** A hash of what defines a listing (path and query minus the skip token), so a token can't be moved to another query. */
function listingKey(ctx: RouteContext): string {
  const q = [...ctx.query.entries()]
    .filter(([k]) => k.toLowerCase() !== '$skiptoken')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(ctx.path.toLowerCase())
    .update(JSON.stringify(q))
    .digest('base64url')
    .slice(0, 12);
}

function encodeSkipToken(t: SkipToken): string {
  return `RFNwdAIA${Buffer.from(JSON.stringify(t)).toString('base64url')}`;
}

function decodeSkipToken(raw: string): SkipToken | undefined {
  if (!raw.startsWith('RFNwdAIA')) return undefined;
  try {
    const t = JSON.parse(Buffer.from(raw.slice(8), 'base64url').toString('utf8')) as SkipToken;
    return Number.isInteger(t.o) && t.o >= 0 && typeof t.h === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

/** True when the request carries `ConsistencyLevel: eventual`. */
export function eventual(ctx: RouteContext): boolean {
  const v = ctx.headers['consistencylevel'];
  return (Array.isArray(v) ? v[0] : v)?.toLowerCase() === 'eventual';
}

/**
 * A collection that can look its items up (a tenant store collection): it lists in order, and
 * finds the items whose key, or another property, has one of some values (lower case), in the
 * same order.
 */
export interface KeyedItems {
  readonly key: string;
  list(): JsonObject[];
  pickBy(property: string, values: Iterable<string>): JsonObject[];
}

/**
 * What a listing reads: its items in listing order, or a collection that looks items up, which
 * lets a filter that names them (`id in (…)`, `displayName eq '…'`, as clients look up a few of
 * 5,000 groups) cost the items it names rather than the size of the tenant.
 */
export type ListSource = JsonObject[] | KeyedItems;

/**
 * Applies `$filter` (per `options.filter`) to the items of a source. From a collection, a filter
 * that pins its key, or one of `options.lookups`, to a few values reads only those items.
 */
export function filterItems(
  ctx: RouteContext,
  source: ListSource,
  options: Pick<ListOptions, 'filter' | 'resource' | 'lookups'>,
): JsonObject[] {
  const raw = ctx.query.get('$filter');
  if (raw === null) return Array.isArray(source) ? source : source.list();
  if (!options.filter)
    throw graphErrors.unsupportedQuery(`The query option '$filter' is not supported on this resource.`);
  const tree = parseFilter(raw, options.filter, options.resource);
  return candidates(source, tree, options.lookups ?? []).filter((o) => matchesFilter(o, tree));
}

/** The items a filter can match: those a look-up finds when it pins a property, else every item. */
function candidates(source: ListSource, tree: FilterNode, lookups: readonly string[]): JsonObject[] {
  if (Array.isArray(source)) return source;
  for (const property of [source.key, ...lookups]) {
    const values = valuesSelectedBy(tree, property);
    if (values) return source.pickBy(property, values);
  }
  return source.list();
}

/** `$count=true`? Throws Graph's 400 when the header it needs is missing. */
export function wantsCount(ctx: RouteContext, countNeedsEventual = true): boolean {
  const raw = ctx.query.get('$count');
  if (raw === null) return false;
  if (raw !== 'true' && raw !== 'false')
    throw graphErrors.badRequest(`Invalid value '${raw}' for $count. Use true or false.`, 'BadRequest');
  if (raw === 'false') return false;
  if (countNeedsEventual && !eventual(ctx))
    throw graphError(400, 'Request_BadRequest', '$count is not currently supported.');
  return true;
}

/**
 * A page of a collection: filters, counts, pages and projects `items` (already in the order the
 * collection lists in), with `@odata.context`, `@odata.count` and `@odata.nextLink` as Graph sends them.
 */
export function listResponse(ctx: RouteContext, items: ListSource, options: ListOptions): RouteResult {
  const select = selectList(ctx, options.resource, options.selectable);
  const count = wantsCount(ctx, options.countNeedsEventual ?? true);
  const filtered = filterItems(ctx, items, options);
  let pageSize = options.defaultPageSize;
  const top = ctx.query.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > options.maxPageSize) {
      throw graphError(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${top}'. Must be between 1 and ${options.maxPageSize} inclusive.`,
      );
    }
    pageSize = n;
  }
  const key = listingKey(ctx);
  let offset = 0;
  const rawToken = ctx.query.get('$skiptoken');
  if (rawToken !== null) {
    const token = decodeSkipToken(rawToken);
    if (!token || token.h !== key)
      throw graphError(400, 'Request_BadRequest', `Invalid skip token '${rawToken}'.`);
    offset = token.o;
  }
  const view = options.view ?? ((o: JsonObject) => o);
  const page = filtered.slice(offset, offset + pageSize).map((o) => (select ? project(o, select) : view(o)));
  const fragment = select ? `${options.entitySet}(${select.join(',')})` : options.entitySet;
  const body: JsonObject = { '@odata.context': odataContext(ctx, fragment) };
  if (count) body['@odata.count'] = filtered.length;
  if (offset + pageSize < filtered.length) {
    const next = new URLSearchParams(
      [...ctx.query.entries()].filter(([k]) => k.toLowerCase() !== '$skiptoken'),
    );
    next.set('$skiptoken', encodeSkipToken({ o: offset + pageSize, h: key }));
    body['@odata.nextLink'] = `${ctx.baseUrl}${ctx.path}?${next.toString().replace(/%24/g, '$')}`;
  }
  body.value = page;
  return { body };
}

/** The `/$count` segment: the number as text/plain (needs `ConsistencyLevel: eventual`). */
export function countResponse(
  ctx: RouteContext,
  items: ListSource,
  options: Pick<ListOptions, 'filter' | 'resource' | 'lookups'>,
): RouteResult {
  if (!eventual(ctx)) throw graphError(400, 'Request_BadRequest', 'Count is not currently supported.');
  return {
    body: String(filterItems(ctx, items, options).length),
    headers: { 'content-type': 'text/plain;charset=utf-8' },
  };
}
