/**
 * Builders for directory objects: the organization and its licences, users, groups, built-in
 * role definitions and role assignments (active, with their PIM schedule, or only eligible).
 * Each returns the JSON Graph v1.0 returns for that object.
 */
import type { ScenarioContext } from './context.js';
import type { GraphObject, GroupObject, JsonObject, UserObject } from './document.js';
import { roleAssignmentId } from './ids.js';
import { builtInRoles, type Sku } from './microsoft.js';

/** The `organization` object, with the initial and (if any) custom verified domain. */
export function organization(ctx: ScenarioContext, options: { onPremisesSyncEnabled: boolean }): GraphObject {
  const { identity } = ctx;
  const domain = (name: string, isInitial: boolean, isDefault: boolean) => ({
    capabilities: 'Email, OfficeCommunicationsOnline',
    isDefault,
    isInitial,
    name,
    type: 'Managed',
  });
  const verifiedDomains = [domain(identity.initialDomain, true, identity.customDomain === undefined)];
  if (identity.customDomain) verifiedDomains.push(domain(identity.customDomain, false, true));
  return {
    id: ctx.tenantId,
    displayName: identity.displayName,
    tenantType: 'AAD',
    countryLetterCode: identity.countryLetterCode,
    city: identity.city,
    preferredLanguage: 'en',
    createdDateTime: ctx.ago(2200),
    onPremisesSyncEnabled: options.onPremisesSyncEnabled ? true : null,
    onPremisesLastSyncDateTime: options.onPremisesSyncEnabled ? ctx.ago(0, 0.5) : null,
    technicalNotificationMails: [`it-security@${ctx.userDomain}`],
    verifiedDomains,
  };
}

