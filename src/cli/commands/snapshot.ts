/**
 * `breakglass snapshot -o FILE`: exports the tenant (live, or the emulator) as a snapshot file
 * (../shared/spec/snapshot-format.md) for `breakglass audit --snapshot FILE`, review, diffing, or
 * seeding the emulator. Read-only. What could not be read is recorded in the file
 * (`collectionErrors`) and named on stderr; the file never holds secrets.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Connection } from '../../clients/connection.js';
import { collectSnapshot, type CollectResult } from '../../collect/collect.js';
import { loadConfig } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { serializeSnapshot, writeSnapshotFile } from '../../snapshot/write.js';
import { addConnectionOptions, withConnection, type ConnectionFlags } from '../connection.js';

/** The options of `breakglass snapshot`. */
export interface SnapshotOptions extends ConnectionFlags {
  output: string;
  config?: string;
}

/** What the command touches outside itself, so tests can run it in-process. */
export interface SnapshotIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  now(): Date;
  /** Runs work with a connection; defaults to the CLI's connection options. */
  withConnection?: <T>(work: (connection: Connection) => Promise<T>) => Promise<T>;
}

/** Collects and writes the snapshot; returns the collection (for tests and callers). */
export async function snapshot(options: SnapshotOptions, io: SnapshotIo): Promise<CollectResult> {
  if (!options.output) throw new UsageError('give -o FILE (or -o - for stdout)');
  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(options.config !== undefined ? { path: options.config } : {}),
  });
  const config = loaded?.config;
  const run =
    io.withConnection ?? (<T>(work: (c: Connection) => Promise<T>) => withConnection(options, config, work));
  const result = await run((connection) =>
    collectSnapshot(connection, { ...(config ? { config } : {}), now: io.now() }),
  );
  if (options.output === '-') io.stdout.write(serializeSnapshot(result.snapshot));
  else {
    try {
      await writeSnapshotFile(resolve(io.cwd, options.output), result.snapshot);
    } catch (error) {
      throw new UsageError(`cannot write the snapshot to ${options.output}: ${(error as Error).message}`);
    }
  }
  io.stderr.write(summary(result, options.output));
  return result;
}

/** The lines on stderr: what was written, what it cost, and what could not be read and why. */
export function summary(result: CollectResult, output: string): string {
  const g = result.snapshot.graph;
  const count = (list: unknown[] | undefined, noun: string) => (list ? `${list.length} ${noun}` : undefined);
  const parts = [
    count(g.conditionalAccessPolicies, 'CA policies'),
    count(g.users, 'users'),
    count(g.groups, 'groups'),
    count(result.snapshot.azure?.resources, 'Azure resources'),
  ].filter(Boolean);
  const where = output === '-' ? 'stdout' : output;
  const lines = [
    `breakglass: wrote the snapshot of tenant ${tenantOf(result)} to ${where} (${parts.join(', ')}; ${result.requests.requests} requests, ${result.requests.depth} rounds)`,
  ];
  for (const [name, error] of Object.entries(result.collectionErrors).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    lines.push(`breakglass: not collected: ${name} (${error.reason}): ${error.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

function tenantOf(result: CollectResult): string {
  const org = result.snapshot.graph.organization?.[0];
  return org ? `${org.displayName ?? org.id} (${org.id})` : 'unknown';
}

/** Registers `breakglass snapshot`. */
export function register(program: Command): void {
  addConnectionOptions(
    program
      .command('snapshot')
      .description(
        'export the tenant as a snapshot file for offline audit (read-only; never contains secrets)',
      )
      .requiredOption('-o, --output <file>', 'file to write (- for stdout)')
      .option(
        '--config <file>',
        'breakglass.yaml naming the accounts and monitoring subscription (default: ./breakglass.yaml when present)',
      ),
  ).action(async (options: SnapshotOptions) => {
    await snapshot(options, {
      cwd: process.cwd(),
      stdout: process.stdout,
      stderr: process.stderr,
      now: () => new Date(),
    });
  });
}
