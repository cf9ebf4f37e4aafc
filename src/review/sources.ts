/**
 * Reading the accounts' sign-ins and the audit events about them over a window: from Log Analytics
 * (`SigninLogs`, `AuditLogs`, through `LogsQueryClient`) when the sign-in logs are sent to a
 * workspace, otherwise from Graph (`auditLogs/signIns` filtered on userId and createdDateTime,
 * `auditLogs/directoryAudits` on activityDateTime). Rows are turned into the review's own shape
 * by pure functions, so both sources read the same.
 */
import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';
import type { Connection } from '../clients/connection.js';
import { isApiError } from '../clients/errors.js';
import { GraphClient } from '../clients/graph.js';
import { logsCall, logsQueryClient } from '../clients/logs.js';
import { odataString } from '../collect/reads.js';
import { auditReviewQuery, signInReviewQuery } from './queries.js';
import { signInWorkspace, type SignInWorkspace, type TenantView } from './tenant.js';
import type { ReviewAccount, ReviewAuditEvent, ReviewData, ReviewSignIn, ReviewSource } from './types.js';
import type { ReviewWindow } from './window.js';

type Json = Record<string, unknown>;

/** Which source to read: `auto` = Log Analytics when a workspace receives the sign-in logs. */
export type SourcePreference = 'auto' | ReviewSource;

const record = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : value instanceof Date
        ? value.toISOString()
        : undefined;
/** An instant in the log's spelling, as ISO 8601 UTC; undefined when it is not one. */
const instant = (value: unknown): string | undefined => {
  const raw = text(value);
  const parsed = raw ? new Date(raw) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : undefined;
};
const inWindow = (at: string, window: ReviewWindow): boolean => {
  const time = Date.parse(at);
  return time >= window.since.getTime() && time <= window.until.getTime();
};
const byTime = <T extends { at: string; id: string }>(a: T, b: T): number =>
  Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Finds the account a log row belongs to, by object id or UPN (case-insensitive). */
function accountFinder(accounts: readonly ReviewAccount[]) {
  const byId = new Map(accounts.map((a) => [a.id.toLowerCase(), a]));
  const byUpn = new Map(accounts.map((a) => [a.userPrincipalName.toLowerCase(), a]));
  return (id: unknown, upn: unknown): ReviewAccount | undefined =>
    byId.get((text(id) ?? '').toLowerCase()) ?? byUpn.get((text(upn) ?? '').toLowerCase());
}

const optional = <K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> =>
  (value ? { [name]: value } : {}) as Partial<Record<K, string>>;

/** A Graph `signIn` as a review sign-in; undefined when it is not an account's or outside the window. */
export function signInFromGraph(
  signIn: Json,
  accounts: readonly ReviewAccount[],
  window: ReviewWindow,
): ReviewSignIn | undefined {
  const account = accountFinder(accounts)(signIn['userId'], signIn['userPrincipalName']);
  const at = instant(signIn['createdDateTime']);
  const id = text(signIn['id']);
  if (!account || !at || !id || !inWindow(at, window)) return undefined;
  const status = record(signIn['status']);
  const result = text(status['errorCode']);
  const location = record(signIn['location']);
  const place = [text(location['city']), text(location['countryOrRegion'])].filter(Boolean).join(', ');
  return {
    id,
    accountId: account.id,
    userPrincipalName: account.userPrincipalName,
    at,
    ...optional('appDisplayName', text(signIn['appDisplayName'])),
    ...optional('ipAddress', text(signIn['ipAddress'])),
    ...optional('result', result),
    ...optional('resultDescription', result !== '0' ? text(status['failureReason']) : undefined),
    ...optional('conditionalAccessStatus', text(signIn['conditionalAccessStatus'])),
    ...optional('location', place || undefined),
    source: 'graph',
  };
}

