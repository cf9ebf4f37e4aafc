/**
 * Named locations (`/identity/conditionalAccess/namedLocations`): IP ranges (`ipNamedLocation`)
 * and countries (`countryNamedLocation`). Writes count against the Conditional Access write limit;
 * a location a policy still references cannot be deleted.
 */
import { parseCidr } from '../evaluate/locations.js';
import { strings } from '../evaluate/json-values.js';
import { enforceCaWriteLimit } from '../faults/inject.js';
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule, RouteResult } from '../http/types.js';
import {
  caCollectionRoutes,
  caListResponse,
  forVersion,
  graphTimestamp,
  odataContext,
} from './conditional-access-odata.js';
import { readBody, withoutAnnotations } from './conditional-access-schema.js';
import { mergePatch } from './conditional-access-validation.js';

type Json = Record<string, unknown>;

/** Microsoft's documented limits. */
const limits = { locations: 195, rangesPerLocation: 2000 } as const;

const fail = (message: string) => graphError(400, 'BadRequest', message);

/** Checks a whole named location (after a PATCH is applied too). */
export function validateNamedLocation(location: Json, type: string): void {
  if (typeof location['displayName'] !== 'string' || location['displayName'].trim() === '')
    throw fail('displayName is required.');
  if (type === 'ipNamedLocation') {
    const ranges = Array.isArray(location['ipRanges']) ? (location['ipRanges'] as Json[]) : [];
    if (ranges.length === 0) throw fail('ipRanges must contain at least one range.');
    if (ranges.length > limits.rangesPerLocation)
      throw fail(`A named location can have at most ${limits.rangesPerLocation} IP ranges.`);
    for (const range of ranges) {
      const cidr = String(range['cidrAddress'] ?? '');
      const parsed = parseCidr(cidr);
      const declared = String(range['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');
      const familyMismatch =
        parsed && declared && declared !== (parsed.family === 'ipv4' ? 'iPv4CidrRange' : 'iPv6CidrRange');
      // Microsoft requires ranges narrower than /8 (IPv4) and /8 … /128 for IPv6 alike.
      if (!parsed || familyMismatch || parsed.prefix < 9)
        throw fail(`Invalid IP range '${cidr}'. Use CIDR notation with a prefix longer than /8.`);
    }
  } else {
    const countries = strings(location['countriesAndRegions']);
    if (countries.length === 0 && location['includeUnknownCountriesAndRegions'] !== true) {
      throw fail(
        'countriesAndRegions must list at least one country or region, or includeUnknownCountriesAndRegions must be true.',
      );
    }
    for (const code of countries)
      if (!/^[A-Z]{2}$/.test(code))
        throw fail(`Invalid country or region code '${code}'. Use ISO 3166-1 alpha-2 codes.`);
  }
}

const typeName = (value: Json) => String(value['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');

function view(ctx: RouteContext, location: Json): Json {
  return forVersion(location, typeName(location) || 'namedLocation', ctx);
}

const fragment = 'identity/conditionalAccess/namedLocations';

function list(ctx: RouteContext): RouteResult {
  const items = ctx.tenant
    .collection('namedLocations')
    .list()
    .map((l) => view(ctx, l));
  return caListResponse(ctx, items, fragment, 'namedLocation', {
    id: ['eq', 'in'],
    displayName: ['eq', 'startswith'],
  });
}

function get(ctx: RouteContext): RouteResult {
  const id = ctx.params['id'] ?? '';
  const found = ctx.tenant.collection('namedLocations').get(id);
  if (!found) throw graphErrors.notFound(id);
  return {
    status: 200,
    body: { '@odata.context': odataContext(ctx, `${fragment}/$entity`), ...view(ctx, found) },
  };
}

function create(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const type = readBody('namedLocation', ctx.body, ctx.version ?? 'v1.0');
  const body = withoutAnnotations(ctx.body as Json);
  validateNamedLocation(body, type);
  const store = ctx.tenant.collection('namedLocations');
  if (store.listAll().length >= limits.locations)
    throw fail(`A tenant can have at most ${limits.locations} named locations.`);
  const now = graphTimestamp(ctx.tenant.now());
  const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...props } = body;
  const defaults: Json =
    type === 'ipNamedLocation'
      ? { isTrusted: false }
      : { includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress' };
  const created: Json = {
    '@odata.type': `#microsoft.graph.${type}`,
    id: ctx.tenant.newId(),
    createdDateTime: now,
    modifiedDateTime: now,
    ...defaults,
    ...props,
  };
  created['@odata.type'] = `#microsoft.graph.${type}`;
  store.add(created);
  return {
    status: 201,
    body: { '@odata.context': odataContext(ctx, `${fragment}/$entity`), ...view(ctx, created) },
  };
}

function update(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  const store = ctx.tenant.collection('namedLocations');
  const existing = store.get(id);
  if (!existing) throw graphErrors.notFound(id);
  const body = ctx.body as Json;
  // Graph needs the derived type in a PATCH body to know which properties apply.
  if (typeof body !== 'object' || body === null || typeof body['@odata.type'] !== 'string') {
    throw fail("The '@odata.type' of the named location is required in the request body.");
  }
  const type = readBody('namedLocation', body, ctx.version ?? 'v1.0');
  if (type !== typeName(existing))
    throw fail(`The named location '${id}' is a ${typeName(existing)}; its type cannot change.`);
  const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...patch } = withoutAnnotations(body);
  const merged = mergePatch(existing, patch);
  validateNamedLocation(merged, type);
  store.put({ ...merged, modifiedDateTime: graphTimestamp(ctx.tenant.now()) });
  return { status: 204 };
}

function remove(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  const store = ctx.tenant.collection('namedLocations');
  if (!store.get(id)) throw graphErrors.notFound(id);
  const referencing = ctx.tenant
    .collection('conditionalAccessPolicies')
    .listAll()
    .find((p) => {
      const locations = ((p['conditions'] as Json | undefined)?.['locations'] ?? null) as Json | null;
      return [...strings(locations?.['includeLocations']), ...strings(locations?.['excludeLocations'])].some(
        (l) => l.toLowerCase() === id.toLowerCase(),
      );
    });
  if (referencing)
    throw fail(
      `Named location '${id}' is used by Conditional Access policy '${String(referencing['id'])}' and cannot be deleted.`,
    );
  store.delete(id);
  return { status: 204 };
}

const base = '/identity/conditionalAccess/namedLocations';

const routes = caCollectionRoutes(base, { list, get, create, update, remove });

/** The named-location routes. */
export const namedLocationRoutes: RouteModule = { name: 'named-locations', routes };
