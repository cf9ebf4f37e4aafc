/**
 * An emulated tenant for a benchmark: an embedded emulator (a child process, as the product starts
 * it) and a connection to one of its tenants, with helpers to audit it and to change its faults.
 */
import { connect, type Connection, type ConnectOptions } from '../../src/clients/connection.js';
import { startEmbeddedEmulator, type EmbeddedEmulator } from '../../src/clients/embedded-emulator.js';
import { EmulatorControl } from '../../src/clients/emulator-control.js';
import { collectSnapshot, type CollectResult } from '../../src/collect/collect.js';
import { runAudit } from '../../src/audit/run.js';
import type { AuditResult } from '../../src/checks/types.js';
import type { BreakglassConfig } from '../../src/config/schema.js';

/** A running emulator and its control plane. */
export interface BenchEmulator {
  readonly emulator: EmbeddedEmulator;
  readonly control: EmulatorControl;
  /** Connects to one of its tenants (the first loaded, unless named). */
  connect(options?: Omit<ConnectOptions, 'emulator' | 'emulatorCaPem'>): Promise<Connection>;
  stop(): Promise<void>;
}

/** Starts an embedded emulator with a built-in scenario and optional fault spec. */
export async function startBenchEmulator(scenario: string, faults?: string): Promise<BenchEmulator> {
  const emulator = await startEmbeddedEmulator({
    scenario,
    ...(faults ? { faults } : {}),
    timeoutMs: 120_000,
  });
  const control = new EmulatorControl(emulator.url, emulator.caPem);
  return {
    emulator,
    control,
    connect: (options = {}) =>
      connect({
        tenantId: emulator.tenants[0],
        ...options,
        emulator: emulator.url,
        emulatorCaPem: emulator.caPem,
        // Benchmarks run wherever npm does: credentials meant for a real tenant must not be picked up.
        env: {},
      }),
    stop: () => emulator.stop(),
  };
}

/** Runs `work` with an emulator of `scenario`, stopping it however the work ends. */
export async function withBenchEmulator<T>(
  scenario: string,
  work: (emulator: BenchEmulator) => Promise<T>,
  faults?: string,
): Promise<T> {
  const emulator = await startBenchEmulator(scenario, faults);
  try {
    return await work(emulator);
  } finally {
    await emulator.stop();
  }
}

/** One audit as the CLI makes it (collect, then every check and the lockout analysis), timed. */
export interface TimedAudit {
  readonly collected: CollectResult;
  readonly result: AuditResult;
  /** Wall time of the whole audit, and of its parts, in ms. */
  readonly ms: number;
  readonly collectMs: number;
  readonly checksMs: number;
}

/** Audits the tenant behind `connection` once. */
export async function auditOnce(connection: Connection, config?: BreakglassConfig): Promise<TimedAudit> {
  const start = performance.now();
  const collected = await collectSnapshot(connection, config ? { config } : {});
  const collectedAt = performance.now();
  const result = runAudit({
    snapshot: collected.snapshot,
    ...(config ? { config } : {}),
    collectionErrors: collected.collectionErrors,
    startedAt: new Date(),
  });
  const end = performance.now();
  return { collected, result, ms: end - start, collectMs: collectedAt - start, checksMs: end - collectedAt };
}