/** A `SigninLogs` row (column → value) as a review sign-in. */
export function signInFromLogRow(
  row: Json,
  accounts: readonly ReviewAccount[],
  window: ReviewWindow,
): ReviewSignIn | undefined {
  const account = accountFinder(accounts)(row['UserId'], row['UserPrincipalName']);
  const at = instant(row['CreatedDateTime']) ?? instant(row['TimeGenerated']);
  if (!account || !at || !inWindow(at, window)) return undefined;
  return {
    id: text(row['Id']) ?? `${account.id}@${at}`,
    accountId: account.id,
    userPrincipalName: account.userPrincipalName,
    at,
    ...optional('appDisplayName', text(row['AppDisplayName'])),
    ...optional('ipAddress', text(row['IPAddress'])),
    ...optional('result', text(row['ResultType'])),
    ...optional('resultDescription', text(row['ResultDescription'])),
    ...optional('conditionalAccessStatus', text(row['ConditionalAccessStatus'])),
    ...optional('location', text(row['Location'])),
    source: 'logAnalytics',
  };
}

/**
 * A Graph `directoryAudit` as a review event when it is about an account (a target) or done by
 * one (the initiator); undefined otherwise.
 */
export function auditEventFromGraph(
  event: Json,
  accounts: readonly ReviewAccount[],
  window: ReviewWindow,
): ReviewAuditEvent | undefined {
  const find = accountFinder(accounts);
  const at = instant(event['activityDateTime']);
  const id = text(event['id']);
  if (!at || !id || !inWindow(at, window)) return undefined;
  const targets = Array.isArray(event['targetResources']) ? event['targetResources'].map(record) : [];
  const target = targets.find((t) => find(t['id'], t['userPrincipalName']));
  const initiator = record(record(event['initiatedBy'])['user']);
  const byAccount = find(initiator['id'], initiator['userPrincipalName']);
  if (!target && !byAccount) return undefined;
  const app = record(record(event['initiatedBy'])['app']);
  const shown = target ?? targets[0] ?? {};
  return {
    id,
    at,
    activity: text(event['activityDisplayName']) ?? '',
    ...optional('result', text(event['result'])),
    ...optional('actor', text(initiator['userPrincipalName']) ?? text(app['displayName'])),
    ...optional('targetId', text(shown['id'])),
    ...optional('targetName', text(shown['userPrincipalName']) ?? text(shown['displayName'])),
    source: 'graph',
  };
}

/** A row of the audit review query (`auditAlertQuery`'s projection) as a review event. */
export function auditEventFromLogRow(row: Json, window: ReviewWindow): ReviewAuditEvent | undefined {
  const at = instant(row['TimeGenerated']);
  if (!at || !inWindow(at, window)) return undefined;
  const activity = text(row['OperationName']) ?? '';
  const targetId = text(row['TargetId']);
  return {
    // AuditLogs rows of one event share an id across mv-expanded targets; time, activity and target identify a row.
    id: `${at}|${activity}|${targetId ?? ''}`,
    at,
    activity,
    ...optional('result', text(row['Result'])),
    ...optional('actor', text(row['Actor'])),
    ...optional('targetId', targetId),
    ...optional('targetName', text(row['TargetName'])),
    source: 'logAnalytics',
  };
}

/** The rows of a Log Analytics table as objects keyed by column name. */
export function tableRows(table: LogsTable | undefined): Json[] {
  if (!table) return [];
  const names = table.columnDescriptors.map((column) => column.name ?? '');
  return table.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
}

