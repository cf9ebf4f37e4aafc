/**
 * Builders for what happened in a tenant: sign-ins and directory audit events, each both as Graph
 * reports it (`signIn`, `directoryAudit`) and as the row Log Analytics stores (`SigninLogs`,
 * `AuditLogs`), plus recorded drills.
 */
import type { ScenarioContext } from './context.js';
import type { Drill, GraphObject, JsonObject, UserObject } from './document.js';

/** A policy's outcome on one sign-in. */
export interface AppliedPolicy {
  readonly id: string;
  readonly displayName: string;
  readonly result:
    'success' | 'failure' | 'notApplied' | 'reportOnlySuccess' | 'reportOnlyFailure' | 'reportOnlyNotApplied';
  readonly enforcedGrantControls?: readonly string[];
}

/** What makes one interactive sign-in. */
export interface SignInSpec {
  readonly key: string;
  readonly user: Pick<UserObject, 'id' | 'userPrincipalName' | 'displayName'>;
  readonly at: string;
  readonly app: { readonly appId: string; readonly appDisplayName: string };
  readonly ipAddress: string;
  readonly countryOrRegion: string;
  readonly city: string;
  /** 0 = success; e.g. 53003 = blocked by Conditional Access. */
  readonly errorCode?: number;
  readonly failureReason?: string;
  readonly appliedPolicies?: readonly AppliedPolicy[];
  /** How the user authenticated, e.g. "FIDO2 security key". */
  readonly method: string;
  readonly operatingSystem?: string;
  readonly browser?: string;
}

/** One sign-in as Graph (`signIn`) and as a `SigninLogs` row; same id in both. */
export function signInEvent(
  ctx: ScenarioContext,
  spec: SignInSpec,
): { signIn: GraphObject; row: JsonObject } {
  const id = ctx.ids.signIn(spec.key);
  const correlationId = ctx.ids.guid(`correlation:${spec.key}`);
  const errorCode = spec.errorCode ?? 0;
  const policies = spec.appliedPolicies ?? [];
  const caStatus =
    errorCode === 53003 ? 'failure' : policies.some((p) => p.result === 'success') ? 'success' : 'notApplied';
  const status = {
    errorCode,
    failureReason: errorCode === 0 ? 'Other.' : (spec.failureReason ?? 'Other.'),
    additionalDetails: null,
  };
  const deviceDetail = {
    deviceId: '',
    displayName: '',
    operatingSystem: spec.operatingSystem ?? 'Windows10',
    browser: spec.browser ?? 'Edge 131.0.0',
    isCompliant: false,
    isManaged: false,
    trustType: '',
  };
  const location = {
    city: spec.city,
    state: '',
    countryOrRegion: spec.countryOrRegion,
    geoCoordinates: null,
  };
  const applied = policies.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    enforcedGrantControls: [...(p.enforcedGrantControls ?? [])],
    enforcedSessionControls: [],
    result: p.result,
  }));
  const signIn: GraphObject = {
    id,
    createdDateTime: spec.at,
    userDisplayName: spec.user.displayName,
    userPrincipalName: spec.user.userPrincipalName,
    userId: spec.user.id,
    appId: spec.app.appId,
    appDisplayName: spec.app.appDisplayName,
    ipAddress: spec.ipAddress,
    clientAppUsed: 'Browser',
    correlationId,
    conditionalAccessStatus: caStatus,
    isInteractive: true,
    resourceDisplayName: spec.app.appDisplayName,
    resourceId: spec.app.appId,
    status,
    deviceDetail,
    location,
    appliedConditionalAccessPolicies: applied,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
  };
  const row: JsonObject = {
    TimeGenerated: new Date(Date.parse(spec.at) + 120_000).toISOString(),
    CreatedDateTime: spec.at,
    Id: id,
    CorrelationId: correlationId,
    OperationName: 'Sign-in activity',
    Category: 'SignInLogs',
    UserId: spec.user.id,
    UserPrincipalName: spec.user.userPrincipalName,
    UserDisplayName: spec.user.displayName,
    UserType: 'Member',
    AppId: spec.app.appId,
    AppDisplayName: spec.app.appDisplayName,
    ResourceDisplayName: spec.app.appDisplayName,
    IPAddress: spec.ipAddress,
    Location: spec.countryOrRegion,
    LocationDetails: location,
    ResultType: String(errorCode),
    ResultDescription: errorCode === 0 ? '' : (spec.failureReason ?? ''),
    ConditionalAccessStatus: caStatus,
    ConditionalAccessPolicies: applied,
    AuthenticationRequirement: 'multiFactorAuthentication',
    AuthenticationMethodsUsed: spec.method,
    ClientAppUsed: 'Browser',
    IsInteractive: true,
    DeviceDetail: deviceDetail,
    Status: status,
    RiskLevelDuringSignIn: 'none',
    RiskState: 'none',
    Type: 'SigninLogs',
  };
  return { signIn, row };
}

