/**
 * The KQL of the scenarios' alert rules: a correct sign-in alert, the guide's own (broken) one,
 * and an alert on changes to the break-glass objects.
 */

/** An account the queries name. */
export interface AccountRef {
  readonly id: string;
  readonly userPrincipalName: string;
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** Any sign-in of the accounts, matched by object id or (case-insensitively) by UPN. */
export function signInAlertQuery(accounts: readonly AccountRef[]): string {
  return [
    'SigninLogs',
    `| where UserId in (${quoted(accounts.map((a) => a.id))})`,
    `    or UserPrincipalName in~ (${quoted(accounts.map((a) => a.userPrincipalName.toLowerCase()))})`,
    '| project TimeGenerated, UserPrincipalName, UserId, IPAddress, AppDisplayName, ResultType, ResultDescription, ConditionalAccessStatus',
  ].join('\n');
}

/**
 * The guide's query, pasted with one account's id: `project` before `where`, and a typographic
 * closing quote (U+201C) that leaves the string literal unterminated.
 */
export function guideAlertQuery(accountId: string): string {
  return `SigninLogs\n| project UserId\n| where UserId == "${accountId}\u201C`;
}

/** Changes to the given directory objects (accounts, group, policy) in the audit log. */
export function auditAlertQuery(targetIds: readonly string[]): string {
  return [
    'AuditLogs',
    '| mv-expand Target = TargetResources',
    `| where tostring(Target.id) in (${quoted(targetIds)})`,
    '| extend Actor = coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))',
    '| project TimeGenerated, OperationName, Result, Actor, TargetName = tostring(Target.displayName)',
  ].join('\n');
}
