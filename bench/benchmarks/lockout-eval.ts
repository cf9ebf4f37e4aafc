/**
 * `lockout.eval`: the lockout analysis of EA-CA-004 (`evaluateLockout`, src/lockout) for the large
 * tenant's 195 CA policies × its 4 emergency accounts, in-process, median of many runs. It runs on
 * the tenant as the collector reads it; the same analysis over the full directory export (50,000
 * users) is in the notes, since an offline audit can be given one.
 */
import type { Benchmark } from '../benchmark.js';
import { result } from '../lib/result.js';
import { median } from '../lib/stats.js';
import { withBenchEmulator } from '../lib/tenant.js';
import { collectSnapshot } from '../../src/collect/collect.js';
import { evaluateLockout } from '../../src/lockout/index.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import type { GraphSnapshot } from '../../src/snapshot/schema.js';

const LIMIT_MS = 50;
const WARMUP = 3;
const MAX_RUNS = 100;
/** Stop earlier than MAX_RUNS once this much time went into one measurement. */
const BUDGET_MS = 4_000;

/**
 * The graph as a new snapshot of the same tenant would hold it: the lockout analysis shares its
 * answers among the callers of one audit (per graph and policy object), and a run must not be
 * answered from an earlier run's.
 */
function afresh(graph: GraphSnapshot): GraphSnapshot {
  return { ...graph, conditionalAccessPolicies: graph.conditionalAccessPolicies?.map((p) => ({ ...p })) };
}

/** Median ms of `evaluateLockout(graph, accounts)` and how many runs it took. */
export function timeEvaluation(
  graph: GraphSnapshot,
  accounts: { id: string; userPrincipalName: string }[],
): { ms: number; runs: number } {
  for (let i = 0; i < WARMUP; i++) evaluateLockout(afresh(graph), accounts);
  const times: number[] = [];
  const start = performance.now();
  while (times.length < MAX_RUNS && (times.length < 5 || performance.now() - start < BUDGET_MS)) {
    const copy = afresh(graph);
    const t = performance.now();
    evaluateLockout(copy, accounts);
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times.length };
}

export const lockoutEval: Benchmark = {
  name: 'lockout.eval',
  summary: 'evaluateLockout for the large tenant: 195 policies × 4 accounts, in-process',
  run: () =>
    withBenchEmulator('large', async (tenant) => {
      const connection = await tenant.connect();
      const { snapshot } = await collectSnapshot(connection);
      const accounts = (snapshot.graph.users ?? []).map((u) => ({
        id: u.id,
        userPrincipalName: u.userPrincipalName,
      }));
      const policies = snapshot.graph.conditionalAccessPolicies?.length ?? 0;
      const collected = timeEvaluation(snapshot.graph, accounts);
      const full = validateSnapshot(
        await tenant.control.snapshot(tenant.emulator.tenants[0]!),
        'the full export',
      );
      const everything = timeEvaluation(full.graph, accounts);
      return [
        result({
          name: 'lockout.eval',
          value: collected.ms,
          unit: 'ms',
          limit: LIMIT_MS,
          digits: 1,
          notes: [
            'bar ≤ 50 ms',
            `${policies} policies × ${accounts.length} accounts; median of ${collected.runs}`,
            `over the full export (${full.graph.users?.length ?? 0} users): ${everything.ms.toFixed(1)} ms (median of ${everything.runs})`,
          ],
        }),
      ];
    }),
};
