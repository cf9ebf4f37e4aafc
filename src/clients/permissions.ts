/**
 * What each API operation breakglass performs needs: Graph application permissions, Azure roles,
 * and (for delegated sign-in) the Entra directory role. One data table, least-privileged first,
 * plus pure look-ups. It serves two purposes: a 403 is turned into a message that names what is
 * missing, and commands can state and pre-check what they need (PRODUCT.md, safety rules).
 *
 * Source: api-facts §2.1 (Graph, from Microsoft's permission tables), §3.3 and §3.8 (Azure roles).
 */
import type { ServiceName } from './endpoints.js';

/** HTTP methods as the table uses them. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One operation and what it needs. */
export interface OperationAccess {
  /** Stable id, e.g. `ca.policies.read`; commands list these to pre-check permissions. */
  readonly id: string;
  /** What the operation does, for messages: "read Conditional Access policies". */
  readonly summary: string;
  readonly service: ServiceName;
  readonly methods: readonly HttpMethod[];
  /**
   * Matched against the path below the service root: for Graph without the `/v1.0` or `/beta`
   * segment (`/identity/conditionalAccess/policies/…`), for ARM and Log Analytics the full path.
   */
  readonly path: RegExp;
  /** Graph application permissions that are *all* needed (the least-privileged set). */
  readonly graph?: readonly string[];
  /** More privileged Graph permissions that would also do, least first. */
  readonly graphAlternatives?: readonly string[];
  /** Azure roles (RBAC), any one of them, least privileged first. */
  readonly azureRoles?: readonly string[];
  /** Entra directory roles a signed-in user needs (delegated), least first. */
  readonly entraRoles?: readonly string[];
  /** A caveat worth stating with the permission (e.g. role-assignable groups). */
  readonly note?: string;
}

const READ: readonly HttpMethod[] = ['GET'];
const WRITE: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
const ROLE_ASSIGNABLE_NOTE =
  'for a role-assignable group also RoleManagement.ReadWrite.Directory (api-facts §0.10)';

/**
 * The operations, most specific path first: the first entry whose method and path match wins.
 */
