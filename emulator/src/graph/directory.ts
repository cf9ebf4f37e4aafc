/**
 * Tenant-wide Graph resources: organization, domains (from the organization's verified domains),
 * subscribedSkus, and the security defaults policy.
 */
import { graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { recordDirectoryAudit } from './audit.js';
import { entityBody, listResponse } from './odata.js';
import { checkDeclaredProperties, objectBody } from './request-body.js';

const unpaged = { defaultPageSize: 1000, maxPageSize: 1000, countNeedsEventual: false } as const;

function domains(ctx: RouteContext): JsonObject[] {
  const org = ctx.tenant.collection('organization').list()[0] as
    { verifiedDomains?: JsonObject[] } | undefined;
  return (org?.verifiedDomains ?? []).map((d) => ({
    authenticationType: d.type ?? 'Managed',
    availabilityStatus: null,
    id: d.name,
    isAdminManaged: true,
    isDefault: d.isDefault ?? false,
    isInitial: d.isInitial ?? false,
    isRoot: true,
    isVerified: true,
    supportedServices:
      typeof d.capabilities === 'string'
        ? d.capabilities
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c && c !== 'None')
        : [],
    passwordValidityPeriodInDays: 2147483647,
    passwordNotificationWindowInDays: 14,
    state: null,
  }));
}

function byId(items: JsonObject[], id: string, key = 'id'): JsonObject {
  const found = items.find((i) => String(i[key]).toLowerCase() === id.toLowerCase());
  if (!found) throw graphErrors.notFound(id);
  return found;
}

const securityDefaultsPath = '/policies/identitySecurityDefaultsEnforcementPolicy';

/** Organization, domains, SKUs, security defaults. */
export const directoryRoutes: RouteModule = {
  name: 'graph-directory',
  routes: [
    {
      method: 'GET',
      surface: 'graph',
      path: '/organization',
      query: ['$select'],
      handler: (ctx) =>
        listResponse(ctx, ctx.tenant.collection('organization').list(), {
          entitySet: 'organization',
          resource: 'organization',
          ...unpaged,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/organization/:id',
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(
          ctx,
          'organization',
          byId(ctx.tenant.collection('organization').list(), ctx.params.id ?? ''),
        ),
      }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/domains',
      query: ['$select'],
      handler: (ctx) =>
        listResponse(ctx, domains(ctx), { entitySet: 'domains', resource: 'domain', ...unpaged }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/domains/:id',
      query: ['$select'],
      handler: (ctx) => ({ body: entityBody(ctx, 'domains', byId(domains(ctx), ctx.params.id ?? '')) }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/subscribedSkus',
      query: ['$select'],
      handler: (ctx) =>
        listResponse(ctx, ctx.tenant.collection('subscribedSkus').list(), {
          entitySet: 'subscribedSkus',
          resource: 'subscribedSku',
          ...unpaged,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/subscribedSkus/:id',
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(
          ctx,
          'subscribedSkus',
          byId(ctx.tenant.collection('subscribedSkus').list(), ctx.params.id ?? ''),
        ),
      }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: securityDefaultsPath,
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(
          ctx,
          'policies/identitySecurityDefaultsEnforcementPolicy',
          ctx.tenant.securityDefaults(),
        ),
      }),
    },
    {
      method: 'PATCH',
      surface: 'graph',
      path: securityDefaultsPath,
      handler: (ctx) => {
        const body = objectBody(ctx);
        checkDeclaredProperties(body, ['isEnabled', 'displayName', 'description']);
        if (body.isEnabled !== undefined && typeof body.isEnabled !== 'boolean')
          throw graphErrors.badRequest("Invalid value specified for property 'isEnabled'.");
        const before = ctx.tenant.securityDefaults();
        ctx.tenant.setSecurityDefaults({ ...before, ...body });
        recordDirectoryAudit(ctx, {
          activityDisplayName: 'Update policy',
          category: 'Policy',
          operationType: 'Update',
          targets: [
            {
              id: String(before.id ?? ''),
              displayName: 'Security Defaults',
              type: 'Policy',
              modifiedProperties: [
                {
                  displayName: 'isEnabled',
                  oldValue: JSON.stringify(before.isEnabled ?? null),
                  newValue: JSON.stringify(body.isEnabled ?? before.isEnabled ?? null),
                },
              ],
            },
          ],
        });
        return { status: 204 };
      },
    },
  ],
};
