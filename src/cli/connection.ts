/**
 * The options every tenant command shares for choosing what to connect to, and their resolution
 * into a `Connection` (src/clients/connection.ts). Usage in a command file:
 *
 * ```ts
 * const command = addConnectionOptions(program.command('audit'));
 * command.action(async (opts) => {
 *   await withConnection(opts, config, async (connection) => {
 *     const graph = new GraphClient(connection);
 *     …
 *   });
 * });
 * ```
 *
 * Options: `--emulator [url]` (an emulator URL, or no URL to start an embedded one for this run;
 * also `BREAKGLASS_EMULATOR`), `--scenario NAME` (embedded emulator only, default `drifted`),
 * `--tenant ID` (live tenant id, or which emulator tenant), `--cloud global|usgov|china`.
 * Credentials come from the environment (`AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, … see
 * src/clients/credential.ts).
 */
import { Option, type Command } from 'commander';
import type { BreakglassConfig } from '../config/schema.js';
import type { Connection, ConnectOptions } from '../clients/connection.js';
import { CLOUD_NAMES, type CloudName } from '../clients/endpoints.js';

/** The connection options as commander parses them. */
export interface ConnectionFlags {
  /** A URL, or `true` for `--emulator` given without one. */
  readonly emulator?: string | true;
  readonly scenario?: string;
  readonly tenant?: string;
  readonly cloud?: CloudName;
}

/** Adds `--emulator [url]`, `--scenario`, `--tenant` and `--cloud` to a command; returns it. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--emulator [url]',
        'use the emulator at URL instead of Microsoft; with no URL, start one for this run (env BREAKGLASS_EMULATOR)',
      ),
    )
    .addOption(
      new Option('--scenario <name>', 'scenario of the emulator started by --emulator (default: drifted)'),
    )
    .addOption(
      new Option('--tenant <id>', 'tenant id (default: AZURE_TENANT_ID or tenant.id in breakglass.yaml)'),
    )
    .addOption(
      new Option('--cloud <name>', 'cloud of the tenant (default: tenant.cloud, else global)').choices(
        CLOUD_NAMES,
      ),
    );
}

/** The parts of the config that bear on connecting. */
export type ConnectionConfig = Pick<BreakglassConfig, 'tenant'>;

/**
 * The connect options for some flags and config: flags win over the config, the config over the
 * environment (which `connect` reads last).
 */
export function connectOptionsFrom(
  flags: ConnectionFlags,
  config?: ConnectionConfig,
  extra: Omit<ConnectOptions, 'emulator' | 'scenario' | 'tenantId' | 'cloud'> = {},
): ConnectOptions {
  return {
    ...extra,
    emulator: flags.emulator,
    scenario: flags.scenario,
    tenantId: flags.tenant ?? config?.tenant.id,
    cloud: flags.cloud ?? config?.tenant.cloud,
  };
}

/**
 * Connects for a command; close the connection when done (or use `withConnection`). The client
 * stack (@azure/identity, the ARM SDKs, MSAL: hundreds of modules) is loaded here, on first
 * connect, so a command that never connects — an offline `audit --snapshot` — does not pay for it.
 */
export async function openConnection(
  flags: ConnectionFlags,
  config?: ConnectionConfig,
  extra?: Omit<ConnectOptions, 'emulator' | 'scenario' | 'tenantId' | 'cloud'>,
): Promise<Connection> {
  const { connect } = await import('../clients/connection.js');
  return connect(connectOptionsFrom(flags, config, extra));
}

/** Connects, runs `work`, and always closes the connection (stopping an embedded emulator). */
export async function withConnection<T>(
  flags: ConnectionFlags,
  config: ConnectionConfig | undefined,
  work: (connection: Connection) => Promise<T>,
  extra?: Omit<ConnectOptions, 'emulator' | 'scenario' | 'tenantId' | 'cloud'>,
): Promise<T> {
  const connection = await openConnection(flags, config, extra);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
