/**
 * `audit.requests.small` / `.large`: requests of one audit of the small tenant (20 CA policies,
 * 500 users) and of the large one (195 policies, 50,000 users, 5,000 groups). Large costs no more
 * than small plus the continuation pages its longer lists need: nothing is read per policy or per
 * user (reads inside `$batch` requests are shown in the notes, to make that visible).
 */
import type { Benchmark } from '../benchmark.js';
import { logRequests, summarizeRequests, type RequestSummary } from '../lib/request-log.js';
import { result } from '../lib/result.js';
import { auditOnce, withBenchEmulator } from '../lib/tenant.js';

interface Measured {
  readonly summary: RequestSummary;
  readonly policies: number;
}

async function measure(scenario: 'small' | 'large'): Promise<Measured> {
  return withBenchEmulator(scenario, async (tenant) => {
    const connection = await tenant.connect();
    const log = logRequests(connection);
    const audit = await auditOnce(connection);
    return {
      summary: summarizeRequests(log),
      policies: audit.collected.snapshot.graph.conditionalAccessPolicies?.length ?? 0,
    };
  });
}

const describe = (m: Measured) =>
  `${m.summary.batchItems} reads inside $batch, ${m.summary.pages} continuation pages, ${m.policies} CA policies`;

export const auditRequests: Benchmark = {
  name: 'audit.requests',
  summary: 'requests of one audit, small tenant and large tenant',
  async run() {
    const [small, large] = await Promise.all([measure('small'), measure('large')]);
    const extraPages = Math.max(0, large.summary.pages - small.summary.pages);
    return [
      result({
        name: 'audit.requests.small',
        value: small.summary.requests,
        unit: 'requests',
        notes: [describe(small)],
      }),
      result({
        name: 'audit.requests.large',
        value: large.summary.requests,
        unit: 'requests',
        limit: small.summary.requests + extraPages,
        notes: [`bar: large ≤ small + pages (${small.summary.requests} + ${extraPages})`, describe(large)],
      }),
    ];
  },
};
