/**
 * `npm run bench` (`node dist/bench/run.js [name…]`): runs the benchmarks of ./registry.ts — all of
 * them, or those named — prints one table and writes `bench/results.json`.
 *
 * Each benchmark runs in a process of its own (this file again, with `--child NAME`), so that one
 * benchmark's memory, warmed-up code or loaded modules do not flatter or burden the next — peak RSS
 * and cold module loading are among the figures. A benchmark that fails or hangs is reported as not
 * run, with the reason; benchmarks never fail the command (exit 0), only a wrong command line does.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/paths.js';
import type { Benchmark } from './benchmark.js';
import { benchmarks, selectBenchmarks } from './registry.js';
import { failed, type BenchResult } from './lib/result.js';
import { renderTable } from './lib/table.js';

/** Longest a benchmark may take before it is stopped and reported as not run. */
const TIMEOUT_MS = 240_000;

/** What a child sends back. */
type ChildMessage = { results: BenchResult[] } | { error: string };

/** Runs one benchmark in a child process; never rejects. */
function runInChild(benchmark: Benchmark): Promise<BenchResult[]> {
  return new Promise((resolve) => {
    // An empty cache directory of its own (src/cache-directory.ts): no benchmark is flattered by
    // what an earlier run left in ~/.cache, and none leaves anything there.
    const cacheDir = mkdtempSync(join(tmpdir(), 'breakglass-bench-cache-'));
    const child = fork(fileURLToPath(import.meta.url), ['--child', benchmark.name], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, BREAKGLASS_CACHE_DIR: cacheDir },
    });
    let answer: ChildMessage | undefined;
    const timer = setTimeout(() => {
      answer ??= { error: `stopped after ${TIMEOUT_MS / 1000} s` };
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => (answer ??= message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(cacheDir, { recursive: true, force: true });
      const got = answer ?? {
        error: `the benchmark process exited (${signal ?? `code ${code}`}) without results`,
      };
      resolve('results' in got ? got.results : [failed(benchmark.name, got.error)]);
    });
  });
}

/** Child side: runs the named benchmark and sends its results to the parent. */
async function child(name: string): Promise<void> {
  const benchmark = benchmarks.find((b) => b.name === name);
  let message: ChildMessage;
  try {
    if (!benchmark) throw new Error(`no benchmark ${name}`);
    message = { results: await benchmark.run() };
  } catch (error) {
    message = { error: error instanceof Error ? error.message : String(error) };
  }
  // Exit once the message is out: a pooled socket or timer left behind must not hold the run up.
  process.send?.(message, () => process.exit(0));
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1] ?? '');
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(
      `usage: node dist/bench/run.js [name…]\n\n${benchmarks.map((b) => `  ${b.name.padEnd(24)} ${b.summary}`).join('\n')}\n`,
    );
    return;
  }
  const { selected, unknown } = selectBenchmarks(argv);
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(', ')} (known: ${benchmarks.map((b) => b.name).join(', ')})\n`,
    );
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const results: BenchResult[] = [];
  for (const benchmark of selected) {
    const start = performance.now();
    process.stderr.write(`bench: ${benchmark.name} …`);
    const rows = await runInChild(benchmark);
    results.push(...rows);
    process.stderr.write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`\n${renderTable(results)}`);
  const file = join(packageRoot(), 'bench', 'results.json');
  mkdirSync(join(packageRoot(), 'bench'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(
    `bench: ${selected.length} benchmark(s) in ${((performance.now() - started) / 1000).toFixed(0)} s; wrote bench/results.json\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
