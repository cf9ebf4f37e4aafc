/** What a benchmark is: a name, a one-line summary, and a run that yields its figures. */
import type { BenchResult } from './lib/result.js';

export interface Benchmark {
  /** The name on the command line (`node dist/bench/run.js NAME`); results are NAME or NAME.suffix. */
  readonly name: string;
  readonly summary: string;
  /** Measures. Rejecting is allowed: the runner reports the benchmark as not run, with the reason. */
  run(): Promise<BenchResult[]>;
}
