/**
 * The two alert queries the product writes. Every value is written through `kqlString`, and the
 * sign-in filter stays on the `where` line right after `SigninLogs |`: Microsoft's guidance
 * matches object ids, while regex-based auditors (the Canadian Guardrails accelerator) look for
 * literal UPNs on that line, so the query carries both.
 */
import { kqlString, kqlStringList } from './escape.js';

export interface AlertAccount {
  /** Entra object id (what `SigninLogs.UserId` holds). */
  id: string;
  userPrincipalName: string;
}

function requireAccounts(accounts: readonly AlertAccount[]): void {
  if (accounts.length === 0) throw new Error('an alert query needs at least one account');
}

/** The predicate matching sign-ins of the accounts by object id or UPN. */
function signInPredicate(accounts: readonly AlertAccount[]): string {
  // Graph ids are lowercase in the logs and `in` is case-sensitive, so write them lowercase.
  const ids = accounts.map((account) => account.id.toLowerCase());
  const upns = accounts.map((account) => `UserPrincipalName =~ ${kqlString(account.userPrincipalName)}`);
  return [`UserId in ${kqlStringList(ids)}`, ...upns].join(' or ');
}

/**
 * Any sign-in (success or failure) of the accounts:
 * `SigninLogs | where UserId in ("…") or UserPrincipalName =~ "…" or …` then a projection.
 */
export function signInAlertQuery(accounts: readonly AlertAccount[]): string {
  requireAccounts(accounts);
  return [
    `SigninLogs | where ${signInPredicate(accounts)}`,
    '| project TimeGenerated, UserPrincipalName, UserId, IPAddress, AppDisplayName, ResultType, ResultDescription, ConditionalAccessStatus, AuthenticationRequirement',
  ].join('\n');
}

export interface AuditAlertTargets {
  accounts: readonly AlertAccount[];
  /** Object id of the break-glass group, when it exists. */
  groupId?: string;
  /** Id of the dedicated Conditional Access policy, when there is one. */
  policyId?: string;
  /**
   * Also fire on any Conditional Access policy added, updated or deleted: removing the group's
   * exclusion from another policy changes what the accounts can do. Default true.
   */
  includeConditionalAccessChanges?: boolean;
}

/** Activity names Entra logs for Conditional Access policy changes. */
export const CONDITIONAL_ACCESS_OPERATIONS = [
  'Add conditional access policy',
  'Update conditional access policy',
  'Delete conditional access policy',
] as const;

/** Changes (AuditLogs) that target the accounts, the group or the dedicated policy. */
export function auditAlertQuery(targets: AuditAlertTargets): string {
  requireAccounts(targets.accounts);
  const ids = [
    ...targets.accounts.map((account) => account.id.toLowerCase()),
    ...(targets.groupId ? [targets.groupId.toLowerCase()] : []),
    ...(targets.policyId ? [targets.policyId.toLowerCase()] : []),
  ];
  const conditions = [
    `tostring(Target.id) in~ ${kqlStringList(ids)}`,
    `tostring(Target.userPrincipalName) in~ ${kqlStringList(targets.accounts.map((account) => account.userPrincipalName))}`,
  ];
  if (targets.includeConditionalAccessChanges ?? true) {
    conditions.push(`OperationName in ${kqlStringList(CONDITIONAL_ACCESS_OPERATIONS)}`);
  }
  return [
    'AuditLogs',
    '| mv-expand Target = TargetResources',
    `| where ${conditions.join(' or ')}`,
    '| extend Actor = coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))',
    '| project TimeGenerated, OperationName, Result, Actor, TargetId = tostring(Target.id), TargetName = tostring(Target.displayName)',
  ].join('\n');
}
