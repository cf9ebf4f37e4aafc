/**
 * Which Graph application permissions each Graph route needs, as data.
 *
 * Key: `METHOD path` with the path exactly as the route registers it (relative to `/graph/{version}`,
 * compared case-insensitively). Value: the permissions that each suffice (any of). An empty list
 * means "any valid Graph token" (e.g. `$batch`, whose items are checked one by one).
 *
 * The server refuses to start when a Graph route has no entry here, so a new route cannot silently
 * skip the permission check. Add your route's row when you add the route. Checks that depend on
 * the target object (managing members of a role-assignable group needs
 * RoleManagement.ReadWrite.Directory) are made by the handler with `ctx.requireGraphRoles`.
 *
 * Lists follow the "Permissions" tables of the Graph v1.0 reference (least privileged first).
 */

const directoryRead = ['Directory.Read.All', 'Directory.ReadWrite.All'] as const;
const userRead = ['User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All', ...directoryRead] as const;
const userWrite = ['User.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const groupRead = [
  'Group.Read.All',
  'Group.ReadWrite.All',
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  ...directoryRead,
] as const;
const groupWrite = ['Group.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const memberWrite = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const roleRead = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  ...directoryRead,
] as const;
const roleWrite = ['RoleManagement.ReadWrite.Directory'] as const;
const eligibilityRead = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
] as const;
const eligibilityWrite = [
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
] as const;
const assignmentScheduleRead = [
  'RoleAssignmentSchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
] as const;
const assignmentScheduleWrite = [
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
] as const;
const methodRead = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'] as const;
const methodWrite = ['UserAuthenticationMethod.ReadWrite.All'] as const;
/**
 * The rows of a method collection that has its own granular permissions besides
 * UserAuthenticationMethod.* (`UserAuthMethod-Phone.ReadWrite.All`…): list, get and delete.
 */
function granularMethodRoutes(segment: string, granular: string): Record<string, readonly string[]> {
  const read = [
    ...methodRead,
    `UserAuthMethod-${granular}.Read.All`,
    `UserAuthMethod-${granular}.ReadWrite.All`,
  ];
  const write = [...methodWrite, `UserAuthMethod-${granular}.ReadWrite.All`];
  const path = `/users/:id/authentication/${segment}`;
  return {
    [`GET ${path}`]: read,
    [`GET ${path}/:methodId`]: read,
    [`DELETE ${path}/:methodId`]: write,
  };
}
const policyRead = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'] as const;
const caWrite = ['Policy.ReadWrite.ConditionalAccess'] as const;
const authStrengthWrite = [
  'Policy.ReadWrite.AuthenticationMethod',
  'Policy.ReadWrite.ConditionalAccess',
] as const;
const auditRead = ['AuditLog.Read.All'] as const;
const orgRead = ['Organization.Read.All', 'Organization.ReadWrite.All', ...directoryRead] as const;

