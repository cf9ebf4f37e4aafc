/**
 * `breakglass kql`: prints the two alert queries breakglass writes for the configured accounts —
 * the sign-in alert (`SigninLogs`) and the change alert (`AuditLogs`) — each followed by what
 * Microsoft's Kusto language service makes of it. The ids come from the tenant (connection
 * options) or from an exported snapshot (`--snapshot`), resolved exactly as `breakglass plan`
 * resolves them. Exit 0 when both parse, 2 when one does not (or the queries cannot be built).
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { defaultConfig, type BreakglassConfig } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { formatDiagnostics, parseKql, type ParsedKql } from '../../kql/parse.js';
import { auditAlertQuery, signInAlertQuery, type AlertAccount } from '../../kql/queries.js';
import { AUDIT_LOGS, SIGNIN_TABLES, type KqlTableSchema } from '../../kql/schemas.js';
import { buildPlanContext, needsNewGroup } from '../../plan/context.js';
import { ALERT_RULES } from '../../plan/monitoring-context.js';
import { configOption, processIo, type CommandIo } from '../../review/session.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { addConnectionOptions, type ConnectionFlags } from '../connection.js';
import { loadTenant } from './audit.js';

/** The options of `breakglass kql`. */
export interface KqlOptions extends ConnectionFlags {
  config?: string;
  snapshot?: string;
}

/** One query the tool writes, and its parse. */
export interface AlertQueryReport {
  rule: string;
  table: string;
  query: string;
  parsed: ParsedKql;
}

/** The alert queries for a tenant snapshot and config, parsed (pure apart from the parser). */
export function alertQueryReports(
  snapshot: Snapshot,
  config: BreakglassConfig,
  warn: (line: string) => void,
): AlertQueryReport[] {
  const context = buildPlanContext(snapshot, config);
  const accounts: AlertAccount[] = [];
  for (const account of context.accounts) {
    if (account.user)
      accounts.push({ id: account.user.id, userPrincipalName: account.user.userPrincipalName });
    else
      warn(
        `${account.userPrincipalName || account.name} does not exist yet: apply creates it and writes its id into the queries`,
      );
  }
  if (accounts.length === 0) {
    throw new UsageError(
      'no emergency account exists in the tenant yet, so there is no id to put in the queries (run breakglass plan and apply)',
    );
  }
  const groupId = context.group && !needsNewGroup(context) ? context.group.id : undefined;
  if (!groupId)
    warn(`the group ${config.group.displayName} does not exist yet: the change query leaves it out`);
  const policyId = config.model === 'exclude-all' ? undefined : context.dedicatedPolicy?.id;
  const report = (
    rule: string,
    table: string,
    query: string,
    tables: readonly KqlTableSchema[],
  ): AlertQueryReport => ({
    rule,
    table,
    query,
    parsed: parseKql(query, tables),
  });
  return [
    report(ALERT_RULES.signIns, 'SigninLogs', signInAlertQuery(accounts), SIGNIN_TABLES),
    report(
      ALERT_RULES.changes,
      'AuditLogs',
      auditAlertQuery({ accounts, ...(groupId ? { groupId } : {}), ...(policyId ? { policyId } : {}) }),
      [AUDIT_LOGS],
    ),
  ];
}

/** The report as text: each query, then `parse: ok` or the parser's diagnostics. */
export function renderQueryReports(reports: readonly AlertQueryReport[]): string {
  return reports
    .map((r) => {
      const errors = r.parsed.diagnostics.filter((d) => d.severity === 'error');
      const verdict = r.parsed.ok
        ? `// parse: ok (Kusto language service, against the ${r.table} schema)`
        : ['// parse: FAILED', ...formatDiagnostics(errors).map((line) => `//   ${line}`)].join('\n');
      return `// ${r.rule} (${r.table})\n${r.query}\n${verdict}\n`;
    })
    .join('\n');
}

/** Runs `breakglass kql`; resolves with 0, or 2 when a query does not parse. */
export async function kql(options: KqlOptions, io: CommandIo): Promise<number> {
  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(options.config !== undefined ? { path: options.config } : {}),
  });
  const { snapshot } = await loadTenant(options, loaded?.config, { cwd: io.cwd });
  const reports = alertQueryReports(snapshot, loaded?.config ?? defaultConfig(), (line) =>
    io.stderr.write(`breakglass: ${line}\n`),
  );
  io.stdout.write(renderQueryReports(reports));
  const failed = reports.filter((r) => !r.parsed.ok);
  if (failed.length > 0) {
    io.stderr.write(`breakglass: ${failed.map((r) => r.rule).join(', ')}: not valid KQL\n`);
    return 2;
  }
  return 0;
}

/** Registers `breakglass kql`. */
export function register(program: Command): void {
  addConnectionOptions(program.command('kql'))
    .description(
      'print the alert queries breakglass writes for the configured accounts, each checked by the Kusto language service; exit 2 if one does not parse',
    )
    .option(
      '--snapshot <file>',
      'take the account, group and policy ids from an exported snapshot instead of the tenant',
    )
    .addOption(configOption())
    .action(async (options: KqlOptions) => {
      process.exitCode = await kql(options, processIo());
    });
}
