/**
 * `audit.wall.latency100`: wall time of one large audit (collect + every check) with 100 ms added
 * to every emulator response. Bounded by round trips, it should be close to depth × 100 ms. The
 * same audit with no added latency (the loopback floor: emulator and product compute) is measured
 * too, since wall ≈ depth × latency + floor explains any excess.
 */
import type { Benchmark } from '../benchmark.js';
import { result } from '../lib/result.js';
import { median } from '../lib/stats.js';
import { auditOnce, withBenchEmulator } from '../lib/tenant.js';
import type { Connection } from '../../src/clients/connection.js';

const LATENCY_MS = 100;
const RUNS = 5;
/**
 * Audits before the measured ones. Tokens and connections are ready after one, but V8 optimises
 * the checks' and the collector's code only after a few: measured, the second to fourth audits of
 * a process are 15–25 % slower than the ones after. The figure is the steady state; every
 * measured run is in the notes.
 */
const WARM_UPS = 3;

async function audits(connection: Connection, runs: number) {
  const timings = [];
  for (let i = 0; i < runs; i++) timings.push(await auditOnce(connection));
  return timings;
}

export const auditWall: Benchmark = {
  name: 'audit.wall.latency100',
  summary: 'wall time of one large audit with 100 ms added to every response',
  run: () =>
    withBenchEmulator(
      'large',
      async (tenant) => {
        const connection = await tenant.connect();
        // Tokens, connections and JIT are a first-audit cost, not an audit's: warm them first.
        for (let i = 0; i < WARM_UPS; i++) await auditOnce(connection);
        const slow = await audits(connection, RUNS);
        await tenant.control.setFaults({ latency: 0 });
        const fast = await audits(connection, RUNS);
        const depth = Math.max(...slow.map((a) => a.collected.requests.depth));
        const wall = median(slow.map((a) => a.ms));
        return [
          result({
            name: 'audit.wall.latency100',
            value: wall,
            unit: 'ms',
            limit: depth * LATENCY_MS,
            digits: 0,
            notes: [
              'bar ratio ≤ 1.3',
              `limit = depth ${depth} × ${LATENCY_MS} ms; median of ${RUNS} after ${WARM_UPS} warm-up audits (runs: ${slow.map((a) => Math.round(a.ms)).join(', ')} ms)`,
              `collect ${Math.round(median(slow.map((a) => a.collectMs)))} ms + checks ${Math.round(median(slow.map((a) => a.checksMs)))} ms`,
              `same audit at 0 ms latency: ${Math.round(median(fast.map((a) => a.ms)))} ms (collect ${Math.round(median(fast.map((a) => a.collectMs)))} ms)`,
            ],
          }),
        ];
      },
      `latency=${LATENCY_MS}`,
    ),
};
