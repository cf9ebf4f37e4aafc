/**
 * `breakglass audit`: the read-only assessment. Reads a tenant (a snapshot file, or a live tenant /
 * the emulator through the connection options), runs every check and the lockout analysis, prints
 * one report on stdout and writes any number of report files, then exits by checks.md: 0 when
 * nothing at or above `--fail-on` fails, 1 when something does, 2 when the audit could not run
 * (one line on stderr, from the CLI's error handler).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Model, Severity, SkipReason, WhatIfCheck } from '../../checks/types.js';
import type { BreakglassConfig } from '../../config/schema.js';
import { addConnectionOptions, type ConnectionFlags } from '../connection.js';
import { checks } from '../../checks/registry.js';
import { loadConfig } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { docsBaseUri, loadCheckCatalogue } from '../../audit/check-catalogue.js';
import { DEFAULT_FAIL_ON, exitCodeForAudit, parseSeverity, SEVERITIES } from '../../audit/gate.js';
import { runAudit } from '../../audit/run.js';
import { ALERT_QUERY_TABLES, alertQueries } from '../../checks/lib/alertRules.js';
import { analyseAhead } from '../../kql/worker-client.js';
import { shouldUseColor } from '../../report/color.js';
import { reportOptions } from '../../report/options.js';
import { findReportFormat, reportFormats, type ReportFormat } from '../../report/registry.js';
import { addRecordedDrills } from '../../drills/snapshot.js';
import { auditSignInReview } from '../../review/audit-section.js';

/** The options of `breakglass audit`, as commander parses them. */
export interface AuditOptions extends ConnectionFlags {
  snapshot?: string;
  config?: string;
  model?: Model;
  output: string;
  report: string[];
  failOn?: string;
  junitWarnAsFailure?: boolean;
  whatif?: boolean;
  /** `--state`: the state store whose drills feed EA-OPS-001/002 (default .breakglass/state.db when present). */
  state?: string;
}

/** What the command touches outside itself, so tests can run it in-process. */
export interface AuditIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  now(): Date;
}

/** One `--report FORMAT=PATH`. */
export interface ReportTarget {
  format: ReportFormat;
  path: string;
}

/** Parses `--report` values; a bad one is a usage error naming the valid formats. */
export function parseReportTargets(values: readonly string[]): ReportTarget[] {
  return values.map((value) => {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    const path = eq < 0 ? '' : value.slice(eq + 1);
    const format = findReportFormat(name);
    if (!format)
      throw new UsageError(`--report ${value}: unknown format "${name}" (one of ${formatNames()})`);
    if (!path.trim())
      throw new UsageError(
        `--report ${value}: give a file, e.g. --report ${format.name}=audit.${format.name === 'markdown' ? 'md' : format.name}`,
      );
    return { format, path };
  });
}

function formatNames(filter: (f: ReportFormat) => boolean = () => true): string {
  return reportFormats
    .filter(filter)
    .map((f) => f.name)
    .join(', ');
}

/** Where the tenant comes from; shared by `audit` and `export`. */
export interface TenantSourceOptions extends ConnectionFlags {
  snapshot?: string;
  whatif?: boolean;
}

/** The tenant to audit and what could not be read from it. */
export interface LoadedTenant {
  snapshot: Snapshot;
  /** The file results point at (SARIF): the snapshot, else the config. */
  artifact?: string;
  collectionErrors?: Record<string, { reason: SkipReason; detail: string }>;
  /** `--whatif`: the What If cross-check per account, made over the same connection. */
  whatIf?: WhatIfCheck[];
}

/** Reads the tenant: the snapshot file, or a live tenant / the emulator through the connection options. */
export async function loadTenant(
  options: TenantSourceOptions,
  config: BreakglassConfig | undefined,
  io: Pick<AuditIo, 'cwd'>,
): Promise<LoadedTenant> {
  if (options.snapshot === undefined) {
    // Loaded only here: an offline audit never needs the client stack.
    const { loadLiveTenant } = await import('../live-tenant.js');
    return loadLiveTenant(options, config);
  }
  if (options.whatif) {
    throw new UsageError('--whatif needs a live tenant or the emulator (the What If API), not --snapshot');
  }
  // Errors name the file as the user wrote it, so read it by that name when it resolves the same way.
  const file =
    isAbsolute(options.snapshot) || io.cwd === process.cwd()
      ? options.snapshot
      : resolve(io.cwd, options.snapshot);
  return { snapshot: await readSnapshotFile(file), artifact: options.snapshot };
}