/** A directory object an audit event is about. */
export interface AuditTarget {
  readonly id: string;
  readonly displayName: string;
  readonly type: 'User' | 'Group' | 'Policy' | 'Role';
  readonly userPrincipalName?: string;
  readonly modifiedProperties?: readonly {
    displayName: string;
    oldValue: string | null;
    newValue: string | null;
  }[];
}

/** What makes one directory audit event. */
export interface AuditSpec {
  readonly key: string;
  readonly at: string;
  readonly activity: string;
  readonly category: 'UserManagement' | 'GroupManagement' | 'RoleManagement' | 'Policy';
  readonly service: 'Core Directory' | 'Conditional Access' | 'PIM';
  readonly operationType: 'Add' | 'Update' | 'Delete' | 'Assign';
  readonly actor: Pick<UserObject, 'id' | 'userPrincipalName'>;
  readonly targets: readonly AuditTarget[];
}

/** One directory audit event as Graph (`directoryAudit`) and as an `AuditLogs` row. */
export function auditEvent(ctx: ScenarioContext, spec: AuditSpec): { audit: GraphObject; row: JsonObject } {
  const id = ctx.ids.guid(`audit:${spec.key}`);
  const correlationId = ctx.ids.guid(`audit-correlation:${spec.key}`);
  const initiatedBy = {
    user: {
      id: spec.actor.id,
      displayName: null,
      userPrincipalName: spec.actor.userPrincipalName,
      ipAddress: '203.0.113.10',
    },
    app: null,
  };
  const targetResources = spec.targets.map((t) => ({
    id: t.id,
    displayName: t.displayName,
    type: t.type,
    userPrincipalName: t.userPrincipalName ?? null,
    groupType: null,
    modifiedProperties: [...(t.modifiedProperties ?? [])],
  }));
  const audit: GraphObject = {
    id,
    category: spec.category,
    correlationId,
    result: 'success',
    resultReason: '',
    activityDisplayName: spec.activity,
    activityDateTime: spec.at,
    loggedByService: spec.service,
    operationType: spec.operationType,
    initiatedBy,
    targetResources,
    additionalDetails: [],
  };
  const row: JsonObject = {
    TimeGenerated: new Date(Date.parse(spec.at) + 180_000).toISOString(),
    ActivityDateTime: spec.at,
    Id: id,
    CorrelationId: correlationId,
    OperationName: spec.activity,
    ActivityDisplayName: spec.activity,
    Category: spec.category,
    Result: 'success',
    ResultReason: '',
    LoggedByService: spec.service,
    AADOperationType: spec.operationType,
    InitiatedBy: initiatedBy,
    TargetResources: targetResources,
    AdditionalDetails: [],
    Type: 'AuditLogs',
  };
  return { audit, row };
}

/** A recorded, verified drill of one account matched to its sign-in. */
export function drill(accountId: string, at: string, signInId: string): Drill {
  return { accountId, at, verified: true, signInId, alertFired: true };
}
