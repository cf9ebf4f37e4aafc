/**
 * Graph roleManagement/directory: role definitions (built-ins included), role assignments,
 * PIM schedules (eligibility and assignment) and the schedule requests that create and remove them.
 */
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import type { CollectionName } from '../tenant/store.js';
import { recordDirectoryAudit } from './audit.js';
import { findDirectoryObject } from './directory-objects.js';
import type { FilterSpec } from './filter.js';
import { entityBody, listResponse } from './odata.js';
import { graphNow, objectBody, requireString } from './request-body.js';

const base = '/roleManagement/directory';

const assignmentFilter: FilterSpec = {
  id: ['eq', 'in'],
  principalId: ['eq', 'in'],
  roleDefinitionId: ['eq', 'in'],
  directoryScopeId: ['eq'],
  assignmentType: ['eq'],
  memberType: ['eq'],
  status: ['eq'],
  action: ['eq'],
};

const definitionFilter: FilterSpec = {
  id: ['eq', 'in'],
  displayName: ['eq', 'in', 'startswith'],
  templateId: ['eq', 'in'],
  isBuiltIn: ['eq'],
  isPrivileged: ['eq'],
};

const unpaged = { defaultPageSize: 1000, maxPageSize: 1000, countNeedsEventual: false } as const;

function requireIn(ctx: RouteContext, name: CollectionName, id: string): JsonObject {
  const found = ctx.tenant.collection(name).get(id);
  if (!found) throw graphErrors.notFound(id);
  return found;
}

/** A read-only list + get pair over a collection. */
function readRoutes(
  path: string,
  collection: CollectionName,
  entitySet: string,
  resource: string,
  filter: FilterSpec,
): RouteDef[] {
  return [
    {
      method: 'GET',
      surface: 'graph',
      path,
      query: ['$select', '$filter', '$top', '$skiptoken'],
      handler: (ctx) =>
        listResponse(ctx, ctx.tenant.collection(collection).list(), {
          entitySet,
          resource,
          filter,
          ...unpaged,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: `${path}/:id`,
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(ctx, entitySet, requireIn(ctx, collection, ctx.params.id ?? '')),
      }),
    },
  ];
}

/** The principal and role a request names, checked as Entra checks them. */
function checkPrincipalAndRole(
  ctx: RouteContext,
  body: JsonObject,
): { principal: JsonObject; kind: 'user' | 'group'; role: JsonObject } {
  const principalId = requireString(body, 'principalId', 'unifiedRoleAssignment');
  const roleDefinitionId = requireString(body, 'roleDefinitionId', 'unifiedRoleAssignment');
  const found = findDirectoryObject(ctx.tenant, principalId);
  if (!found) throw graphErrors.notFound(principalId);
  if (found.kind === 'group' && found.obj.isAssignableToRole !== true) {
    throw graphErrors.badRequest(
      'The group is not role-assignable. Only groups created with isAssignableToRole set to true can be assigned to roles.',
    );
  }
  const role = ctx.tenant.collection('roleDefinitions').get(roleDefinitionId);
  if (!role) throw graphErrors.notFound(roleDefinitionId);
  return { principal: found.obj, kind: found.kind, role };
}

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

function createAssignment(ctx: RouteContext) {
  const body = objectBody(ctx);
  const { principal, kind, role } = checkPrincipalAndRole(ctx, body);
  const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/';
  const existing = ctx.tenant
    .collection('roleAssignments')
    .listAll()
    .find(
      (a) =>
        same(a.principalId, principal.id) &&
        same(a.roleDefinitionId, role.id) &&
        same(a.directoryScopeId ?? '/', scope),
    );
  if (existing)
    throw graphError(
      409,
      'Request_BadRequest',
      'A conflicting object with one or more of the specified property values is present in the directory.',
    );
  const assignment: JsonObject = {
    id: ctx.tenant.newId(),
    principalId: String(principal.id),
    roleDefinitionId: String(role.id),
    directoryScopeId: scope,
    appScopeId: null,
    principalOrganizationId: ctx.tenant.tenantId,
    condition: null,
  };
  ctx.tenant.collection('roleAssignments').add(assignment);
  audit(ctx, 'Add member to role', 'Assign', principal, kind, role);
  return { status: 201, body: entityBody(ctx, 'roleManagement/directory/roleAssignments', assignment) };
}

function audit(
  ctx: RouteContext,
  activity: string,
  operationType: 'Assign' | 'Unassign',
  principal: JsonObject,
  kind: 'user' | 'group',
  role: JsonObject,
): void {
  recordDirectoryAudit(ctx, {
    activityDisplayName: activity,
    category: 'RoleManagement',
    operationType,
    targets: [
      {
        id: String(principal.id),
        displayName: String(principal.displayName ?? ''),
        type: kind === 'group' ? 'Group' : 'User',
        userPrincipalName: (principal.userPrincipalName as string | undefined) ?? null,
      },
      { id: String(role.id), displayName: String(role.displayName ?? ''), type: 'Role' },
    ],
  });
}

