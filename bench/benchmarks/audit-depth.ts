/**
 * `audit.depth`: the longest chain of HTTP requests that wait on one another in one audit of the
 * large tenant — what wall time under latency is proportional to. The collector's recorder
 * measures it (src/clients/recorder.ts). Limit: the data dependencies, 3 rounds.
 */
import type { Benchmark } from '../benchmark.js';
import { result } from '../lib/result.js';
import { auditOnce, withBenchEmulator } from '../lib/tenant.js';

/** Rounds the catalogue's data needs: tenant facts and lists → what they name → per-account details. */
export const DEPTH_LIMIT = 3;

export const auditDepth: Benchmark = {
  name: 'audit.depth',
  summary: 'longest chain of dependent requests in one audit of the large tenant',
  run: () =>
    withBenchEmulator('large', async (tenant) => {
      const connection = await tenant.connect();
      const audit = await auditOnce(connection);
      const { requests } = audit.collected;
      return [
        result({
          name: 'audit.depth',
          value: requests.depth,
          unit: 'rounds',
          limit: DEPTH_LIMIT,
          notes: [
            'bar ≤ 3',
            `large tenant, accounts from the group; ${requests.requests} requests (${describeServices(requests.byService)})`,
          ],
        }),
      ];
    }),
};

/** `graph 3, arm 5`. */
export function describeServices(byService: Readonly<Record<string, number>>): string {
  return Object.entries(byService)
    .map(([service, count]) => `${service} ${count}`)
    .join(', ');
}
