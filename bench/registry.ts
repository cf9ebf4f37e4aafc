/**
 * Every benchmark of `npm run bench`, in the order they run and print (../shared/spec/benchmarks.md).
 * Adding one: a module in ./benchmarks, and a line here.
 */
import type { Benchmark } from './benchmark.js';
import { applyPacing } from './benchmarks/apply-pacing.js';
import { auditDepth } from './benchmarks/audit-depth.js';
import { auditRequests } from './benchmarks/audit-requests.js';
import { auditSnapshot } from './benchmarks/audit-snapshot.js';
import { auditWall } from './benchmarks/audit-wall.js';
import { cliStart } from './benchmarks/cli-start.js';
import { fleet } from './benchmarks/fleet.js';
import { lockoutEval } from './benchmarks/lockout-eval.js';

export const benchmarks: readonly Benchmark[] = [
  auditDepth,
  auditRequests,
  auditWall,
  cliStart,
  auditSnapshot,
  lockoutEval,
  fleet,
  applyPacing,
];

/**
 * The benchmarks a command line names, in registry order; all of them for none. A name selects the
 * benchmark of that name, one of its results (`audit.requests.small`), or a family
 * (`audit` → every `audit.*`). Unknown names are returned separately.
 */
export function selectBenchmarks(
  names: readonly string[],
  all: readonly Benchmark[] = benchmarks,
): { selected: Benchmark[]; unknown: string[] } {
  if (names.length === 0) return { selected: [...all], unknown: [] };
  const matches = (benchmark: Benchmark, name: string) =>
    benchmark.name === name || benchmark.name.startsWith(`${name}.`) || name.startsWith(`${benchmark.name}.`);
  return {
    selected: all.filter((b) => names.some((n) => matches(b, n))),
    unknown: names.filter((n) => !all.some((b) => matches(b, n))),
  };
}