const assignActions = [
  'adminAssign',
  'adminUpdate',
  'adminExtend',
  'adminRenew',
  'selfActivate',
  'selfExtend',
  'selfRenew',
];
const removeActions = ['adminRemove', 'selfDeactivate'];

/** Checks `scheduleInfo` and fills in the start time. */
function scheduleInfo(ctx: RouteContext, value: unknown): JsonObject {
  const info = (value ?? {}) as JsonObject;
  if (typeof info !== 'object' || Array.isArray(info))
    throw graphErrors.badRequest("Invalid value specified for property 'scheduleInfo'.");
  const expiration = (info.expiration ?? { type: 'noExpiration' }) as JsonObject;
  const type = String(expiration.type ?? 'noExpiration');
  if (!['noExpiration', 'afterDateTime', 'afterDuration', 'notSpecified'].includes(type))
    throw graphErrors.badRequest(`Invalid value '${type}' for property 'scheduleInfo.expiration.type'.`);
  if (type === 'afterDateTime' && typeof expiration.endDateTime !== 'string')
    throw graphErrors.badRequest(
      'The expiration endDateTime is required when the expiration type is afterDateTime.',
    );
  if (type === 'afterDuration' && typeof expiration.duration !== 'string')
    throw graphErrors.badRequest(
      'The expiration duration is required when the expiration type is afterDuration.',
    );
  return {
    startDateTime: info.startDateTime ?? graphNow(ctx),
    recurrence: info.recurrence ?? null,
    expiration: { type, endDateTime: expiration.endDateTime ?? null, duration: expiration.duration ?? null },
  };
}

/** A schedule request (assignment or eligibility): validates, records the request, creates or removes the schedule. */
function scheduleRequest(kind: 'assignment' | 'eligibility') {
  const schedules: CollectionName =
    kind === 'assignment' ? 'roleAssignmentSchedules' : 'roleEligibilitySchedules';
  const entitySet =
    kind === 'assignment'
      ? 'roleManagement/directory/roleAssignmentScheduleRequests'
      : 'roleManagement/directory/roleEligibilityScheduleRequests';
  return (ctx: RouteContext) => {
    const body = objectBody(ctx);
    const action = requireString(body, 'action', 'unifiedRoleScheduleRequest');
    if (![...assignActions, ...removeActions].includes(action))
      throw graphErrors.badRequest(`Invalid value '${action}' for property 'action'.`);
    const { principal, kind: principalKind, role } = checkPrincipalAndRole(ctx, body);
    const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/';
    const now = graphNow(ctx);
    const requestId = ctx.tenant.newId();
    const store = ctx.tenant.collection(schedules);
    const matching = store
      .listAll()
      .filter(
        (s) =>
          same(s.principalId, principal.id) &&
          same(s.roleDefinitionId, role.id) &&
          same(s.directoryScopeId ?? '/', scope),
      );
    const info = scheduleInfo(ctx, body.scheduleInfo);
    if (removeActions.includes(action)) {
      if (matching.length === 0) throw graphErrors.notFound(`${String(principal.id)}:${String(role.id)}`);
      for (const s of matching) store.delete(String(s.id));
      if (kind === 'assignment') {
        const ra = ctx.tenant.collection('roleAssignments');
        for (const a of ra.listAll())
          if (
            same(a.principalId, principal.id) &&
            same(a.roleDefinitionId, role.id) &&
            same(a.directoryScopeId ?? '/', scope)
          )
            ra.delete(String(a.id));
      }
      audit(
        ctx,
        kind === 'assignment' ? 'Remove member from role' : 'Remove eligible member from role',
        'Unassign',
        principal,
        principalKind,
        role,
      );
    } else {
      if (action === 'adminAssign' && matching.length) {
        throw graphErrors.badRequest('The role assignment already exists.', 'RoleAssignmentExists');
      }
      for (const s of matching) store.delete(String(s.id));
      const schedule: JsonObject = {
        id: ctx.tenant.newId(),
        principalId: String(principal.id),
        roleDefinitionId: String(role.id),
        directoryScopeId: scope,
        appScopeId: null,
        createdUsing: requestId,
        createdDateTime: now,
        modifiedDateTime: null,
        status: 'Provisioned',
        memberType: 'Direct',
        scheduleInfo: info,
        ...(kind === 'assignment' ? { assignmentType: 'Assigned' } : {}),
      };
      store.add(schedule);
      if (
        kind === 'assignment' &&
        !ctx.tenant
          .collection('roleAssignments')
          .listAll()
          .some(
            (a) =>
              same(a.principalId, principal.id) &&
              same(a.roleDefinitionId, role.id) &&
              same(a.directoryScopeId ?? '/', scope),
          )
      ) {
        ctx.tenant.collection('roleAssignments').add({
          id: ctx.tenant.newId(),
          principalId: String(principal.id),
          roleDefinitionId: String(role.id),
          directoryScopeId: scope,
          appScopeId: null,
          principalOrganizationId: ctx.tenant.tenantId,
          condition: null,
        });
      }
      audit(
        ctx,
        kind === 'assignment'
          ? 'Add member to role completed (PIM activation)'
          : 'Add eligible member to role in PIM completed (permanent)',
        'Assign',
        principal,
        principalKind,
        role,
      );
    }
    const request: JsonObject = {
      id: requestId,
      status: removeActions.includes(action) ? 'Revoked' : 'Provisioned',
      createdDateTime: now,
      completedDateTime: now,
      approvalId: null,
      customData: null,
      createdBy: {
        application: { id: ctx.token.appid, displayName: ctx.app.displayName ?? null },
        user: null,
        device: null,
      },
      action,
      principalId: String(principal.id),
      roleDefinitionId: String(role.id),
      directoryScopeId: scope,
      appScopeId: null,
      isValidationOnly: false,
      targetScheduleId: null,
      justification: body.justification ?? null,
      scheduleInfo: info,
      ticketInfo: body.ticketInfo ?? { ticketNumber: null, ticketSystem: null },
    };
    ctx.emulator.scheduleRequests.set(`${ctx.tenant.tenantId}:${requestId}`, { kind, request });
    return { status: 201, body: entityBody(ctx, entitySet, request) };
  };
}

