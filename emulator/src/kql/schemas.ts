/**
 * The emulator's own declarations of the Log Analytics tables it serves: the Entra ID tables a
 * diagnostic setting fills (Azure Monitor table reference for `SigninLogs`,
 * `AADNonInteractiveUserSignInLogs` and `AuditLogs`). The KQL analyzer checks queries against
 * them, and the interpreter reads stored rows through them (a `datetime` column's ISO text becomes
 * a date, and so on). Kept apart from the product's copy on purpose: the two programs never share
 * code, and a drift between them shows up as a failing end-to-end test rather than a silent pass.
 */

/** The scalar types a column can have, as Kusto spells them. */
export type KqlScalarType =
  'string' | 'datetime' | 'timespan' | 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'guid' | 'dynamic';

/** One column. */
export interface KqlColumn {
  readonly name: string;
  readonly type: KqlScalarType;
}

/** One table. */
export interface KqlTable {
  readonly name: string;
  readonly columns: readonly KqlColumn[];
}

const column = (spec: string): KqlColumn[] =>
  spec
    .trim()
    .split(/\s*,\s*/)
    .map((pair) => {
      const [name, type] = pair.split(':') as [string, KqlScalarType];
      return { name, type };
    });

/** Columns every Azure Monitor table has. */
const standard = column(`
  TenantId:string, SourceSystem:string, TimeGenerated:datetime, Type:string, _ResourceId:string,
  OperationName:string, OperationVersion:string, Category:string, ResultType:string,
  ResultSignature:string, ResultDescription:string, DurationMs:long, CorrelationId:string,
  Resource:string, ResourceGroup:string, ResourceProvider:string, ResourceId:string,
  Identity:string, Level:string, Location:string`);

/** Sign-in columns (interactive table types: the status, device and CA columns are `dynamic`). */
const signIn = column(`
  AADTenantId:string, AlternateSignInName:string, AppDisplayName:string, AppId:string,
  AppliedEventListeners:dynamic, AuthenticationContextClassReferences:string,
  AuthenticationDetails:string, AuthenticationMethodsUsed:string,
  AuthenticationProcessingDetails:string, AuthenticationProtocol:string,
  AuthenticationRequirement:string, AuthenticationRequirementPolicies:string,
  AutonomousSystemNumber:string, ClientAppUsed:string, ConditionalAccessPolicies:dynamic,
  ConditionalAccessStatus:string, CreatedDateTime:datetime, CrossTenantAccessType:string,
  DeviceDetail:dynamic, FlaggedForReview:bool, HomeTenantId:string, Id:string,
  IncomingTokenType:string, IPAddress:string, IPAddressFromResourceProvider:string,
  IsInteractive:bool, IsRisky:bool, LocationDetails:dynamic, MfaDetail:dynamic,
  NetworkLocationDetails:string, OriginalRequestId:string, OriginalTransferMethod:string,
  ProcessingTimeInMilliseconds:string, ResourceDisplayName:string, ResourceIdentity:string,
  ResourceServicePrincipalId:string, ResourceTenantId:string, RiskDetail:string,
  RiskEventTypes:string, RiskEventTypes_V2:string, RiskLevelAggregated:string,
  RiskLevelDuringSignIn:string, RiskState:string, ServicePrincipalId:string,
  SessionLifetimePolicies:string, SignInIdentifier:string, SignInIdentifierType:string,
  Status:dynamic, TokenIssuerName:string, TokenIssuerType:string, UniqueTokenIdentifier:string,
  UserAgent:string, UserDisplayName:string, UserId:string, UserPrincipalName:string,
  UserType:string`);

/** The non-interactive table keeps these as JSON text rather than `dynamic`. */
const textInNonInteractive = new Set([
  'ConditionalAccessPolicies',
  'DeviceDetail',
  'LocationDetails',
  'MfaDetail',
  'Status',
]);

/** `SigninLogs` (diagnostic category `SignInLogs`). */
export const signinLogs: KqlTable = { name: 'SigninLogs', columns: [...standard, ...signIn] };

/** `AADNonInteractiveUserSignInLogs` (category `NonInteractiveUserSignInLogs`). */
export const nonInteractiveSigninLogs: KqlTable = {
  name: 'AADNonInteractiveUserSignInLogs',
  columns: [
    ...standard,
    ...signIn.map((c) => (textInNonInteractive.has(c.name) ? { ...c, type: 'string' as const } : c)),
  ],
};

/** `AuditLogs` (category `AuditLogs`). */
export const auditLogs: KqlTable = {
  name: 'AuditLogs',
  columns: [
    ...standard,
    ...column(`
      AADOperationType:string, AADTenantId:string, ActivityDateTime:datetime,
      ActivityDisplayName:string, AdditionalDetails:dynamic, Id:string, InitiatedBy:dynamic,
      LoggedByService:string, Result:string, ResultReason:string, TargetResources:dynamic`),
  ],
};

/** Every table a workspace in the emulator has, whether or not rows arrived yet. */
export const workspaceTables: readonly KqlTable[] = [signinLogs, nonInteractiveSigninLogs, auditLogs];

/** Which table each Entra diagnostic-setting category fills. */
export const tableOfCategory: Readonly<Record<string, string>> = {
  SignInLogs: signinLogs.name,
  NonInteractiveUserSignInLogs: nonInteractiveSigninLogs.name,
  AuditLogs: auditLogs.name,
};
