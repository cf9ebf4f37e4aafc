/**
 * Timing whole processes: cold starts of `node` itself and of `breakglass`, run alternately so
 * that drift on a shared machine hits both sides alike.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRoot, packageRoot } from '../../src/paths.js';
import { median } from './stats.js';

/** A command to time: arguments to `node`, and the exit codes that count as success. */
export interface TimedCommand {
  readonly args: readonly string[];
  readonly okExitCodes?: readonly number[];
  readonly cwd?: string;
  /** Extra environment, computed afresh for every run (e.g. an empty cache directory each time). */
  readonly env?: () => Readonly<Record<string, string>>;
}

/** Runs `node …args` once and returns its wall time in ms; rejects on an unexpected exit code. */
export function timeProcess(command: TimedCommand): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...command.args], {
      cwd: command.cwd ?? packageRoot(),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...command.env?.() },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - start;
      if ((command.okExitCodes ?? [0]).includes(code ?? -1)) resolvePromise(ms);
      else
        reject(
          new Error(`node ${command.args.join(' ')} exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`),
        );
    });
  });
}

/** Median wall times of several commands over `runs` rounds, each round running every command once. */
export async function medianProcessTimes(commands: readonly TimedCommand[], runs: number): Promise<number[]> {
  const times: number[][] = commands.map(() => []);
  for (let round = 0; round < runs; round++)
    for (const [i, command] of commands.entries()) times[i]!.push(await timeProcess(command));
  return times.map(median);
}

/** `node -e 0`: the cost of starting node at all, the baseline of every process timing. */
export const NODE_BASELINE: TimedCommand = { args: ['-e', '0'] };

let launcher: string | undefined;

/**
 * The `breakglass` program of this build. From `dist/` that is `bin/breakglass.js` itself; from
 * another output directory (a developer's own build) it is a copy of that launcher pointing at
 * this build, so the figures are of the code that was just compiled.
 */
export function breakglassProgram(): string {
  const root = packageRoot();
  if (resolve(buildRoot()) === resolve(root, 'dist')) return join(root, 'bin', 'breakglass.js');
  if (!launcher) {
    const dir = mkdtempSync(join(tmpdir(), 'breakglass-bench-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    launcher = join(dir, 'breakglass.mjs');
    const main = pathToFileURL(join(buildRoot(), 'src', 'cli', 'main.js')).href;
    writeFileSync(
      launcher,
      `import(${JSON.stringify(main)}).then((m) => m.main(process.argv)).catch((err) => {\n` +
        `  process.stderr.write(\`breakglass: \${err && err.message ? err.message : String(err)}\\n\`);\n` +
        `  process.exitCode = 2;\n});\n`,
    );
  }
  return launcher;
}
