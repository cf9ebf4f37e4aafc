/**
 * How Entra ID activity reaches Log Analytics: which workspaces a record is exported to (the
 * tenant's `microsoft.aadiam` diagnostic settings with the category enabled), and the row each
 * Graph record becomes in `SigninLogs` / `AuditLogs`, column names as in the real tables.
 *
 * `TimeGenerated` is the ingestion time (the record's time plus the ingestion delay): a row
 * becomes visible exactly when its `TimeGenerated` is reached, so consecutive alert windows
 * see every row once.
 */
import type { JsonObject } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';

/** The Entra categories the emulator exports, with the table each fills. */
export const exportedCategories = {
  signIn: { category: 'SignInLogs', table: 'SigninLogs' },
  directoryAudit: { category: 'AuditLogs', table: 'AuditLogs' },
} as const;

/** A kind of activity record. */
export type ActivityKind = keyof typeof exportedCategories;

/** ARM ids of the workspaces the tenant's diagnostic settings send `category` to (no duplicates). */
export function workspacesReceiving(tenant: TenantStore, category: string): string[] {
  const out = new Map<string, string>();
  for (const setting of tenant.collection('aadDiagnosticSettings').listAll()) {
    const props = (setting['properties'] ?? {}) as JsonObject;
    const workspaceId = props['workspaceId'];
    if (typeof workspaceId !== 'string' || workspaceId === '') continue;
    const logs = Array.isArray(props['logs']) ? (props['logs'] as JsonObject[]) : [];
    const enabled = logs.some(
      (l) => String(l['category'] ?? '').toLowerCase() === category.toLowerCase() && l['enabled'] === true,
    );
    if (enabled) out.set(workspaceId.toLowerCase(), workspaceId);
  }
  return [...out.values()];
}

/** The workspace resource (for its `customerId`, the `TenantId` column), case-insensitively. */
export function workspaceResource(tenant: TenantStore, workspaceId: string): JsonObject | undefined {
  const found = tenant.collection('resources').getAny(workspaceId);
  return found && String(found['type']).toLowerCase() === 'microsoft.operationalinsights/workspaces'
    ? found
    : undefined;
}

/** What every row of a workspace carries. */
function standardColumns(tenant: TenantStore, workspaceId: string, ingestedAt: Date): JsonObject {
  const customerId = (workspaceResource(tenant, workspaceId)?.['properties'] as JsonObject | undefined)?.[
    'customerId'
  ];
  return {
    TenantId: typeof customerId === 'string' ? customerId : '',
    AADTenantId: tenant.tenantId,
    SourceSystem: 'Azure AD',
    TimeGenerated: ingestedAt.toISOString(),
    ResourceId: `/tenants/${tenant.tenantId}/providers/Microsoft.aadiam`,
    ResourceGroup: 'Microsoft.aadiam',
    ResourceProvider: 'Microsoft.aadiam',
    Level: '4',
    DurationMs: 0,
  };
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);

/** A `SigninLogs` row for a Graph `signIn` record. */
export function signInRow(
  tenant: TenantStore,
  workspaceId: string,
  signIn: JsonObject,
  ingestedAt: Date,
): JsonObject {
  const status = (signIn['status'] ?? {}) as JsonObject;
  const errorCode = Number(status['errorCode'] ?? 0);
  const location = (signIn['location'] ?? {}) as JsonObject;
  const details = Array.isArray(signIn['authenticationDetails'])
    ? (signIn['authenticationDetails'] as JsonObject[])
    : [];
  const methods = [...new Set(details.map((d) => text(d['authenticationMethod'])).filter((m) => m !== ''))];
  return {
    ...standardColumns(tenant, workspaceId, ingestedAt),
    Type: 'SigninLogs',
    Category: 'SignInLogs',
    OperationName: 'Sign-in activity',
    OperationVersion: '1.0',
    Id: signIn['id'],
    CorrelationId: signIn['correlationId'],
    CreatedDateTime: signIn['createdDateTime'],
    Identity: text(signIn['userDisplayName']),
    UserId: signIn['userId'],
    UserPrincipalName: signIn['userPrincipalName'],
    UserDisplayName: signIn['userDisplayName'],
    AlternateSignInName: signIn['userPrincipalName'],
    UserType: text(signIn['userType'] ?? 'Member'),
    AppId: signIn['appId'],
    AppDisplayName: signIn['appDisplayName'],
    ResourceDisplayName: signIn['resourceDisplayName'],
    ResourceIdentity: signIn['resourceId'],
    IPAddress: signIn['ipAddress'],
    Location: text(location['countryOrRegion']),
    LocationDetails: location,
    ResultType: String(errorCode),
    ResultSignature: errorCode === 0 ? 'SUCCESS' : 'FAILURE',
    ResultDescription: errorCode === 0 ? '' : text(status['failureReason']),
    Status: status,
    ConditionalAccessStatus: signIn['conditionalAccessStatus'],
    ConditionalAccessPolicies: signIn['appliedConditionalAccessPolicies'] ?? [],
    AuthenticationRequirement: signIn['authenticationRequirement'],
    AuthenticationDetails: JSON.stringify(details),
    AuthenticationMethodsUsed: methods.join(', '),
    AuthenticationProtocol: 'none',
    ClientAppUsed: signIn['clientAppUsed'],
    DeviceDetail: signIn['deviceDetail'] ?? {},
    IsInteractive: signIn['isInteractive'] ?? true,
    IsRisky: false,
    RiskDetail: text(signIn['riskDetail']),
    RiskLevelAggregated: text(signIn['riskLevelAggregated']),
    RiskLevelDuringSignIn: text(signIn['riskLevelDuringSignIn']),
    RiskState: text(signIn['riskState']),
    MfaDetail: {},
    HomeTenantId: tenant.tenantId,
    ResourceTenantId: tenant.tenantId,
    TokenIssuerType: 'AzureAD',
    UniqueTokenIdentifier: signIn['id'],
  };
}

/** An `AuditLogs` row for a Graph `directoryAudit` record. */
export function auditRow(
  tenant: TenantStore,
  workspaceId: string,
  audit: JsonObject,
  ingestedAt: Date,
): JsonObject {
  const initiatedBy = (audit['initiatedBy'] ?? {}) as JsonObject;
  const user = initiatedBy['user'] as JsonObject | null | undefined;
  const app = initiatedBy['app'] as JsonObject | null | undefined;
  return {
    ...standardColumns(tenant, workspaceId, ingestedAt),
    Type: 'AuditLogs',
    Id: audit['id'],
    CorrelationId: audit['correlationId'],
    ActivityDateTime: audit['activityDateTime'],
    ActivityDisplayName: audit['activityDisplayName'],
    OperationName: audit['activityDisplayName'],
    OperationVersion: '1.0',
    Category: audit['category'],
    Result: audit['result'],
    ResultReason: text(audit['resultReason']),
    ResultType: '',
    ResultDescription: text(audit['resultReason']),
    LoggedByService: audit['loggedByService'],
    AADOperationType: audit['operationType'],
    Identity: text(user?.['displayName'] ?? user?.['userPrincipalName'] ?? app?.['displayName']),
    InitiatedBy: initiatedBy,
    TargetResources: audit['targetResources'] ?? [],
    AdditionalDetails: audit['additionalDetails'] ?? [],
  };
}

/** The row builder of each kind of record. */
export const rowBuilders: Readonly<
  Record<
    ActivityKind,
    (tenant: TenantStore, workspaceId: string, record: JsonObject, ingestedAt: Date) => JsonObject
  >
> = { signIn: signInRow, directoryAudit: auditRow };
