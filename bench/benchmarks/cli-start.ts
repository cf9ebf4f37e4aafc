/**
 * `cli.start`: a cold `breakglass --version`, against `node -e 0` in the same run — what the tool
 * adds to starting node (module loading, mostly).
 */
import type { Benchmark } from '../benchmark.js';
import { breakglassProgram, medianProcessTimes, NODE_BASELINE } from '../lib/processes.js';
import { result } from '../lib/result.js';

const RUNS = 7;

export const cliStart: Benchmark = {
  name: 'cli.start',
  summary: '`breakglass --version`, cold process, against `node -e 0`',
  async run() {
    const [version, node] = await medianProcessTimes(
      [{ args: [breakglassProgram(), '--version'] }, NODE_BASELINE],
      RUNS,
    );
    return [
      result({
        name: 'cli.start',
        value: version!,
        unit: 'ms',
        limit: node!,
        digits: 0,
        notes: [`bar ratio ≤ 3`, `limit = node -e 0 in the same run; medians of ${RUNS}, alternating`],
      }),
    ];
  },
};