/** Lists the schedule requests made through this emulator (they are not part of the tenant file). */
function requestRoutes(kind: 'assignment' | 'eligibility'): RouteDef[] {
  const path = `${base}/${kind === 'assignment' ? 'roleAssignmentScheduleRequests' : 'roleEligibilityScheduleRequests'}`;
  const entitySet = path.slice(1);
  const mine = (ctx: RouteContext) =>
    [...ctx.emulator.scheduleRequests.entries()]
      .filter(([k, v]) => k.startsWith(`${ctx.tenant.tenantId}:`) && v.kind === kind)
      .map(([, v]) => v.request);
  return [
    {
      method: 'GET',
      surface: 'graph',
      path,
      query: ['$select', '$filter', '$top', '$skiptoken'],
      handler: (ctx) =>
        listResponse(ctx, mine(ctx), {
          entitySet,
          resource: 'unifiedRoleScheduleRequest',
          filter: assignmentFilter,
          ...unpaged,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: `${path}/:id`,
      query: ['$select'],
      handler: (ctx) => {
        const found = mine(ctx).find((r) => same(r.id, ctx.params.id));
        if (!found) throw graphErrors.notFound(ctx.params.id ?? '');
        return { body: entityBody(ctx, entitySet, found) };
      },
    },
    { method: 'POST', surface: 'graph', path, handler: scheduleRequest(kind) },
  ];
}

/** Role management routes. */
export const roleManagementRoutes: RouteModule = {
  name: 'graph-role-management',
  routes: [
    ...readRoutes(
      `${base}/roleDefinitions`,
      'roleDefinitions',
      'roleManagement/directory/roleDefinitions',
      'unifiedRoleDefinition',
      definitionFilter,
    ),
    ...readRoutes(
      `${base}/roleAssignments`,
      'roleAssignments',
      'roleManagement/directory/roleAssignments',
      'unifiedRoleAssignment',
      assignmentFilter,
    ),
    { method: 'POST', surface: 'graph', path: `${base}/roleAssignments`, handler: createAssignment },
    {
      method: 'DELETE',
      surface: 'graph',
      path: `${base}/roleAssignments/:id`,
      handler: (ctx) => {
        const a = requireIn(ctx, 'roleAssignments', ctx.params.id ?? '');
        ctx.tenant.collection('roleAssignments').delete(String(a.id));
        const principal = findDirectoryObject(ctx.tenant, String(a.principalId));
        const role = ctx.tenant.collection('roleDefinitions').getAny(String(a.roleDefinitionId));
        if (principal && role)
          audit(ctx, 'Remove member from role', 'Unassign', principal.obj, principal.kind, role);
        return { status: 204 };
      },
    },
    ...readRoutes(
      `${base}/roleEligibilitySchedules`,
      'roleEligibilitySchedules',
      'roleManagement/directory/roleEligibilitySchedules',
      'unifiedRoleEligibilitySchedule',
      assignmentFilter,
    ),
    ...readRoutes(
      `${base}/roleAssignmentSchedules`,
      'roleAssignmentSchedules',
      'roleManagement/directory/roleAssignmentSchedules',
      'unifiedRoleAssignmentSchedule',
      assignmentFilter,
    ),
    ...requestRoutes('assignment'),
    ...requestRoutes('eligibility'),
  ],
};