/** A `subscribedSku` with `enabled` seats of which `consumed` are assigned. */
export function subscribedSku(ctx: ScenarioContext, sku: Sku, enabled: number, consumed: number): JsonObject {
  return {
    id: `${ctx.tenantId}_${sku.skuId}`,
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    accountId: ctx.tenantId,
    accountName: ctx.identity.key,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumed,
    prepaidUnits: { enabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: sku.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success', appliesTo: 'User' })),
  };
}

/** The `identitySecurityDefaultsEnforcementPolicy`. */
export function securityDefaults(isEnabled: boolean): JsonObject {
  return {
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.',
    isEnabled,
  };
}

/** What makes one user. */
export interface UserSpec {
  /** Stable key (usually the mail nickname); the id derives from it. */
  readonly key: string;
  readonly displayName: string;
  readonly givenName?: string;
  readonly surname?: string;
  /** Local part of the UPN; defaults to the key. */
  readonly upnLocal?: string;
  /** Which verified domain the UPN is on (default `custom`, falling back to the initial domain). */
  readonly domain?: 'initial' | 'custom';
  /** Synced from on-premises AD by Entra Connect. */
  readonly synced?: boolean;
  readonly passwordPolicies?: string | null;
  readonly enabled?: boolean;
  readonly jobTitle?: string | null;
  readonly department?: string | null;
  readonly createdDaysAgo: number;
  /** A B2B guest from this home domain. */
  readonly guestFrom?: string;
}

/** A `user` as `GET /users?$select=…` returns it with the properties breakglass asks for. */
export function user(ctx: ScenarioContext, spec: UserSpec): UserObject {
  const { identity } = ctx;
  const local = spec.upnLocal ?? spec.key;
  const domain = spec.domain === 'initial' ? identity.initialDomain : ctx.userDomain;
  const guest = spec.guestFrom !== undefined;
  const id = ctx.ids.user(spec.key);
  const userPrincipalName = guest
    ? `${local}_${spec.guestFrom}#EXT#@${identity.initialDomain}`
    : `${local}@${domain}`;
  const synced = spec.synced === true;
  return {
    id,
    userPrincipalName,
    displayName: spec.displayName,
    givenName: spec.givenName ?? null,
    surname: spec.surname ?? null,
    mail: guest ? `${local}@${spec.guestFrom}` : `${local}@${domain}`,
    mailNickname: guest ? `${local}_${spec.guestFrom}#EXT#` : local,
    jobTitle: spec.jobTitle ?? null,
    department: spec.department ?? null,
    accountEnabled: spec.enabled ?? true,
    createdDateTime: ctx.ago(spec.createdDaysAgo),
    onPremisesSyncEnabled: synced ? true : null,
    onPremisesImmutableId: synced ? Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64') : null,
    onPremisesLastSyncDateTime: synced ? ctx.ago(0, 0.5) : null,
    passwordPolicies: spec.passwordPolicies ?? null,
    usageLocation: identity.usageLocation,
    userType: guest ? 'Guest' : 'Member',
    ...(guest ? { externalUserState: 'Accepted', creationType: 'Invitation' } : {}),
  };
}

/** What makes one group. */
export interface GroupSpec {
  readonly key: string;
  readonly displayName: string;
  readonly description?: string;
  /** Direct member ids (users or groups). */
  readonly members: readonly string[];
  readonly roleAssignable?: boolean;
  /** A dynamic membership rule; makes the group dynamic. */
  readonly dynamicRule?: string;
  /** A Microsoft 365 (Unified) group instead of a security group. */
  readonly microsoft365?: boolean;
  readonly createdDaysAgo: number;
}

/** A `group`, with the snapshot's `members`. */
export function group(ctx: ScenarioContext, spec: GroupSpec): GroupObject {
  const groupTypes = [
    ...(spec.microsoft365 ? ['Unified'] : []),
    ...(spec.dynamicRule ? ['DynamicMembership'] : []),
  ];
  return {
    id: ctx.ids.group(spec.key),
    displayName: spec.displayName,
    description: spec.description ?? null,
    mailEnabled: spec.microsoft365 === true,
    mailNickname: spec.displayName.replace(/[^A-Za-z0-9_-]/g, ''),
    mail: spec.microsoft365 ? `${spec.displayName.replace(/[^A-Za-z0-9_-]/g, '')}@${ctx.userDomain}` : null,
    securityEnabled: spec.microsoft365 !== true,
    groupTypes,
    isAssignableToRole: spec.roleAssignable === true ? true : null,
    membershipRule: spec.dynamicRule ?? null,
    membershipRuleProcessingState: spec.dynamicRule ? 'On' : null,
    visibility: spec.microsoft365 ? 'Private' : null,
    createdDateTime: ctx.ago(spec.createdDaysAgo),
    members: [...spec.members],
  };
}

/** Built-in `unifiedRoleDefinition`s (for built-ins the id is the template id). */
export function roleDefinitions(): GraphObject[] {
  return builtInRoles.map((r) => ({
    id: r.templateId,
    templateId: r.templateId,
    displayName: r.displayName,
    description: r.description,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    version: '1',
    rolePermissions: [],
  }));
}

/** When a role assignment starts and (optionally) ends. */
export interface RoleTiming {
  readonly sinceDaysAgo: number;
  /** Days from capture until it ends; absent = permanent (`noExpiration`). */
  readonly endsInDays?: number;
}

function scheduleInfo(ctx: ScenarioContext, timing: RoleTiming): JsonObject {
  return {
    startDateTime: ctx.ago(timing.sinceDaysAgo),
    recurrence: null,
    expiration:
      timing.endsInDays === undefined
        ? { type: 'noExpiration', endDateTime: null, duration: null }
        : { type: 'afterDateTime', endDateTime: ctx.ahead(timing.endsInDays), duration: null },
  };
}

/** An active assignment: the `unifiedRoleAssignment` and its `unifiedRoleAssignmentSchedule`. */
export function activeRole(
  ctx: ScenarioContext,
  roleTemplateId: string,
  principalId: string,
  timing: RoleTiming,
): { assignment: GraphObject; schedule: GraphObject } {
  const id = roleAssignmentId(roleTemplateId, principalId);
  const common = { roleDefinitionId: roleTemplateId, principalId, directoryScopeId: '/' };
  return {
    assignment: { id, ...common },
    schedule: {
      id,
      ...common,
      appScopeId: null,
      createdUsing: id,
      createdDateTime: ctx.ago(timing.sinceDaysAgo),
      modifiedDateTime: null,
      status: 'Provisioned',
      memberType: 'Direct',
      assignmentType: 'Assigned',
      scheduleInfo: scheduleInfo(ctx, timing),
    },
  };
}

/** A PIM-eligible assignment (`unifiedRoleEligibilitySchedule`): not active until activated. */
export function eligibleRole(
  ctx: ScenarioContext,
  roleTemplateId: string,
  principalId: string,
  timing: RoleTiming,
): GraphObject {
  const id = ctx.ids.guid(`eligibility:${roleTemplateId}:${principalId}`);
  return {
    id,
    roleDefinitionId: roleTemplateId,
    principalId,
    directoryScopeId: '/',
    appScopeId: null,
    createdUsing: id,
    createdDateTime: ctx.ago(timing.sinceDaysAgo),
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    scheduleInfo: scheduleInfo(ctx, timing),
  };
}
