/**
 * What `breakglass signins`, `drill` and `kql` share: the config, the state store's location, a
 * connection to the tenant, the tenant's clock, and the emergency accounts resolved the way the
 * audit resolves them.
 */
import { Option } from 'commander';
import type { Connection } from '../clients/connection.js';
import { loadConfig } from '../config/load.js';
import { defaultConfig, type BreakglassConfig } from '../config/schema.js';
import type { StateLocation } from '../drills/state.js';
import { UsageError } from '../errors.js';
import { withConnection, type ConnectionFlags } from '../cli/connection.js';
import { readTenant, tenantNow, type TenantView } from './tenant.js';

/** Options every tenant command of this family takes. */
export interface TenantCommandOptions extends ConnectionFlags {
  config?: string;
  state?: string;
}

/** What a command touches outside itself, so tests can run it in-process. */
export interface CommandIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** One command's view of its tenant. */
export interface TenantSession {
  connection: Connection;
  /** The loaded breakglass.yaml, undefined when there is none. */
  config: BreakglassConfig | undefined;
  /** The config, or the defaults. */
  settings: BreakglassConfig;
  view: TenantView;
  /** The tenant's clock at the start of the command. */
  now: Date;
  state: StateLocation;
}

/** The process's own IO. */
export function processIo(): CommandIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/**
 * Loads the config, connects, reads the tenant and its emergency accounts, runs `work`, and
 * closes the connection. No emergency account found is a one-line usage error saying where
 * they were looked for.
 */
export async function withTenantSession<T>(
  options: TenantCommandOptions,
  io: CommandIo,
  work: (session: TenantSession) => Promise<T>,
): Promise<T> {
  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(options.config !== undefined ? { path: options.config } : {}),
  });
  const config = loaded?.config;
  const settings = config ?? defaultConfig();
  return withConnection(
    options,
    config,
    async (connection) => {
      const now = await tenantNow(connection);
      const view = await readTenant(connection, config, now);
      if (view.accounts.length === 0) {
        throw new UsageError(
          config
            ? `none of the emergency accounts in ${loaded?.file ?? 'the config'} exists in tenant ${view.tenantId}`
            : `no breakglass.yaml, and the group ${settings.group.displayName} has no user members in tenant ${view.tenantId}`,
        );
      }
      return work({
        connection,
        config,
        settings,
        view,
        now,
        state: { cwd: io.cwd, ...(options.state !== undefined ? { path: options.state } : {}) },
      });
    },
    { env: io.env },
  );
}

/** `--state` as every drill-aware command spells it. */
export function stateOption(): Option {
  return new Option('--state <file>', 'the state store holding the drills (default: .breakglass/state.db)');
}

/** `--config` as every drill-aware command spells it. */
export function configOption(): Option {
  return new Option(
    '--config <file>',
    "breakglass.yaml (default: ./breakglass.yaml when present; without one the accounts are the break-glass group's members)",
  );
}
