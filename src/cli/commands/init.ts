/**
 * `breakglass init`: writes a `breakglass.yaml` with the guide's defaults and comments, with the
 * tenant's id and initial `*.onmicrosoft.com` domain read from the tenant (one Graph read). It
 * never overwrites an existing file unless `--force` is given.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Connection } from '../../clients/connection.js';
import { GraphClient } from '../../clients/graph.js';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { renderConfigTemplate, type TemplateTenant } from '../../config/template.js';
import { UsageError } from '../../errors.js';
import { addConnectionOptions, withConnection, type ConnectionFlags } from '../connection.js';

/** The options of `breakglass init`. */
export interface InitOptions extends ConnectionFlags {
  output: string;
  force?: boolean;
  /** Write the template without reading a tenant (domain left to fill in). */
  offline?: boolean;
}

/** What the command touches outside itself. */
export interface InitIo {
  cwd: string;
  stderr: { write(text: string): unknown };
  withConnection?: <T>(work: (connection: Connection) => Promise<T>) => Promise<T>;
}

interface Organization {
  id: string;
  displayName?: string | null;
  verifiedDomains?: { name: string; isInitial?: boolean | null }[] | null;
}

/** The tenant facts the template is filled with: id, initial domain, cloud. */
export async function readTemplateTenant(
  connection: Connection,
): Promise<TemplateTenant & { displayName?: string }> {
  const graph = new GraphClient(connection);
  const [organization] = await graph.listAll<Organization>('/organization', {
    query: { $select: 'id,displayName,verifiedDomains' },
  });
  if (!organization) throw new UsageError(`tenant ${connection.tenantId} returned no organization`);
  const initial = organization.verifiedDomains?.find((d) => d.isInitial)?.name;
  return {
    id: organization.id,
    ...(initial ? { initialDomain: initial } : {}),
    ...(organization.displayName ? { displayName: organization.displayName } : {}),
    cloud: connection.endpoints.cloud === 'emulator' ? 'global' : connection.endpoints.cloud,
  };
}

/** Writes the config file; resolves with the path written. */
export async function init(options: InitOptions, io: InitIo): Promise<string> {
  const file = resolve(io.cwd, options.output);
  let tenant: (TemplateTenant & { displayName?: string }) | undefined;
  if (!options.offline) {
    const run =
      io.withConnection ??
      (<T>(work: (c: Connection) => Promise<T>) => withConnection(options, undefined, work));
    tenant = await run(readTemplateTenant);
  }
  const text = renderConfigTemplate(tenant ?? (options.cloud ? { cloud: options.cloud } : {}));
  try {
    // `wx` fails if the file exists, atomically: no window between a check and the write.
    await writeFile(file, text, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${options.output} already exists; use --force to overwrite it`);
    }
    throw new UsageError(`cannot write ${options.output}: ${(error as Error).message}`);
  }
  io.stderr.write(
    tenant
      ? `breakglass: wrote ${options.output} for ${tenant.displayName ?? tenant.id} (${tenant.initialDomain ?? 'no initial domain found'}); review it, then run breakglass plan\n`
      : `breakglass: wrote ${options.output} with the defaults; fill in tenant.initialDomain, then run breakglass plan\n`,
  );
  return file;
}

/** Registers `breakglass init`. */
export function register(program: Command): void {
  addConnectionOptions(
    program
      .command('init')
      .description(
        `write a ${DEFAULT_CONFIG_FILE} with the guide's defaults, filled from the tenant (initial domain)`,
      )
      .option('-o, --output <file>', 'file to write', DEFAULT_CONFIG_FILE)
      .option('--force', 'overwrite the file if it exists')
      .addOption(
        new Option('--offline', 'do not read a tenant; leave the tenant id and domain to fill in').conflicts([
          'emulator',
          'tenant',
        ]),
      ),
  ).action(async (options: InitOptions) => {
    await init(options, { cwd: process.cwd(), stderr: process.stderr });
  });
}