export const OPERATIONS: readonly OperationAccess[] = [
  // Conditional Access
  {
    id: 'ca.policies.read',
    summary: 'read Conditional Access policies',
    service: 'graph',
    methods: READ,
    path: /^\/identity\/conditionalAccess\/(policies|namedLocations)\b/i,
    graph: ['Policy.Read.All'],
    entraRoles: ['Security Reader', 'Global Reader', 'Conditional Access Administrator'],
  },
  {
    id: 'ca.policies.write',
    summary: 'write Conditional Access policies',
    service: 'graph',
    methods: WRITE,
    path: /^\/identity\/conditionalAccess\/(policies|namedLocations)\b/i,
    graph: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    entraRoles: ['Conditional Access Administrator'],
    note: 'add Application.Read.All if policies reference applications',
  },
  {
    id: 'authStrengths.read',
    summary: 'read authentication strength policies',
    service: 'graph',
    methods: READ,
    path: /^\/(policies\/authenticationStrengthPolicies|identity\/conditionalAccess\/authenticationStrength)\b/i,
    graph: ['Policy.Read.All'],
  },
  {
    id: 'authStrengths.write',
    summary: 'write authentication strength policies',
    service: 'graph',
    methods: WRITE,
    path: /^\/(policies\/authenticationStrengthPolicies|identity\/conditionalAccess\/authenticationStrength)\b/i,
    graph: ['Policy.ReadWrite.ConditionalAccess'],
    graphAlternatives: ['Policy.ReadWrite.AuthenticationMethod'],
  },
  {
    id: 'authMethodsPolicy.read',
    summary: 'read the authentication methods policy',
    service: 'graph',
    methods: READ,
    path: /^\/policies\/authenticationMethodsPolicy\b/i,
    graph: ['Policy.Read.AuthenticationMethod'],
    graphAlternatives: ['Policy.ReadWrite.AuthenticationMethod'],
  },
  {
    id: 'authMethodsPolicy.write',
    summary: 'change the authentication methods policy',
    service: 'graph',
    methods: WRITE,
    path: /^\/policies\/authenticationMethodsPolicy\b/i,
    graph: ['Policy.ReadWrite.AuthenticationMethod'],
    entraRoles: ['Authentication Policy Administrator'],
  },
  {
    id: 'securityDefaults.read',
    summary: 'read the security defaults policy',
    service: 'graph',
    methods: READ,
    path: /^\/policies\/identitySecurityDefaultsEnforcementPolicy\b/i,
    graph: ['Policy.Read.All'],
  },
  // Authentication methods of a user
  {
    id: 'authMethods.fido2.write',
    summary: 'register or remove FIDO2 keys (passkeys)',
    service: 'graph',
    methods: WRITE,
    path: /^\/users\/[^/]+\/authentication\/fido2Methods\b/i,
    graph: ['UserAuthMethod-Passkey.ReadWrite.All'],
    graphAlternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  {
    // Fetching creation options starts a registration, so Graph asks for the write permission.
    id: 'authMethods.fido2.creationOptions',
    summary: 'get FIDO2 (passkey) creation options',
    service: 'graph',
    methods: READ,
    path: /^\/users\/[^/]+\/authentication\/fido2Methods\/creationOptions\b/i,
    graph: ['UserAuthMethod-Passkey.ReadWrite.All'],
    graphAlternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  {
    id: 'authMethods.email.write',
    summary: 'set the email authentication method',
    service: 'graph',
    methods: WRITE,
    path: /^\/users\/[^/]+\/authentication\/emailMethods\b/i,
    graph: ['UserAuthMethod-Email.ReadWrite.All'],
    graphAlternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  {
    id: 'authMethods.tap.write',
    summary: 'issue a Temporary Access Pass',
    service: 'graph',
    methods: WRITE,
    path: /^\/users\/[^/]+\/authentication\/temporaryAccessPassMethods\b/i,
    graph: ['UserAuthMethod-TAP.ReadWrite.All'],
    graphAlternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  // Removing person-tied methods (methods.personTied: remove). Graph documents the collection's own
  // permission as an alternative to UserAuthenticationMethod.ReadWrite.All for applications.
  ...(
    [
      ['phone', 'phoneMethods', 'UserAuthMethod-Phone.ReadWrite.All', 'phone (SMS/voice) methods'],
      [
        'authenticatorApp',
        'microsoftAuthenticatorMethods',
        'UserAuthMethod-MicrosoftAuthApp.ReadWrite.All',
        'Microsoft Authenticator methods',
      ],
      [
        'softwareOath',
        'softwareOathMethods',
        'UserAuthMethod-SoftwareOATH.ReadWrite.All',
        'software OATH tokens',
      ],
    ] as const
  ).map(([name, collection, granular, what]): OperationAccess => ({
    id: `authMethods.${name}.write`,
    summary: `remove ${what}`,
    service: 'graph',
    methods: WRITE,
    path: new RegExp(`^/users/[^/]+/authentication/${collection}\\b`, 'i'),
    graph: ['UserAuthenticationMethod.ReadWrite.All'],
    graphAlternatives: [granular],
    entraRoles: ['Privileged Authentication Administrator'],
  })),
  {
    id: 'authMethods.read',
    summary: "read users' authentication methods",
    service: 'graph',
    methods: READ,
    path: /^\/users\/[^/]+\/authentication\//i,
    graph: ['UserAuthenticationMethod.Read.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  {
    id: 'authMethods.write',
    summary: "change users' authentication methods",
    service: 'graph',
    methods: WRITE,
    path: /^\/users\/[^/]+\/authentication\//i,
    graph: ['UserAuthenticationMethod.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  // Reports and logs
  {
    id: 'registrationDetails.read',
    summary: 'read authentication method registration details',
    service: 'graph',
    methods: READ,
    path: /^\/reports\/authenticationMethods\b/i,
    graph: ['AuditLog.Read.All'],
    entraRoles: ['Reports Reader', 'Security Reader'],
  },
  {
    id: 'signIns.read',
    summary: 'read sign-in logs',
    service: 'graph',
    methods: READ,
    path: /^\/auditLogs\/signIns\b/i,
    graph: ['AuditLog.Read.All'],
    entraRoles: ['Reports Reader', 'Security Reader', 'Global Reader'],
    note: 'add Policy.Read.All to see appliedConditionalAccessPolicies',
  },
  {
    id: 'directoryAudits.read',
    summary: 'read directory audit logs',
    service: 'graph',
    methods: READ,
    path: /^\/auditLogs\/directoryAudits\b/i,
    graph: ['AuditLog.Read.All', 'Directory.Read.All'],
    entraRoles: ['Reports Reader', 'Security Reader', 'Global Reader'],
  },
  // Roles and PIM
  {
    id: 'roleEligibility.read',
    summary: 'read PIM role eligibility',
    service: 'graph',
    methods: READ,
    path: /^\/roleManagement\/directory\/roleEligibilitySchedule/i,
    graph: ['RoleEligibilitySchedule.Read.Directory'],
    graphAlternatives: ['RoleManagement.Read.Directory'],
  },
  {
    id: 'roleAssignmentSchedules.read',
    summary: 'read PIM role assignment schedules',
    service: 'graph',
    methods: READ,
    path: /^\/roleManagement\/directory\/roleAssignmentSchedule/i,
    graph: ['RoleAssignmentSchedule.Read.Directory'],
    graphAlternatives: ['RoleManagement.Read.Directory'],
  },
  {
    id: 'roleAssignmentSchedules.write',
    summary: 'request PIM role assignments',
    service: 'graph',
    methods: WRITE,
    path: /^\/roleManagement\/directory\/roleAssignmentSchedule/i,
    graph: ['RoleAssignmentSchedule.ReadWrite.Directory'],
    entraRoles: ['Privileged Role Administrator'],
  },
  {
    id: 'roles.read',
    summary: 'read directory role definitions and assignments',
    service: 'graph',
    methods: READ,
    path: /^\/(roleManagement\/directory|directoryRoles)\b/i,
    graph: ['RoleManagement.Read.Directory'],
    entraRoles: ['Global Reader', 'Privileged Role Administrator'],
  },
  {
    id: 'roles.write',
    summary: 'assign directory roles',
    service: 'graph',
    methods: WRITE,
    path: /^\/(roleManagement\/directory|directoryRoles)\b/i,
    graph: ['RoleManagement.ReadWrite.Directory'],
    entraRoles: ['Privileged Role Administrator'],
  },
  // Groups
  {
    id: 'groups.members.write',
    summary: 'change group membership',
    service: 'graph',
    methods: ['POST', 'DELETE'],
    path: /^\/groups\/[^/]+\/(members|owners)\b/i,
    graph: ['GroupMember.ReadWrite.All'],
    note: ROLE_ASSIGNABLE_NOTE,
  },
  {
    id: 'groups.members.read',
    summary: 'read group members',
    service: 'graph',
    methods: READ,
    path: /^\/groups\/[^/]+\/(transitiveMembers|members|owners)\b/i,
    graph: ['GroupMember.Read.All'],
    graphAlternatives: ['Group.Read.All'],
  },
  {
    id: 'groups.create',
    summary: 'create groups',
    service: 'graph',
    methods: ['POST'],
    path: /^\/groups\/?$/i,
    graph: ['Group.Create'],
    graphAlternatives: ['Group.ReadWrite.All'],
    entraRoles: ['Privileged Role Administrator'],
    note: ROLE_ASSIGNABLE_NOTE,
  },
  {
    id: 'groups.write',
    summary: 'change groups',
    service: 'graph',
    methods: WRITE,
    path: /^\/groups\b/i,
    graph: ['Group.ReadWrite.All'],
    note: ROLE_ASSIGNABLE_NOTE,
  },
  {
    id: 'groups.read',
    summary: 'read groups',
    service: 'graph',
    methods: READ,
    path: /^\/groups\b/i,
    graph: ['Group.Read.All'],
  },
  // Users, organization, domains
  {
    id: 'users.read',
    summary: 'read users',
    service: 'graph',
    methods: READ,
    path: /^\/users\b/i,
    graph: ['User.Read.All'],
  },
  {
    id: 'users.write',
    summary: 'create or change users',
    service: 'graph',
    methods: WRITE,
    path: /^\/users\b/i,
    graph: ['User.ReadWrite.All'],
    entraRoles: ['Privileged Authentication Administrator'],
  },
  {
    id: 'organization.read',
    summary: 'read the organization',
    service: 'graph',
    methods: READ,
    path: /^\/(organization|subscribedSkus)\b/i,
    graph: ['Organization.Read.All'],
  },
  {
    id: 'domains.read',
    summary: 'read domains',
    service: 'graph',
    methods: READ,
    path: /^\/domains\b/i,
    graph: ['Domain.Read.All'],
  },
  // Azure Resource Manager
  {
    id: 'arm.aadiamDiagnosticSettings.read',
    summary: 'read Entra diagnostic settings',
    service: 'arm',
    methods: READ,
    path: /^\/providers\/microsoft\.aadiam\//i,
    azureRoles: ['Reader (scope /providers/Microsoft.aadiam)'],
    entraRoles: ['Security Reader', 'Security Administrator'],
  },
  {
    id: 'arm.aadiamDiagnosticSettings.write',
    summary: 'write the Entra diagnostic setting',
    service: 'arm',
    methods: WRITE,
    path: /^\/providers\/microsoft\.aadiam\//i,
    azureRoles: ['Contributor (scope /providers/Microsoft.aadiam)'],
    entraRoles: ['Security Administrator'],
    note: 'a service principal needs the Azure role at /providers/Microsoft.aadiam (api-facts §0.6)',
  },
  {
    id: 'arm.workspaces.read',
    summary: 'read Log Analytics workspaces',
    service: 'arm',
    methods: READ,
    path: /\/providers\/Microsoft\.OperationalInsights\//i,
    azureRoles: ['Log Analytics Reader', 'Reader'],
  },
  {
    id: 'arm.workspaces.write',
    summary: 'create or change Log Analytics workspaces',
    service: 'arm',
    methods: WRITE,
    path: /\/providers\/Microsoft\.OperationalInsights\//i,
    azureRoles: ['Log Analytics Contributor', 'Contributor'],
  },
  {
    id: 'arm.alerts.read',
    summary: 'read alert rules and action groups',
    service: 'arm',
    methods: READ,
    path: /\/providers\/Microsoft\.Insights\//i,
    azureRoles: ['Monitoring Reader', 'Reader'],
  },
  {
    id: 'arm.alerts.write',
    summary: 'create or change alert rules and action groups',
    service: 'arm',
    methods: WRITE,
    path: /\/providers\/Microsoft\.Insights\//i,
    azureRoles: ['Monitoring Contributor', 'Contributor'],
  },
  {
    id: 'arm.resourceGroups.write',
    summary: 'create or change resource groups',
    service: 'arm',
    methods: WRITE,
    path: /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/?$/i,
    azureRoles: ['Contributor'],
  },
  {
    id: 'arm.read',
    summary: 'read Azure subscriptions and resource groups',
    service: 'arm',
    methods: READ,
    path: /^\/subscriptions\b/i,
    azureRoles: ['Reader'],
  },
  // Log Analytics query API
  {
    id: 'logs.query',
    summary: 'query Log Analytics',
    service: 'logAnalytics',
    methods: ['GET', 'POST'],
    path: /\/workspaces\/[^/]+\/query\b/i,
    azureRoles: ['Log Analytics Reader', 'Reader'],
  },
];

/** The operation a request performs, or undefined when the table has no entry for it. */
export function operationFor(
  service: ServiceName,
  method: string,
  path: string,
): OperationAccess | undefined {
  const upper = method.toUpperCase();
  const relative = service === 'graph' ? path.replace(/^\/(v1\.0|beta)(?=\/|$)/i, '') : path;
  return OPERATIONS.find(
    (op) => op.service === service && op.methods.includes(upper as HttpMethod) && op.path.test(relative),
  );
}

/** An operation by id; throws on an unknown id because that is a programming error. */
export function operationById(id: string): OperationAccess {
  const op = OPERATIONS.find((candidate) => candidate.id === id);
  if (!op) throw new Error(`unknown operation id ${id}`);
  return op;
}

/** What a set of operations needs together: the union of Graph permissions and Azure roles. */
export function accessFor(ids: readonly string[]): { graph: string[]; azureRoles: string[] } {
  const graph = new Set<string>();
  const azureRoles = new Set<string>();
  for (const op of ids.map(operationById)) {
    op.graph?.forEach((p) => graph.add(p));
    // Any one role will do; the least privileged is the one to ask for.
    if (op.azureRoles?.[0]) azureRoles.add(op.azureRoles[0]);
  }
  return { graph: [...graph].sort(), azureRoles: [...azureRoles].sort() };
}

/**
 * One clause naming what an operation needs, for a 403 message, e.g. "the Graph application
 * permissions Policy.Read.All and Policy.ReadWrite.ConditionalAccess".
 */
export function describeAccess(op: OperationAccess): string {
  const parts: string[] = [];
  if (op.graph?.length) {
    const noun = op.graph.length > 1 ? 'permissions' : 'permission';
    let text = `the Graph application ${noun} ${joinAnd(op.graph)}`;
    if (op.graphAlternatives?.length) text += ` (or ${joinOr(op.graphAlternatives)})`;
    parts.push(text);
  }
  if (op.azureRoles?.length) parts.push(`the Azure role ${joinOr(op.azureRoles)}`);
  if (op.entraRoles?.length && !op.graph?.length)
    parts.push(`a user with the Entra role ${joinOr(op.entraRoles)}`);
  let text = parts.join(', or ');
  if (op.note) text += `; ${op.note}`;
  return text;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
