/**
 * Conditional Access policies (`/identity/conditionalAccess/policies`): create, get, list, patch,
 * delete, validated as Graph validates them, with Graph's defaults filled in and the
 * authentication strength expanded on read. Every write counts against the CA write limit.
 */
import { object } from '../evaluate/json-values.js';
import { enforceCaWriteLimit } from '../faults/inject.js';
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule, RouteResult } from '../http/types.js';
import type { TenantStore } from '../tenant/store.js';
import { recordPolicyAudit } from './audit.js';
import { findStrengthView } from './authentication-strengths.js';
import {
  caCollectionRoutes,
  caListResponse,
  forVersion,
  graphTimestamp,
  odataContext,
} from './conditional-access-odata.js';
import { readBody, withoutAnnotations } from './conditional-access-schema.js';
import {
  checkManagedPatch,
  checkRequiredParts,
  isMicrosoftManaged,
  mergePatch,
  validatePolicy,
  type ReferenceLookup,
} from './conditional-access-validation.js';

type Json = Record<string, unknown>;

const readOnly = [
  'id',
  'createdDateTime',
  'modifiedDateTime',
  'templateId',
  'deletedDateTime',
  'partialEnablementStrategy',
];

/** Graph fills every collection of a stored policy: missing means empty, not "unknown". */
function withDefaults(policy: Json): Json {
  const conditions = object(policy['conditions']) ?? {};
  const users = object(conditions['users']);
  const apps = object(conditions['applications']) ?? {};
  const grant = object(policy['grantControls']);
  return {
    ...policy,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      authenticationFlows: null,
      insiderRiskLevels: null,
      ...conditions,
      applications: {
        includeApplications: [],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
        ...apps,
      },
      users: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        ...users,
      },
    },
    grantControls: grant
      ? {
          operator: grant['operator'],
          builtInControls: [],
          customAuthenticationFactors: [],
          termsOfUse: [],
          ...grant,
          // Stored as a reference; expanded on read.
          authenticationStrength: object(grant['authenticationStrength'])
            ? { id: object(grant['authenticationStrength'])?.['id'] }
            : null,
        }
      : null,
    sessionControls: policy['sessionControls'] ?? null,
  };
}

/** Lookups against the tenant, seen as reads see it (a just-created group may not resolve yet). */
export function tenantReferences(tenant: TenantStore): ReferenceLookup {
  return {
    userExists: (id) => tenant.users.get(id) !== undefined,
    groupExists: (id) => tenant.groups.get(id) !== undefined,
    namedLocationExists: (id) => tenant.collection('namedLocations').get(id) !== undefined,
    customStrengthExists: (id) => tenant.collection('authenticationStrengthPolicies').get(id) !== undefined,
  };
}

/** A stored policy as Graph returns it for the called version, with the strength expanded. */
export function policyView(ctx: RouteContext, policy: Json): Json {
  const out: Json = { ...policy };
  if (ctx.version === 'beta') {
    out['deletedDateTime'] ??= null;
    out['partialEnablementStrategy'] ??= null;
  }
  const grant = object(out['grantControls']);
  const strengthRef = object(grant?.['authenticationStrength']);
  if (grant && strengthRef) {
    const expanded = findStrengthView(ctx.tenant, String(strengthRef['id'] ?? ''));
    out['grantControls'] = {
      ...grant,
      'authenticationStrength@odata.context': odataContext(
        ctx,
        `identity/conditionalAccess/policies('${String(policy['id'])}')/grantControls/authenticationStrength/$entity`,
      ),
      authenticationStrength: expanded ?? strengthRef,
    };
  }
  return forVersion(out, 'conditionalAccessPolicy', ctx);
}

const fragment = 'identity/conditionalAccess/policies';
const policies = (ctx: RouteContext) => ctx.tenant.collection('conditionalAccessPolicies');

function list(ctx: RouteContext): RouteResult {
  const items = policies(ctx)
    .list()
    .map((p) => policyView(ctx, p));
  return caListResponse(ctx, items, fragment, 'conditionalAccessPolicy', {
    id: ['eq', 'in'],
    displayName: ['eq', 'startswith'],
    state: ['eq'],
    templateId: ['eq', 'ne'],
  });
}

function get(ctx: RouteContext): RouteResult {
  const id = ctx.params['id'] ?? '';
  const found = policies(ctx).get(id);
  if (!found) throw graphErrors.notFound(id);
  return {
    status: 200,
    body: { '@odata.context': odataContext(ctx, `${fragment}/$entity`), ...policyView(ctx, found) },
  };
}

function create(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  readBody('conditionalAccessPolicy', ctx.body, ctx.version ?? 'v1.0');
  const body = withoutAnnotations(ctx.body as Json);
  for (const key of readOnly) delete body[key];
  checkRequiredParts(body);
  const candidate = withDefaults(body);
  validatePolicy(candidate, tenantReferences(ctx.tenant));
  const now = graphTimestamp(ctx.tenant.now());
  const { displayName, state, conditions, grantControls, sessionControls, ...rest } = candidate;
  const created: Json = {
    id: ctx.tenant.newId(),
    templateId: null,
    displayName,
    createdDateTime: now,
    modifiedDateTime: now,
    state,
    ...rest,
    conditions,
    grantControls,
    sessionControls,
  };
  policies(ctx).add(created);
  recordPolicyAudit(ctx, 'Add', created);
  return {
    status: 201,
    headers: {
      location: `${ctx.baseUrl}/graph/${ctx.version ?? 'v1.0'}/identity/conditionalAccess/policies/${String(created['id'])}`,
    },
    body: { '@odata.context': odataContext(ctx, `${fragment}/$entity`), ...policyView(ctx, created) },
  };
}

function update(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  const existing = policies(ctx).get(id);
  if (!existing) throw graphErrors.notFound(id);
  readBody('conditionalAccessPolicy', ctx.body, ctx.version ?? 'v1.0');
  const patch = withoutAnnotations(ctx.body as Json);
  for (const key of readOnly) delete patch[key];
  if (isMicrosoftManaged(existing)) checkManagedPatch(patch);
  const merged = withDefaults(mergePatch(existing, patch));
  validatePolicy(merged, tenantReferences(ctx.tenant));
  const updated = policies(ctx).put({ ...merged, modifiedDateTime: graphTimestamp(ctx.tenant.now()) });
  recordPolicyAudit(ctx, 'Update', updated, existing);
  return { status: 204 };
}

function remove(ctx: RouteContext): RouteResult {
  enforceCaWriteLimit(ctx);
  const id = ctx.params['id'] ?? '';
  const existing = policies(ctx).get(id);
  if (!existing) throw graphErrors.notFound(id);
  if (isMicrosoftManaged(existing))
    throw graphError(
      400,
      'BadRequest',
      'Microsoft-managed policies cannot be deleted; set their state to disabled instead.',
    );
  policies(ctx).delete(id);
  recordPolicyAudit(ctx, 'Delete', existing, existing);
  return { status: 204 };
}

const base = '/identity/conditionalAccess/policies';

const routes = caCollectionRoutes(base, { list, get, create, update, remove });

/** The Conditional Access policy routes. */
export const conditionalAccessPolicyRoutes: RouteModule = { name: 'conditional-access-policies', routes };
