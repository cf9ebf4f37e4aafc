/**
 * Starting the emulator as a child process for one run (`--emulator` with no URL, `npm start`,
 * tests). The emulator is a separate program that the product never imports
 * (docs/architecture.md): we run `node <buildRoot>/emulator/src/main.js --port 0 …` and wait for
 * the line it prints for programs:
 *
 *     BREAKGLASS_EMULATOR_READY {"url":"https://127.0.0.1:PORT","caFile":"…/ca.pem","tenants":["…"]}
 *
 * The child must not outlive us. `stop()` ends it; a forgotten one is killed when this process
 * exits normally; and if this process dies abruptly (SIGKILL, crash), the child notices its stdin
 * pipe closing and exits — a one-line watchdog loaded into it with `--import`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { emulatorEntry } from '../paths.js';

/** The marker of the machine-readable start-up line. */
export const READY_MARKER = 'BREAKGLASS_EMULATOR_READY';

/** What the ready line says. */
export interface ReadyInfo {
  readonly url: string;
  readonly caFile: string;
  readonly tenants: readonly string[];
}

/** How to start an embedded emulator; every field is optional. */
export interface EmbeddedEmulatorOptions {
  /** Built-in scenario (`healthy`, `drifted`, `empty`, `large`); the emulator's default if unset. */
  readonly scenario?: string;
  /** A tenant file to load instead of a scenario. */
  readonly tenantFile?: string;
  /** Fault spec, e.g. `throttle=0.1,drop=0.02`. */
  readonly faults?: string;
  /** Where the emulator keeps its CA and keys; unset = a temp dir removed when the emulator stops. */
  readonly dataDir?: string;
  readonly seed?: number;
  /** Port; 0 (default) lets the system pick a free one. */
  readonly port?: number;
  /** Give up waiting for the ready line after this long (default 30 s: the first start makes keys). */
  readonly timeoutMs?: number;
  /** The emulator program; defaults to the one in this build. */
  readonly entry?: string;
}

/** A running embedded emulator. */
export interface EmbeddedEmulator {
  /** Base URL, `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** The emulator's CA certificate (PEM), to trust for every request. */
  readonly caPem: string;
  readonly caFile: string;
  /** Ids of the tenants it loaded. */
  readonly tenants: readonly string[];
  readonly pid: number;
  /** Recent output of the child (for error messages and test failures). */
  output(): string;
  /** Ends the child and waits for it to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Parses a ready line; undefined for any other line. */
export function parseReadyLine(line: string): ReadyInfo | undefined {
  const at = line.indexOf(READY_MARKER);
  if (at < 0) return undefined;
  try {
    const info = JSON.parse(line.slice(at + READY_MARKER.length).trim()) as Partial<ReadyInfo>;
    if (typeof info.url !== 'string' || typeof info.caFile !== 'string') return undefined;
    return { url: info.url, caFile: info.caFile, tenants: Array.isArray(info.tenants) ? info.tenants : [] };
  } catch {
    return undefined;
  }
}

/** The emulator's command-line arguments for some options. */
export function emulatorArgs(options: EmbeddedEmulatorOptions): string[] {
  const args = ['--port', String(options.port ?? 0)];
  const pass = (flag: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') args.push(flag, String(value));
  };
  pass('--scenario', options.scenario);
  pass('--tenant', options.tenantFile);
  pass('--faults', options.faults);
  pass('--data', options.dataDir);
  pass('--seed', options.seed);
  return args;
}

/**
 * A module loaded into the child with `--import`: when our end of its stdin closes — which happens
 * however this process dies — it removes the temp data dir we made for it and exits. (The emulator
 * does not read stdin.)
 */
export function watchdogModule(tempDir: string | undefined): string {
  const code =
    `import { rmSync } from 'node:fs';` +
    `const dir = ${JSON.stringify(tempDir ?? null)};` +
    `const bye = () => { if (dir) { try { rmSync(dir, { recursive: true, force: true }); } catch {} } process.exit(0); };` +
    `process.stdin.on('end', bye).on('error', bye).resume();`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

/** Children still running, and the temp dirs to remove with them. */
const running = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous; kill and rmSync are.
  process.on('exit', () => {
    for (const [child, tempDir] of running) {
      child.kill('SIGKILL');
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }
  });
}

/** Starts the emulator and resolves once it is ready to serve. */
export async function startEmbeddedEmulator(
  options: EmbeddedEmulatorOptions = {},
): Promise<EmbeddedEmulator> {
  const entry = options.entry ?? emulatorEntry();
  if (!existsSync(entry)) {
    throw new UsageError(
      `the emulator program is missing (${entry}); build the package first (npm run build)`,
    );
  }
  // We own the data dir when none is given, so it is removed however the child ends.
  const tempDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'breakglass-embedded-'));
  const args = emulatorArgs({ ...options, dataDir: options.dataDir ?? tempDir });
  const child = spawn(process.execPath, ['--import', watchdogModule(tempDir), entry, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.set(child, tempDir);
  installExitHook();
  // Neither the child nor its pipes keep this process alive: a CLI run ends when its work does.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void }).unref?.();

  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
  };
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      resolve();
    });
  });

  const ready = await new Promise<ReadyInfo>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => fail(`the emulator did not start within ${timeoutMs} ms`), timeoutMs);
    let buffered = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      // Clean up now: this process may end before the child's exit event arrives.
      running.delete(child);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      const tail = recent.slice(-5).join(' | ');
      reject(new UsageError(tail ? `${message}: ${tail}` : message));
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // Keep reading both streams for the child's whole life, or it blocks on a full pipe.
    child.stderr.on('data', (chunk: string) => chunk.split(/\r?\n/).filter(Boolean).forEach(remember));
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        remember(line);
        const info = parseReadyLine(line);
        if (info) {
          clearTimeout(timer);
          resolve(info);
        }
      }
    });
    child.once('error', (error) => fail(`cannot start the emulator: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`the emulator exited before it was ready (${signal ?? `code ${code}`})`),
    );
  });

  const caPem = readFileSync(ready.caFile, 'utf8');
  return {
    url: ready.url,
    caPem,
    caFile: ready.caFile,
    tenants: ready.tenants,
    pid: child.pid ?? 0,
    output: () => recent.join('\n'),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
