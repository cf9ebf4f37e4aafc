/**
 * Graph auditLogs: signIns and directoryAudits, newest first, with `$filter` on the user / app
 * and on time ranges, `$top` and paging.
 */
import { graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import type { FilterSpec } from './filter.js';
import { entityBody, listResponse } from './odata.js';

const timeOps = ['ge', 'le', 'gt', 'lt', 'eq'] as const;

/** `$filter` on sign-ins. */
export const signInFilter: FilterSpec = {
  id: ['eq', 'in'],
  userId: ['eq', 'in'],
  userPrincipalName: ['eq', 'in', 'startswith'],
  userDisplayName: ['eq', 'startswith'],
  appId: ['eq', 'in'],
  appDisplayName: ['eq', 'startswith'],
  ipAddress: ['eq', 'startswith'],
  createdDateTime: timeOps,
  'status/errorCode': ['eq', 'ne'],
  conditionalAccessStatus: ['eq'],
  isInteractive: ['eq'],
  correlationId: ['eq'],
  'location/countryOrRegion': ['eq'],
};

/** `$filter` on directory audits. */
export const directoryAuditFilter: FilterSpec = {
  id: ['eq', 'in'],
  activityDateTime: timeOps,
  activityDisplayName: ['eq', 'in', 'startswith'],
  category: ['eq', 'in'],
  correlationId: ['eq'],
  loggedByService: ['eq'],
  operationType: ['eq'],
  result: ['eq'],
  'initiatedBy/user/id': ['eq', 'in'],
  'initiatedBy/user/userPrincipalName': ['eq', 'startswith'],
  'initiatedBy/user/displayName': ['eq'],
  'initiatedBy/app/appId': ['eq', 'in'],
  'initiatedBy/app/displayName': ['eq'],
};

function newestFirst(items: JsonObject[], key: string): JsonObject[] {
  // Each time parsed once, not once per comparison (a log holds thousands of entries).
  const timed = items.map((item) => ({ item, at: Date.parse(String(item[key] ?? '')) }));
  return timed.sort((a, b) => b.at - a.at).map(({ item }) => item);
}

function one(ctx: RouteContext, name: 'signIns' | 'directoryAudits') {
  const found = ctx.tenant.collection(name).get(ctx.params.id ?? '');
  if (!found) throw graphErrors.notFound(ctx.params.id ?? '');
  return { body: entityBody(ctx, `auditLogs/${name}`, found) };
}

const query = ['$select', '$filter', '$top', '$skiptoken'] as const;

/** Audit log routes. */
export const auditLogRoutes: RouteModule = {
  name: 'graph-audit-logs',
  routes: [
    {
      method: 'GET',
      surface: 'graph',
      path: '/auditLogs/signIns',
      query,
      handler: (ctx) =>
        listResponse(ctx, newestFirst(ctx.tenant.collection('signIns').list(), 'createdDateTime'), {
          entitySet: 'auditLogs/signIns',
          resource: 'signIn',
          filter: signInFilter,
          defaultPageSize: 1000,
          maxPageSize: 1000,
          countNeedsEventual: false,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/auditLogs/signIns/:id',
      query: ['$select'],
      handler: (ctx) => one(ctx, 'signIns'),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/auditLogs/directoryAudits',
      query,
      handler: (ctx) =>
        listResponse(ctx, newestFirst(ctx.tenant.collection('directoryAudits').list(), 'activityDateTime'), {
          entitySet: 'auditLogs/directoryAudits',
          resource: 'directoryAudit',
          filter: directoryAuditFilter,
          defaultPageSize: 1000,
          maxPageSize: 1000,
          countNeedsEventual: false,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/auditLogs/directoryAudits/:id',
      query: ['$select'],
      handler: (ctx) => one(ctx, 'directoryAudits'),
    },
  ],
};
