/**
 * The Log Analytics queries of the sign-in review. Values are written through the KQL builders
 * (`kqlString`, `kqlStringList`), and each query is parsed with the Kusto language service against
 * the table schemas before it is sent: a query that does not parse is refused here, never run.
 * The time window is not in the text but in the request's `timespan`, so the same query serves
 * any `--since`.
 */
import { kqlStringList } from '../kql/escape.js';
import { requireValidKql } from '../kql/parse.js';
import { auditAlertQuery } from '../kql/queries.js';
import { AUDIT_LOGS, SIGNIN_LOGS } from '../kql/schemas.js';
import type { ReviewAccount } from './types.js';

/** The `SigninLogs` columns the review reads, in this order. */
export const SIGNIN_REVIEW_COLUMNS = [
  'Id',
  'CreatedDateTime',
  'TimeGenerated',
  'UserId',
  'UserPrincipalName',
  'AppDisplayName',
  'IPAddress',
  'ResultType',
  'ResultDescription',
  'ConditionalAccessStatus',
  'Location',
] as const;

/** The accounts' sign-ins, matched by object id or UPN (both case-insensitively). */
export function signInReviewQuery(accounts: readonly ReviewAccount[]): string {
  if (accounts.length === 0) throw new Error('a sign-in review query needs at least one account');
  const ids = kqlStringList(accounts.map((account) => account.id.toLowerCase()));
  const upns = kqlStringList(accounts.map((account) => account.userPrincipalName));
  const query = [
    'SigninLogs',
    `| where UserId in~ ${ids} or UserPrincipalName in~ ${upns}`,
    `| project ${SIGNIN_REVIEW_COLUMNS.join(', ')}`,
  ].join('\n');
  requireValidKql(query, [SIGNIN_LOGS], 'the sign-in review query');
  return query;
}

/**
 * Audit events about the accounts: the change alert's own query restricted to the accounts (the
 * same text the product writes into the alert rule, so a query the review can run is one the
 * alert can run).
 */
export function auditReviewQuery(accounts: readonly ReviewAccount[]): string {
  const query = auditAlertQuery({ accounts, includeConditionalAccessChanges: false });
  requireValidKql(query, [AUDIT_LOGS], 'the audit review query');
  return query;
}
