/**
 * Test helpers for product ↔ emulator tests: start the emulator as a child process (through the
 * product's own launcher, src/clients/embedded-emulator.ts), connect to it the way the CLI does,
 * and clean up. Tests skip with a clear message only when the emulator program is not built.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection, type ConnectOptions } from '../../src/clients/connection.js';
import {
  startEmbeddedEmulator,
  type EmbeddedEmulator,
  type EmbeddedEmulatorOptions,
} from '../../src/clients/embedded-emulator.js';
import { EmulatorControl } from '../../src/clients/emulator-control.js';
import { emulatorEntry } from '../../src/paths.js';

/** Why emulator tests cannot run here, or undefined when they can. Pass it as `{ skip }`. */
export function emulatorSkipReason(): string | undefined {
  const entry = emulatorEntry();
  return existsSync(entry) ? undefined : `the emulator program is not built (${entry} is missing)`;
}

/** A running emulator for one test file. */
export interface TestEmulator {
  readonly emulator: EmbeddedEmulator;
  readonly control: EmulatorControl;
  /** Connects like `--emulator URL` does (published admin app unless credentials are given). */
  connect(options?: Omit<ConnectOptions, 'emulator' | 'emulatorCaPem' | 'env'>): Promise<Connection>;
  /** Stops the emulator and closes every connection made through `connect`. */
  stop(): Promise<void>;
}

/** Starts an emulator child process (port 0). */
export async function startTestEmulator(options: EmbeddedEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmbeddedEmulator(options);
  const control = new EmulatorControl(emulator.url, emulator.caPem);
  const connections: Connection[] = [];
  return {
    emulator,
    control,
    async connect(connectOptions = {}) {
      // An empty environment: the developer's own AZURE_* variables must not leak into tests.
      const connection = await connect({
        ...connectOptions,
        emulator: emulator.url,
        emulatorCaPem: emulator.caPem,
        env: {},
      });
      connections.push(connection);
      return connection;
    },
    async stop() {
      await Promise.all(connections.map((c) => c.close()));
      await emulator.stop();
    },
  };
}

/** A temp directory removed by the returned function. */
export function tempDir(prefix = 'breakglass-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