/** Sign-ins and audit events from Graph. */
export async function readFromGraph(
  connection: Connection,
  accounts: readonly ReviewAccount[],
  window: ReviewWindow,
  sourceNote: string,
): Promise<ReviewData> {
  const graph = new GraphClient(connection);
  const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const when = (field: string) => `${field} ge ${seconds(window.since)}`;
  const who = accounts.map((a) => `userId eq ${odataString(a.id)}`).join(' or ');
  const [signIns, audits] = await Promise.all([
    accounts.length === 0
      ? Promise.resolve([])
      : graph.listAll<Json>('/auditLogs/signIns', {
          query: { $filter: `(${who}) and ${when('createdDateTime')}`, $top: 1000 },
        }),
    // Graph cannot filter directory audits by target reliably (api-facts §2.10): filter by time, then here.
    graph.listAll<Json>('/auditLogs/directoryAudits', {
      query: { $filter: when('activityDateTime'), $top: 1000 },
    }),
  ]);
  return {
    source: 'graph',
    sourceNote,
    signIns: dedupe(signIns.map((s) => signInFromGraph(s, accounts, window))),
    auditEvents: dedupe(audits.map((e) => auditEventFromGraph(e, accounts, window))),
  };
}

/** Sign-ins and audit events from a Log Analytics workspace. */
export async function readFromLogAnalytics(
  connection: Connection,
  workspace: SignInWorkspace,
  accounts: readonly ReviewAccount[],
  window: ReviewWindow,
): Promise<ReviewData> {
  const client = logsQueryClient(connection);
  const timespan = { startTime: window.since, endTime: window.until };
  const run = async (query: string): Promise<Json[]> => {
    const result = await logsCall(connection, () =>
      client.queryWorkspace(workspace.customerId, query, timespan),
    );
    if (result.status === LogsQueryResultStatus.PartialFailure) {
      const error = result.partialError;
      throw Object.assign(
        new Error(`Log Analytics answered only in part: ${error.code ?? ''} ${error.message ?? ''}`.trim()),
        { userFacing: true },
      );
    }
    return tableRows(result.tables[0]);
  };
  const [signInRows, auditRows] = await Promise.all([
    accounts.length === 0 ? Promise.resolve([]) : run(signInReviewQuery(accounts)),
    accounts.length === 0 ? Promise.resolve([]) : run(auditReviewQuery(accounts)),
  ]);
  return {
    source: 'logAnalytics',
    sourceNote: `Log Analytics workspace ${workspace.name} (${workspace.customerId})`,
    signIns: dedupe(signInRows.map((row) => signInFromLogRow(row, accounts, window))),
    auditEvents: dedupe(auditRows.map((row) => auditEventFromLogRow(row, window))),
  };
}

/** Drops the undefined entries and repeated ids, oldest first. */
function dedupe<T extends { id: string; at: string }>(items: readonly (T | undefined)[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items)
    if (item && !seen.has(item.id.toLowerCase())) seen.set(item.id.toLowerCase(), item);
  return [...seen.values()].sort(byTime);
}

/**
 * Reads the review data: Log Analytics when preferred or (auto) when a workspace receives the
 * sign-in logs, else Graph. With `auto`, an API error from Log Analytics (no query permission, a
 * workspace gone) falls back to Graph and the source note says why; with `logAnalytics` chosen
 * explicitly it is the command's failure.
 */
export async function readReviewData(
  connection: Connection,
  view: TenantView,
  window: ReviewWindow,
  preference: SourcePreference = 'auto',
): Promise<ReviewData> {
  if (preference === 'graph')
    return readFromGraph(connection, view.accounts, window, 'Graph sign-in logs (--source graph)');
  const workspace = signInWorkspace(view);
  if ('unavailable' in workspace) {
    if (preference === 'logAnalytics') {
      throw Object.assign(new Error(`--source logAnalytics: ${workspace.unavailable}`), { userFacing: true });
    }
    return readFromGraph(connection, view.accounts, window, `Graph sign-in logs: ${workspace.unavailable}`);
  }
  try {
    return await readFromLogAnalytics(connection, workspace, view.accounts, window);
  } catch (error) {
    if (preference === 'logAnalytics' || !isApiError(error)) throw error;
    const why = `${error.status}${error.code ? ` ${error.code}` : ''}`;
    return readFromGraph(
      connection,
      view.accounts,
      window,
      `Graph sign-in logs: Log Analytics workspace ${workspace.name} refused the query (${why})`,
    );
  }
}
