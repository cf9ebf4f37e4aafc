/**
 * What the collector reads, as data: every Graph URL with its `$select` (only the properties the
 * checks, the lockout analysis and the planner use, plus ids), and the ARM paths and api-versions.
 * Graph's defaults page directory objects at 100; `$top=999` (the maximum) keeps even a large
 * tenant's few matching objects to one page, because every extra page is one more round trip.
 */
import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from '../config/schema.js';

/** Properties of a user the checks read (`onPremisesSyncEnabled`, `passwordPolicies` come only on `$select`). */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'displayName',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'passwordPolicies',
  'usageLocation',
  'userType',
  'createdDateTime',
].join(',');

/** Properties of a group the checks read. */
export const GROUP_SELECT = [
  'id',
  'displayName',
  'description',
  'securityEnabled',
  'mailEnabled',
  'mailNickname',
  'groupTypes',
  'isAssignableToRole',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesSyncEnabled',
].join(',');

const ROLE_ASSIGNMENT_SELECT = 'id,roleDefinitionId,principalId,directoryScopeId';
const SCHEDULE_SELECT = 'id,roleDefinitionId,principalId,directoryScopeId,memberType,scheduleInfo,status';
const GA_FILTER = `roleDefinitionId eq '${GLOBAL_ADMINISTRATOR_TEMPLATE_ID}'`;

/** A Graph read relative to the version root, as `$batch` wants it. */
function url(path: string, query: Record<string, string | number>): string {
  const parts = Object.entries(query).map(
    ([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`,
  );
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The tenant-wide Graph reads of the first round, by snapshot collection name. */
export const tenantReads = {
  organization: url('/organization', { $select: 'id,displayName,verifiedDomains,tenantType' }),
  subscribedSkus: url('/subscribedSkus', { $select: 'id,skuId,skuPartNumber,capabilityStatus,servicePlans' }),
  securityDefaults: url('/policies/identitySecurityDefaultsEnforcementPolicy', { $select: 'id,isEnabled' }),
  // Whole objects: the lockout analysis reads every condition and control, and a snapshot is an archive.
  conditionalAccessPolicies: '/identity/conditionalAccess/policies',
  namedLocations: '/identity/conditionalAccess/namedLocations',
  authenticationStrengthPolicies: '/policies/authenticationStrengthPolicies',
  roleDefinitions: url('/roleManagement/directory/roleDefinitions', {
    $select: 'id,displayName,templateId,isBuiltIn',
  }),
  // Every Global Administrator, whoever holds it: the accounts must, and the audit names the others.
  roleAssignments: url('/roleManagement/directory/roleAssignments', {
    $filter: GA_FILTER,
    $select: ROLE_ASSIGNMENT_SELECT,
  }),
  roleEligibilitySchedules: url('/roleManagement/directory/roleEligibilitySchedules', {
    $filter: GA_FILTER,
    $select: SCHEDULE_SELECT,
  }),
  roleAssignmentSchedules: url('/roleManagement/directory/roleAssignmentSchedules', {
    $filter: GA_FILTER,
    $select: `${SCHEDULE_SELECT},assignmentType`,
  }),
} as const;

/** The break-glass group, by display name. */
export function groupByNameRead(displayName: string): string {
  return url('/groups', {
    $filter: `displayName eq ${odataString(displayName)}`,
    $select: GROUP_SELECT,
    $top: 999,
  });
}

/** Groups by id, at most `GROUPS_PER_FILTER` per read (Graph's limit on `in` values for directory objects). */
export function groupsByIdRead(ids: readonly string[]): string {
  return url('/groups', {
    $filter: `id in (${ids.map(odataString).join(',')})`,
    $select: GROUP_SELECT,
    $top: 999,
  });
}

/** Graph accepts at most 15 values in an `in (…)` over directory objects. */
export const GROUPS_PER_FILTER = 15;

/** One user by UPN or id. */
export function userRead(ref: string): string {
  return url(`/users/${encodeURIComponent(ref)}`, { $select: USER_SELECT });
}

/** Users whose UPN starts with a prefix (the naming pattern before `{n}`). */
export function usersByPrefixRead(prefix: string): string {
  return url('/users', {
    $filter: `startswith(userPrincipalName,${odataString(prefix)})`,
    $select: USER_SELECT,
    $top: 999,
  });
}

/** Direct members of a group that are users (with the user properties) or groups. */
export function memberReads(groupId: string): { users: string; groups: string } {
  const base = `/groups/${encodeURIComponent(groupId)}/members`;
  return {
    users: url(`${base}/microsoft.graph.user`, { $select: USER_SELECT, $top: 999 }),
    groups: url(`${base}/microsoft.graph.group`, { $select: GROUP_SELECT, $top: 999 }),
  };
}

/** Per-account reads of the second round. */
export function accountReads(userId: string): { methods: string; memberOf: string; roles: string } {
  const user = `/users/${encodeURIComponent(userId)}`;
  return {
    methods: `${user}/authentication/methods`,
    memberOf: url(`${user}/transitiveMemberOf`, { $select: 'id,displayName,isAssignableToRole', $top: 999 }),
    roles: principalRolesRead(userId),
  };
}

/** Active role assignments of one principal (a user, or a role-assignable group). */
export function principalRolesRead(principalId: string): string {
  return url('/roleManagement/directory/roleAssignments', {
    $filter: `principalId eq ${odataString(principalId)}`,
    $select: ROLE_ASSIGNMENT_SELECT,
  });
}

/** Sign-ins of the accounts since `since`: one read for all accounts, newest first. */
export function signInsRead(userIds: readonly string[], since: Date): string {
  const who = userIds.map((id) => `userId eq ${odataString(id)}`).join(' or ');
  const when = `createdDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  return url('/auditLogs/signIns', { $filter: `(${who}) and ${when}`, $top: 1000 });
}

/** ARM api-versions: the stable versions current at writing, all accepted by Azure today. */
export const ARM_API_VERSIONS = {
  subscriptions: '2022-12-01',
  resourceGroups: '2021-04-01',
  aadDiagnosticSettings: '2017-04-01',
  workspaces: '2023-09-01',
  scheduledQueryRules: '2023-12-01',
  actionGroups: '2023-01-01',
} as const;

/** The subscription-scoped ARM lists, by collection-error name. */
export function subscriptionReads(
  subscriptionId: string,
): Record<'workspaces' | 'scheduledQueryRules' | 'actionGroups', { path: string; apiVersion: string }> {
  const sub = `/subscriptions/${encodeURIComponent(subscriptionId)}`;
  return {
    workspaces: {
      path: `${sub}/providers/Microsoft.OperationalInsights/workspaces`,
      apiVersion: ARM_API_VERSIONS.workspaces,
    },
    scheduledQueryRules: {
      path: `${sub}/providers/Microsoft.Insights/scheduledQueryRules`,
      apiVersion: ARM_API_VERSIONS.scheduledQueryRules,
    },
    actionGroups: {
      path: `${sub}/providers/Microsoft.Insights/actionGroups`,
      apiVersion: ARM_API_VERSIONS.actionGroups,
    },
  };
}
