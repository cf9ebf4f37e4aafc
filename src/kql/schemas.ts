/**
 * Log Analytics table schemas the product's KQL is checked against. Column names and types follow
 * the Azure Monitor table reference for the Entra tables (api-facts §3.7); they cover every column
 * an alert or review query is likely to touch, so a query using a real column never fails to
 * parse for want of a declaration, and a misspelt one does.
 */

/** KQL scalar type names as the language service's schema strings spell them. */
export type KqlType =
  'string' | 'datetime' | 'bool' | 'long' | 'int' | 'real' | 'dynamic' | 'guid' | 'timespan';

export interface KqlColumn {
  name: string;
  type: KqlType;
}

export interface KqlTableSchema {
  name: string;
  columns: readonly KqlColumn[];
}

/** Columns every Azure Monitor log table carries. */
const commonColumns: KqlColumn[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'SourceSystem', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'ResourceId', type: 'string' },
  { name: 'OperationName', type: 'string' },
  { name: 'OperationVersion', type: 'string' },
  { name: 'Category', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'ResultSignature', type: 'string' },
  { name: 'ResultDescription', type: 'string' },
  { name: 'DurationMs', type: 'long' },
  { name: 'CorrelationId', type: 'string' },
  { name: 'Resource', type: 'string' },
  { name: 'ResourceGroup', type: 'string' },
  { name: 'ResourceProvider', type: 'string' },
  { name: 'Identity', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Location', type: 'string' },
  { name: 'Type', type: 'string' },
];

/** Sign-in columns shared by the interactive and non-interactive tables, with the interactive table's types. */
const signInColumns: KqlColumn[] = [
  { name: 'AlternateSignInName', type: 'string' },
  { name: 'AppDisplayName', type: 'string' },
  { name: 'AppId', type: 'string' },
  { name: 'AppliedEventListeners', type: 'dynamic' },
  { name: 'AuthenticationContextClassReferences', type: 'string' },
  { name: 'AuthenticationDetails', type: 'string' },
  { name: 'AuthenticationMethodsUsed', type: 'string' },
  { name: 'AuthenticationProcessingDetails', type: 'string' },
  { name: 'AuthenticationProtocol', type: 'string' },
  { name: 'AuthenticationRequirement', type: 'string' },
  { name: 'AuthenticationRequirementPolicies', type: 'string' },
  { name: 'AutonomousSystemNumber', type: 'string' },
  { name: 'ClientAppUsed', type: 'string' },
  { name: 'ConditionalAccessPolicies', type: 'dynamic' },
  { name: 'ConditionalAccessStatus', type: 'string' },
  { name: 'CreatedDateTime', type: 'datetime' },
  { name: 'CrossTenantAccessType', type: 'string' },
  { name: 'DeviceDetail', type: 'dynamic' },
  { name: 'FlaggedForReview', type: 'bool' },
  { name: 'HomeTenantId', type: 'string' },
  { name: 'Id', type: 'string' },
  { name: 'IncomingTokenType', type: 'string' },
  { name: 'IPAddress', type: 'string' },
  { name: 'IPAddressFromResourceProvider', type: 'string' },
  { name: 'IsInteractive', type: 'bool' },
  { name: 'IsRisky', type: 'bool' },
  { name: 'LocationDetails', type: 'dynamic' },
  { name: 'MfaDetail', type: 'dynamic' },
  { name: 'NetworkLocationDetails', type: 'string' },
  { name: 'OriginalRequestId', type: 'string' },
  { name: 'OriginalTransferMethod', type: 'string' },
  { name: 'ProcessingTimeInMilliseconds', type: 'string' },
  { name: 'ResourceDisplayName', type: 'string' },
  { name: 'ResourceIdentity', type: 'string' },
  { name: 'ResourceServicePrincipalId', type: 'string' },
  { name: 'ResourceTenantId', type: 'string' },
  { name: 'RiskDetail', type: 'string' },
  { name: 'RiskEventTypes', type: 'string' },
  { name: 'RiskEventTypes_V2', type: 'string' },
  { name: 'RiskLevelAggregated', type: 'string' },
  { name: 'RiskLevelDuringSignIn', type: 'string' },
  { name: 'RiskState', type: 'string' },
  { name: 'ServicePrincipalId', type: 'string' },
  { name: 'SessionLifetimePolicies', type: 'string' },
  { name: 'SignInIdentifier', type: 'string' },
  { name: 'SignInIdentifierType', type: 'string' },
  { name: 'Status', type: 'dynamic' },
  { name: 'TokenIssuerName', type: 'string' },
  { name: 'TokenIssuerType', type: 'string' },
  { name: 'UniqueTokenIdentifier', type: 'string' },
  { name: 'UserAgent', type: 'string' },
  { name: 'UserDisplayName', type: 'string' },
  { name: 'UserId', type: 'string' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'UserType', type: 'string' },
  { name: 'AADTenantId', type: 'string' },
];

/** `SigninLogs`: interactive user sign-ins (diagnostic category `SignInLogs`). */
export const SIGNIN_LOGS: KqlTableSchema = {
  name: 'SigninLogs',
  columns: [...commonColumns, ...signInColumns],
};

/** Columns that the non-interactive table stores as JSON strings rather than `dynamic`. */
const stringifiedInNonInteractive = new Set([
  'ConditionalAccessPolicies',
  'DeviceDetail',
  'LocationDetails',
  'MfaDetail',
  'Status',
]);

/** `AADNonInteractiveUserSignInLogs` (category `NonInteractiveUserSignInLogs`): token refreshes and the like. */
export const NON_INTERACTIVE_SIGNIN_LOGS: KqlTableSchema = {
  name: 'AADNonInteractiveUserSignInLogs',
  columns: [
    ...commonColumns,
    ...signInColumns.map((column) =>
      stringifiedInNonInteractive.has(column.name) ? { ...column, type: 'string' as const } : column,
    ),
  ],
};

/** `AuditLogs`: directory changes (category `AuditLogs`). */
export const AUDIT_LOGS: KqlTableSchema = {
  name: 'AuditLogs',
  columns: [
    ...commonColumns,
    { name: 'AADOperationType', type: 'string' },
    { name: 'AADTenantId', type: 'string' },
    { name: 'ActivityDateTime', type: 'datetime' },
    { name: 'ActivityDisplayName', type: 'string' },
    { name: 'AdditionalDetails', type: 'dynamic' },
    { name: 'Id', type: 'string' },
    { name: 'InitiatedBy', type: 'dynamic' },
    { name: 'LoggedByService', type: 'string' },
    { name: 'Result', type: 'string' },
    { name: 'ResultReason', type: 'string' },
    { name: 'TargetResources', type: 'dynamic' },
  ],
};

/** The sign-in tables an alert on emergency sign-ins may query (alone or in a `union`). */
export const SIGNIN_TABLES: readonly KqlTableSchema[] = [SIGNIN_LOGS, NON_INTERACTIVE_SIGNIN_LOGS];

/** Every table the product knows: what a query of unknown purpose is parsed against. */
export const ALL_TABLES: readonly KqlTableSchema[] = [SIGNIN_LOGS, NON_INTERACTIVE_SIGNIN_LOGS, AUDIT_LOGS];
