/**
 * What the Conditional Access resources (policies, named locations, authentication strengths)
 * share on the wire, on top of the emulator's OData helpers (`odata.ts`): their list options and
 * `$filter` forms, the version view (v1.0 does not show beta-only properties), and the timestamp
 * format CA objects carry.
 */
import type { ODataOption, RouteContext, RouteDef, RouteHandler, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { caTypes, type Field } from './conditional-access-schema.js';
import { listResponse, odataContext } from './odata.js';

export { odataContext };

/** The query options the CA collection routes implement. */
export const caListQuery: readonly ODataOption[] = ['$select', '$filter', '$top', '$skiptoken'];

/** The declared properties of a type, its base type's included, merged once per type. */
const propertiesByType = new Map<string, Readonly<Record<string, Field>>>();

function propertiesOf(annotated: string, type: string): Readonly<Record<string, Field>> {
  const cacheKey = `${annotated}|${type}`;
  let props = propertiesByType.get(cacheKey);
  if (!props) {
    const def = caTypes[annotated] ?? caTypes[type];
    const base = def?.base ? caTypes[def.base] : undefined;
    props = { ...base?.properties, ...def?.properties };
    // Keyed by declared names and `@odata.type` values: bounded by what clients send, kept small.
    if (propertiesByType.size < 500) propertiesByType.set(cacheKey, props);
  }
  return props;
}

/**
 * v1.0 views already made, per object and declared type. The store replaces an object on every
 * write (never edits one in place), so a stored policy's parts keep their view until replaced;
 * listing 195 policies then costs their top level only. Views are shared: never modify one.
 */
const v1Views = new WeakMap<JsonObject, Map<string, JsonObject>>();

/** Drops properties v1.0 does not have (recursively, by the declared types). */
export function forVersion(value: JsonObject, type: string, ctx: RouteContext): JsonObject {
  if (ctx.version !== 'v1.0') return value;
  let views = v1Views.get(value);
  if (!views) v1Views.set(value, (views = new Map()));
  let view = views.get(type);
  if (!view) views.set(type, (view = v1View(value, type, ctx)));
  return view;
}

function v1View(value: JsonObject, type: string, ctx: RouteContext): JsonObject {
  const annotated =
    typeof value['@odata.type'] === 'string'
      ? value['@odata.type'].replace(/^#?microsoft\.graph\./, '')
      : type;
  const props = propertiesOf(annotated, type);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const field = props[key];
    if (field?.betaOnly) continue;
    if (field?.kind === 'object' && v && typeof v === 'object' && !Array.isArray(v))
      out[key] = forVersion(v as JsonObject, field.type, ctx);
    else out[key] = v;
  }
  return out;
}

/** A CA collection page: `$filter` on the listed properties (eq, and startswith on names), `$top` ≤ 999. */
export function caListResponse(
  ctx: RouteContext,
  items: JsonObject[],
  entitySet: string,
  resource: string,
  filter: Record<string, readonly ('eq' | 'ne' | 'in' | 'startswith')[]>,
): RouteResult {
  return listResponse(ctx, items, {
    entitySet,
    resource,
    filter,
    defaultPageSize: 999,
    maxPageSize: 999,
    countNeedsEventual: false,
  });
}

/** The Graph timestamp format with 7 fractional digits, as CA objects show it. */
export function graphTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The handlers of one Conditional Access collection with Graph's usual CRUD shape. */
export interface CaCollectionHandlers {
  list: RouteHandler;
  get: RouteHandler;
  create: RouteHandler;
  update: RouteHandler;
  remove: RouteHandler;
}

/** GET (list and one), POST, PATCH and DELETE routes of a Conditional Access collection at `base`. */
export function caCollectionRoutes(base: string, handlers: CaCollectionHandlers): RouteDef[] {
  return [
    { method: 'GET', surface: 'graph', path: base, query: caListQuery, handler: handlers.list },
    { method: 'GET', surface: 'graph', path: `${base}/:id`, handler: handlers.get },
    { method: 'POST', surface: 'graph', path: base, handler: handlers.create },
    { method: 'PATCH', surface: 'graph', path: `${base}/:id`, handler: handlers.update },
    { method: 'DELETE', surface: 'graph', path: `${base}/:id`, handler: handlers.remove },
  ];
}
