/**
 * Authentication strength policies: the three built-ins (fixed ids, read-only) and the tenant's
 * custom strengths (CRUD), at `/policies/authenticationStrengthPolicies` and, read-only, at
 * `/identity/conditionalAccess/authenticationStrength/policies`.
 */
import {
  authenticationMethodModes,
  builtInStrengths,
  builtInStrengthTimestamp,
} from '../evaluate/well-known.js';
import { strings } from '../evaluate/json-values.js';
import { enforceCaWriteLimit } from '../faults/inject.js';
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { TenantStore } from '../tenant/store.js';
import { caListQuery, caListResponse, graphTimestamp, odataContext } from './conditional-access-odata.js';
import { readBody, withoutAnnotations } from './conditional-access-schema.js';
import { mergePatch } from './conditional-access-validation.js';

type Json = Record<string, unknown>;

/** Microsoft's limit on custom strengths per tenant. */
const maxCustomStrengths = 15;

/** A built-in strength as Graph returns it. */
function builtInView(id: string): Json | undefined {
  const s = builtInStrengths.find((b) => b.id === id.toLowerCase());
  if (!s) return undefined;
  return {
    id: s.id,
    createdDateTime: builtInStrengthTimestamp,
    modifiedDateTime: builtInStrengthTimestamp,
    displayName: s.displayName,
    description: s.description,
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: [...s.allowedCombinations],
    combinationConfigurations: [],
  };
}

/** Every strength of a tenant (built-ins first), as Graph lists them. */
export function allStrengths(tenant: TenantStore): Json[] {
  const custom = tenant
    .collection('authenticationStrengthPolicies')
    .list()
    .filter((s) => !builtInStrengths.some((b) => b.id === String(s['id']).toLowerCase()));
  return [...builtInStrengths.map((b) => builtInView(b.id) as Json), ...custom];
}

/** One strength by id (built-in or custom), or undefined. */
export function findStrengthView(tenant: TenantStore, id: string): Json | undefined {
  return builtInView(id) ?? tenant.collection('authenticationStrengthPolicies').get(id);
}

const fail = (message: string) => graphError(400, 'BadRequest', message);

function checkCombinations(value: unknown): string[] {
  const combinations = strings(value);
  if (combinations.length === 0) throw fail('allowedCombinations must list at least one combination.');
  for (const combination of combinations) {
    for (const mode of combination.split(',')) {
      if (!authenticationMethodModes.includes(mode.trim()))
        throw fail(`Invalid authentication method mode '${mode.trim()}' in allowedCombinations.`);
    }
  }
  return combinations;
}

const contextFragment = 'policies/authenticationStrengthPolicies';

function list(ctx: RouteContext): RouteResult {
  return caListResponse(ctx, allStrengths(ctx.tenant), contextFragment, 'authenticationStrengthPolicy', {
    id: ['eq', 'in'],
    displayName: ['eq', 'startswith'],
    policyType: ['eq'],
  });
}

function get(ctx: RouteContext): RouteResult {
  const found = findStrengthView(ctx.tenant, ctx.params['id'] ?? '');
  if (!found) throw graphErrors.notFound(ctx.params['id'] ?? '');
  return {
    status: 200,
    body: { '@odata.context': odataContext(ctx, `${contextFragment}/$entity`), ...found },
  };
}

function create(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  readBody('authenticationStrengthPolicy', ctx.body, ctx.version ?? 'v1.0');
  const body = withoutAnnotations(ctx.body as Json);
  if (typeof body['displayName'] !== 'string' || body['displayName'].trim() === '')
    throw fail('displayName is required.');
  const store = ctx.tenant.collection('authenticationStrengthPolicies');
  if (
    store
      .list()
      .some((s) => String(s['displayName']).toLowerCase() === String(body['displayName']).toLowerCase())
  ) {
    throw fail(`An authentication strength policy named '${String(body['displayName'])}' already exists.`);
  }
  if (store.list().length >= maxCustomStrengths)
    throw fail(`A tenant can have at most ${maxCustomStrengths} custom authentication strength policies.`);
  const now = graphTimestamp(ctx.tenant.now());
  const created: Json = {
    id: ctx.tenant.newId(),
    createdDateTime: now,
    modifiedDateTime: now,
    displayName: body['displayName'],
    description: body['description'] ?? null,
    policyType: 'custom',
    requirementsSatisfied: 'mfa',
    allowedCombinations: checkCombinations(body['allowedCombinations']),
    combinationConfigurations: Array.isArray(body['combinationConfigurations'])
      ? body['combinationConfigurations']
      : [],
  };
  store.add(created);
  return {
    status: 201,
    body: { '@odata.context': odataContext(ctx, `${contextFragment}/$entity`), ...created },
  };
}

function builtInRefusal(id: string) {
  return fail(`Built-in authentication strength policy '${id}' cannot be modified or deleted.`);
}

function update(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  if (builtInView(id)) throw builtInRefusal(id);
  readBody('authenticationStrengthPolicy', ctx.body, ctx.version ?? 'v1.0');
  const store = ctx.tenant.collection('authenticationStrengthPolicies');
  const existing = store.get(id);
  if (!existing) throw graphErrors.notFound(id);
  const patch = withoutAnnotations(ctx.body as Json);
  // allowedCombinations changes through the updateAllowedCombinations action on the real API;
  // the emulator accepts it in a PATCH too, validated the same way.
  if ('allowedCombinations' in patch) checkCombinations(patch['allowedCombinations']);
  const { id: _id, policyType: _t, createdDateTime: _c, ...writable } = patch;
  store.put({ ...mergePatch(existing, writable), modifiedDateTime: graphTimestamp(ctx.tenant.now()) });
  return { status: 204 };
}

function remove(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  if (builtInView(id)) throw builtInRefusal(id);
  const store = ctx.tenant.collection('authenticationStrengthPolicies');
  if (!store.get(id)) throw graphErrors.notFound(id);
  const inUse = ctx.tenant
    .collection('conditionalAccessPolicies')
    .listAll()
    .some(
      (p) =>
        String(
          ((p['grantControls'] as Json | null)?.['authenticationStrength'] as Json | null)?.['id'] ?? '',
        ).toLowerCase() === id.toLowerCase(),
    );
  if (inUse)
    throw fail(
      `Authentication strength policy '${id}' is referenced by a Conditional Access policy and cannot be deleted.`,
    );
  store.delete(id);
  return { status: 204 };
}

const policiesPath = '/policies/authenticationStrengthPolicies';
const identityPath = '/identity/conditionalAccess/authenticationStrength/policies';

const routes: RouteDef[] = [
  { method: 'GET', surface: 'graph', path: policiesPath, query: caListQuery, handler: list },
  { method: 'GET', surface: 'graph', path: `${policiesPath}/:id`, handler: get },
  { method: 'POST', surface: 'graph', path: policiesPath, handler: create },
  { method: 'PATCH', surface: 'graph', path: `${policiesPath}/:id`, handler: update },
  { method: 'DELETE', surface: 'graph', path: `${policiesPath}/:id`, handler: remove },
  { method: 'GET', surface: 'graph', path: identityPath, query: caListQuery, handler: list },
  { method: 'GET', surface: 'graph', path: `${identityPath}/:id`, handler: get },
];

/** The authentication strength routes. */
export const authenticationStrengthRoutes: RouteModule = { name: 'authentication-strengths', routes };
