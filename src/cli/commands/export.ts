/**
 * `breakglass export maester|scubagear|sentinel`: writes what peer tools need to know about the
 * emergency accounts — Maester's EmergencyAccessAccounts, a ScubaGear exclusions fragment, a
 * Sentinel watchlist — from the same resolution the audit uses (config first, else the group).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveAuditContext } from '../../checks/context.js';
import { loadConfig } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import type { MaesterEntries } from '../../export/maester.js';
import { exportFormats, findExportFormat } from '../../export/registry.js';
import { exportSubjectsOf } from '../../export/subjects.js';
import { addConnectionOptions, type ConnectionFlags } from '../connection.js';
import { loadTenant, type AuditIo } from './audit.js';

export interface ExportCommandOptions extends ConnectionFlags {
  snapshot?: string;
  config?: string;
  out?: string;
  maesterEntries?: MaesterEntries;
}

/** Runs the export; resolves with the exit code. */
export async function exportInterop(
  target: string,
  options: ExportCommandOptions,
  io: Pick<AuditIo, 'cwd' | 'stdout' | 'stderr'>,
): Promise<number> {
  const format = findExportFormat(target);
  if (!format)
    throw new UsageError(`export ${target}: one of ${exportFormats.map((f) => f.name).join(', ')}`);
  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(options.config !== undefined ? { path: options.config } : {}),
  });
  const { snapshot } = await loadTenant(options, loaded?.config, io);
  const subjects = exportSubjectsOf(resolveAuditContext(snapshot, loaded?.config));
  if (subjects.accounts.length === 0) {
    throw new UsageError(
      'no emergency account resolves in this tenant; nothing to export (run breakglass audit to see why)',
    );
  }
  if (subjects.accountSource === 'group') {
    io.stderr.write(
      'breakglass: no breakglass.yaml: the emergency accounts were taken from the members of the break-glass group\n',
    );
  }
  const text = format.render(
    subjects,
    options.maesterEntries ? { maesterEntries: options.maesterEntries } : {},
  );
  if (options.out) {
    try {
      await writeFile(resolve(io.cwd, options.out), text);
    } catch (error) {
      throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}`);
    }
  } else {
    io.stdout.write(text);
  }
  return 0;
}

/** Registers `breakglass export`. */
export function register(program: Command): void {
  addConnectionOptions(program.command('export'))
    .description(
      'write the emergency accounts for other tools: maester (EmergencyAccessAccounts), scubagear (CapExclusions), sentinel (watchlist CSV)',
    )
    .argument('<target>', exportFormats.map((f) => f.name).join(' | '))
    .option('--snapshot <file>', 'read the tenant from an exported snapshot')
    .option('--config <file>', 'breakglass.yaml (default: ./breakglass.yaml when present)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .addOption(
      new Option(
        '--maester-entries <which>',
        'Maester entries: the group (default, as MT.1005 checks exclusions directly), the users, or both',
      ).choices(['group', 'users', 'both']),
    )
    .action(async (target: string, options: ExportCommandOptions) => {
      process.exitCode = await exportInterop(target, options, {
        cwd: process.cwd(),
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}