/** The permission table (see the file comment for the key format). */
export const graphPermissions: Readonly<Record<string, readonly string[]>> = {
  'POST /$batch': [],

  'GET /organization': orgRead,
  'GET /organization/:id': orgRead,
  'GET /domains': ['Domain.Read.All', 'Domain.ReadWrite.All', ...directoryRead],
  'GET /domains/:id': ['Domain.Read.All', 'Domain.ReadWrite.All', ...directoryRead],
  'GET /subscribedSkus': ['LicenseAssignment.Read.All', ...orgRead],
  'GET /subscribedSkus/:id': ['LicenseAssignment.Read.All', ...orgRead],
  'GET /policies/identitySecurityDefaultsEnforcementPolicy': [
    'Policy.Read.All',
    'Policy.ReadWrite.SecurityDefaults',
  ],
  'PATCH /policies/identitySecurityDefaultsEnforcementPolicy': ['Policy.ReadWrite.SecurityDefaults'],

  'GET /users': userRead,
  'GET /users/$count': userRead,
  'POST /users': userWrite,
  'GET /users/:id': userRead,
  'PATCH /users/:id': userWrite,
  'DELETE /users/:id': ['User.DeleteRestore.All', ...userWrite],
  'GET /users/:id/memberOf': [...groupRead, ...userRead],
  'GET /users/:id/transitiveMemberOf': [...groupRead, ...userRead],
  'GET /directoryObjects/:id': [...directoryRead, ...userRead, ...groupRead],

  'GET /groups': groupRead,
  'GET /groups/$count': groupRead,
  'POST /groups': ['Group.Create', ...groupWrite],
  'GET /groups/:id': groupRead,
  'PATCH /groups/:id': groupWrite,
  'DELETE /groups/:id': groupWrite,
  'GET /groups/:id/members': groupRead,
  'GET /groups/:id/members/$count': groupRead,
  'GET /groups/:id/members/microsoft.graph.user': groupRead,
  'GET /groups/:id/members/microsoft.graph.group': groupRead,
  'GET /groups/:id/transitiveMembers': groupRead,
  'GET /groups/:id/transitiveMembers/$count': groupRead,
  'GET /groups/:id/transitiveMembers/microsoft.graph.user': groupRead,
  'GET /groups/:id/transitiveMembers/microsoft.graph.group': groupRead,
  'GET /groups/:id/memberOf': groupRead,
  'POST /groups/:id/members/$ref': memberWrite,
  'DELETE /groups/:id/members/:memberId/$ref': memberWrite,

  'GET /roleManagement/directory/roleDefinitions': roleRead,
  'GET /roleManagement/directory/roleDefinitions/:id': roleRead,
  'GET /roleManagement/directory/roleAssignments': roleRead,
  'GET /roleManagement/directory/roleAssignments/:id': roleRead,
  'POST /roleManagement/directory/roleAssignments': roleWrite,
  'DELETE /roleManagement/directory/roleAssignments/:id': roleWrite,
  'GET /roleManagement/directory/roleEligibilitySchedules': eligibilityRead,
  'GET /roleManagement/directory/roleEligibilitySchedules/:id': eligibilityRead,
  'GET /roleManagement/directory/roleAssignmentSchedules': assignmentScheduleRead,
  'GET /roleManagement/directory/roleAssignmentSchedules/:id': assignmentScheduleRead,
  'GET /roleManagement/directory/roleAssignmentScheduleRequests': assignmentScheduleRead,
  'GET /roleManagement/directory/roleAssignmentScheduleRequests/:id': assignmentScheduleRead,
  'POST /roleManagement/directory/roleAssignmentScheduleRequests': assignmentScheduleWrite,
  'GET /roleManagement/directory/roleEligibilityScheduleRequests': eligibilityRead,
  'GET /roleManagement/directory/roleEligibilityScheduleRequests/:id': eligibilityRead,
  'POST /roleManagement/directory/roleEligibilityScheduleRequests': eligibilityWrite,

  'GET /users/:id/authentication/methods': methodRead,
  'GET /users/:id/authentication/methods/:methodId': methodRead,
  'GET /users/:id/authentication/fido2Methods': methodRead,
  'GET /users/:id/authentication/fido2Methods/:methodId': methodRead,
  'DELETE /users/:id/authentication/fido2Methods/:methodId': methodWrite,
  'GET /users/:id/authentication/emailMethods': methodRead,
  'GET /users/:id/authentication/emailMethods/:methodId': methodRead,
  'POST /users/:id/authentication/emailMethods': methodWrite,
  'PATCH /users/:id/authentication/emailMethods/:methodId': methodWrite,
  'DELETE /users/:id/authentication/emailMethods/:methodId': methodWrite,
  'GET /users/:id/authentication/temporaryAccessPassMethods': methodRead,
  'GET /users/:id/authentication/temporaryAccessPassMethods/:methodId': methodRead,
  'POST /users/:id/authentication/temporaryAccessPassMethods': methodWrite,
  'DELETE /users/:id/authentication/temporaryAccessPassMethods/:methodId': methodWrite,
  ...granularMethodRoutes('phoneMethods', 'Phone'),
  ...granularMethodRoutes('microsoftAuthenticatorMethods', 'MicrosoftAuthApp'),
  ...granularMethodRoutes('softwareOathMethods', 'SoftwareOATH'),

  'GET /auditLogs/signIns': auditRead,
  'GET /auditLogs/signIns/:id': auditRead,
  'GET /auditLogs/directoryAudits': auditRead,
  'GET /auditLogs/directoryAudits/:id': auditRead,

  // Conditional Access, named locations, authentication strengths, What If (routes by emuca).
  'GET /identity/conditionalAccess/policies': policyRead,
  'GET /identity/conditionalAccess/policies/:id': policyRead,
  'POST /identity/conditionalAccess/policies': caWrite,
  'PATCH /identity/conditionalAccess/policies/:id': caWrite,
  'DELETE /identity/conditionalAccess/policies/:id': caWrite,
  'GET /identity/conditionalAccess/namedLocations': policyRead,
  'GET /identity/conditionalAccess/namedLocations/:id': policyRead,
  'POST /identity/conditionalAccess/namedLocations': caWrite,
  'PATCH /identity/conditionalAccess/namedLocations/:id': caWrite,
  'DELETE /identity/conditionalAccess/namedLocations/:id': caWrite,
  'GET /policies/authenticationStrengthPolicies': ['Policy.Read.All', ...authStrengthWrite],
  'GET /policies/authenticationStrengthPolicies/:id': ['Policy.Read.All', ...authStrengthWrite],
  'POST /policies/authenticationStrengthPolicies': authStrengthWrite,
  'PATCH /policies/authenticationStrengthPolicies/:id': authStrengthWrite,
  'DELETE /policies/authenticationStrengthPolicies/:id': authStrengthWrite,
  'GET /identity/conditionalAccess/authenticationStrength/policies': [
    'Policy.Read.All',
    ...authStrengthWrite,
  ],
  'GET /identity/conditionalAccess/authenticationStrength/policies/:id': [
    'Policy.Read.All',
    ...authStrengthWrite,
  ],
  'POST /identity/conditionalAccess/evaluate': ['Policy.Read.All'],
};

/** Looks up a route's required permissions; undefined when the table has no row for it. */
export function requiredGraphRoles(method: string, path: string): readonly string[] | undefined {
  const wanted = `${method.toUpperCase()} ${path}`.toLowerCase();
  for (const [key, roles] of Object.entries(graphPermissions)) if (key.toLowerCase() === wanted) return roles;
  return undefined;
}

/** Every permission the table mentions: what the generated default admin app holds. */
export function allGraphRoles(): string[] {
  return [...new Set(Object.values(graphPermissions).flat())].sort();
}