/** Runs the audit command; resolves with the exit code (0 or 1). Usage problems throw (exit 2). */
export async function audit(options: AuditOptions, io: AuditIo): Promise<number> {
  const output = findReportFormat(options.output);
  if (!output || !output.stdout) {
    throw new UsageError(
      `--output ${options.output}: one of ${formatNames((f) => f.stdout)} (write other formats with --report FORMAT=FILE)`,
    );
  }
  const targets = parseReportTargets(options.report);
  const flagFailOn = options.failOn === undefined ? undefined : parseSeverity(options.failOn);
  if (options.failOn !== undefined && !flagFailOn) {
    throw new UsageError(`--fail-on ${options.failOn}: one of ${SEVERITIES.join(', ')}`);
  }

  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(options.config !== undefined ? { path: options.config } : {}),
  });
  const {
    snapshot: tenantSnapshot,
    artifact,
    collectionErrors,
    whatIf,
  } = await loadTenant(options, loaded?.config, io);
  // Started by the CLI before this module loaded (commands/index.ts): it has had the time the
  // tenant took to load to get the Kusto language service ready.
  await analyseAhead(alertQueries(tenantSnapshot), ALERT_QUERY_TABLES);
  const failOn: Severity = flagFailOn ?? loaded?.config.audit.failOn ?? DEFAULT_FAIL_ON;
  // A live audit (or one given --state) reads the drills recorded by `breakglass drill` and shows its sign-in review.
  const withStateDrills = options.snapshot === undefined || options.state !== undefined;
  const snapshot = withStateDrills
    ? await addRecordedDrills(tenantSnapshot, {
        cwd: io.cwd,
        ...(options.state !== undefined ? { path: options.state } : {}),
      })
    : tenantSnapshot;
  const signIns = withStateDrills ? auditSignInReview(snapshot, loaded?.config) : undefined;

  const startedAt = io.now();
  const result = runAudit({
    snapshot,
    ...(loaded ? { config: loaded.config } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(collectionErrors ? { collectionErrors } : {}),
    ...(signIns ? { signIns } : {}),
    startedAt,
    finishedAt: io.now(),
  });
  if (whatIf) result.whatIf = whatIf;

  const checkCatalogue = loadCheckCatalogue(checks);
  const artifactFile = artifact ?? loaded?.file;
  const base = {
    checks: checkCatalogue,
    failOn,
    warnAsFailure: options.junitWarnAsFailure === true,
    docsBaseUri: docsBaseUri(),
    ...(artifactFile ? { artifactUri: artifactFile.split('\\').join('/') } : {}),
  };
  for (const target of targets) {
    const text = target.format.render(result, reportOptions({ ...base, color: false }));
    const file = resolve(io.cwd, target.path);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    } catch (error) {
      throw new UsageError(
        `cannot write the ${target.format.name} report to ${target.path}: ${(error as Error).message}`,
      );
    }
  }

  if (result.accountSource === 'group' && output.name !== 'terminal') {
    io.stderr.write(
      'breakglass: no breakglass.yaml: the emergency accounts were taken from the members of the break-glass group\n',
    );
  }
  io.stdout.write(
    output.render(
      result,
      reportOptions({ ...base, color: output.name === 'terminal' && shouldUseColor(io.stdout, io.env) }),
    ),
  );
  return exitCodeForAudit(result, failOn);
}

/** Registers `breakglass audit`. */
export function register(program: Command): void {
  addConnectionOptions(program.command('audit'))
    .description(
      "assess a tenant's emergency access (read-only): checks, lockout analysis, reports; exit 1 on findings at or above --fail-on",
    )
    .option('--snapshot <file>', 'audit an exported tenant snapshot offline')
    .option(
      '--config <file>',
      "breakglass.yaml (default: ./breakglass.yaml when present; without one the accounts are the break-glass group's members)",
    )
    .addOption(
      new Option(
        '--model <model>',
        "judge the tenant by this emergency-access model (default: the config's)",
      ).choices(['dedicated', 'exclude-all', 'split']),
    )
    .option('-o, --output <format>', `report on stdout: ${formatNames((f) => f.stdout)}`, 'terminal')
    .option(
      '--report <format=file>',
      `also write a report file, repeatable; formats: ${formatNames()}`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding at or above this fails: ${SEVERITIES.join(', ')} (default: the config's audit.failOn, else ${DEFAULT_FAIL_ON})`,
    )
    .option('--junit-warn-as-failure', 'in JUnit reports, count warnings as failures')
    .option('--whatif', "cross-check the lockout analysis with Graph's What If API (live tenant or emulator)")
    .option(
      '--state <file>',
      'state store whose recorded drills feed EA-OPS-001/002 (default: .breakglass/state.db when present)',
    )
    .action(async (options: AuditOptions) => {
      process.exitCode = await audit(options, {
        cwd: process.cwd(),
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
        now: () => new Date(),
      });
    });
}
