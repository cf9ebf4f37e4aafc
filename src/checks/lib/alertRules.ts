/**
 * Judging log search alert rules against the emergency accounts with the Kusto language service:
 * which rules watch the accounts' sign-ins, what is wrong with each, and which accounts each one
 * would fire for. Shared by EA-MON-003/004/005/006.
 */
import { parseKql, referencedTables, formatDiagnostics, walkKql, type ParsedKql } from '../../kql/parse.js';
import { rowFilter, type RowFilterResult } from '../../kql/rowFilter.js';
import { ALL_TABLES, type KqlTableSchema } from '../../kql/schemas.js';
import { CONDITIONAL_ACCESS_OPERATIONS } from '../../kql/queries.js';
import type { Snapshot, User } from '../../snapshot/schema.js';
import type { AuditContext, ResolvedAccount } from '../types.js';
import { resolvedUsers } from '../context.js';
import { key } from './ids.js';
import {
  alertRules,
  isAlertingKind,
  isoDurationMinutes,
  signInWorkspaceIds,
  type AlertCondition,
  type AlertRuleView,
} from './monitoring.js';

const mentionsTable = (query: string, table: string): boolean =>
  new RegExp(`\\b${table}\\b`, 'i').test(query);

/** The account row an alert query is asked about: the id as the logs hold it (lowercase) and the UPN. */
export function signInRow(user: User): Record<string, string> {
  return { UserId: key(user.id), UserPrincipalName: user.userPrincipalName };
}

export interface SignInRuleAnalysis {
  rule: AlertRuleView;
  /** The condition whose query reads the sign-in tables. */
  condition: AlertCondition;
  parsed: ParsedKql;
  /** Why the rule cannot be relied on, whatever accounts it names (empty = sound). */
  problems: string[];
  /** Per account id (lowercase): does the query select its sign-ins? */
  coverage: Map<string, RowFilterResult>;
}

/**
 * Every log alert rule whose query reads `SigninLogs`, scoped to a workspace that receives the
 * sign-in logs (any scope when no diagnostic setting says where they go), analysed for each
 * resolved account. Undefined when resources were not collected.
 */
export function signInRuleAnalyses(context: AuditContext): SignInRuleAnalysis[] | undefined {
  const rules = alertRules(context);
  if (!rules) return undefined;
  const workspaces = signInWorkspaceIds(context);
  const maxMinutes = context.config.audit.maxAlertFrequencyMinutes;
  const users = resolvedUsers(context).map((account) => account.user);
  const analyses: SignInRuleAnalysis[] = [];
  for (const rule of rules) {
    const condition = rule.conditions.find((c) => mentionsTable(c.query, 'SigninLogs'));
    if (!condition) continue;
    if (workspaces.size > 0 && !rule.scopes.some((scope) => workspaces.has(key(scope)))) continue;
    // Against every table the workspace receives, as Azure checks it: a sign-in rule may join
    // AuditLogs (and one analysis per query serves EA-MON-003…006 alike).
    const parsed = parseAnyAlertQuery(condition.query);
    if (parsed.ok && !referencedTables(parsed).includes('SigninLogs')) continue;
    const problems: string[] = [];
    if (!rule.enabled) problems.push('the rule is disabled');
    if (!isAlertingKind(rule)) problems.push(`kind ${rule.kind} does not raise alerts`);
    if (!parsed.ok)
      problems.push(
        `its KQL does not parse: ${formatDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')).join('; ')}`,
      );
    const countsRows = condition.timeAggregation === undefined || key(condition.timeAggregation) === 'count';
    const op = key(condition.operator);
    const threshold = condition.threshold ?? 0;
    if (
      !countsRows ||
      !((op === 'greaterthan' && threshold === 0) || (op === 'greaterthanorequal' && threshold === 1))
    ) {
      problems.push(
        `it fires on ${condition.timeAggregation ?? 'Count'} ${condition.operator ?? '(no operator)'} ${condition.threshold ?? '(no threshold)'}, not on a count greater than 0`,
      );
    }
    const frequency = isoDurationMinutes(rule.evaluationFrequency);
    if (frequency === undefined)
      problems.push(
        `its evaluation frequency ${rule.evaluationFrequency ?? '(none)'} is not an ISO 8601 duration`,
      );
    else if (frequency > maxMinutes)
      problems.push(
        `it is evaluated every ${rule.evaluationFrequency}, less often than every ${maxMinutes} minutes`,
      );
    const window = isoDurationMinutes(rule.windowSize);
    if (frequency !== undefined && window !== undefined && window < frequency) {
      problems.push(
        `its window ${rule.windowSize} is shorter than its frequency ${rule.evaluationFrequency}, so sign-ins between windows are never seen`,
      );
    }
    const coverage = new Map<string, RowFilterResult>();
    for (const user of users) {
      coverage.set(
        key(user.id),
        rowFilter(parsed, signInRow(user), { caseInsensitiveColumns: ['UserPrincipalName'] }),
      );
    }
    analyses.push({ rule, condition, parsed, problems, coverage });
  }
  return analyses;
}

/** Whether a sign-in rule selects this account's sign-ins. */
export function covers(analysis: SignInRuleAnalysis, account: ResolvedAccount): boolean {
  return account.user ? analysis.coverage.get(key(account.user.id))?.selects === true : false;
}

/** Decoded string literals of a parsed query. */
export function stringLiterals(parsed: ParsedKql): string[] {
  const values: string[] = [];
  for (const node of walkKql(parsed.root)) {
    if (node.kind.endsWith('StringLiteralExpression') && typeof node.value === 'string')
      values.push(node.value);
  }
  return values;
}

/** The tables every alert query is analysed against (those a workspace receives from Entra). */
export const ALERT_QUERY_TABLES: readonly KqlTableSchema[] = ALL_TABLES;

/**
 * Parses any alert query against every table the product knows. EA-MON-003…006 ask about the same
 * queries within one audit; `parseKql` answers repeats from memory.
 */
export function parseAnyAlertQuery(query: string): ParsedKql {
  return parseKql(query, ALERT_QUERY_TABLES);
}

/**
 * The distinct queries of the snapshot's log alert rules: every query EA-MON-003…006 analyse (with
 * `ALERT_QUERY_TABLES`), so the CLI can have them analysed ahead, off the main thread.
 */
export function alertQueries(snapshot: Snapshot): string[] {
  const queries = (alertRules({ snapshot }) ?? []).flatMap((rule) =>
    rule.conditions.map((condition) => condition.query),
  );
  return [...new Set(queries)];
}

/** Whether the query text names an account by id or UPN (case-insensitive substring). */
export function queryMentionsAccounts(context: AuditContext, query: string): boolean {
  const text = key(query);
  return resolvedUsers(context).some(
    ({ user }) => text.includes(key(user.id)) || text.includes(key(user.userPrincipalName)),
  );
}

export const isConditionalAccessOperation = (value: string): boolean =>
  CONDITIONAL_ACCESS_OPERATIONS.some((operation) => key(operation) === key(value));
