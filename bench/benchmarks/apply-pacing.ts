/**
 * `apply.exclusions.pacing`: add the break-glass group's exclusion to 100 CA policies while the
 * emulator enforces the Conditional Access write limit (scaled to 20 writes/s) and the product's
 * pacer aims at the same rate. Bounded by the limit, it takes 100 / 20 = 5 s; the pacer's margin
 * costs a few percent. `apply.exclusions.pacing.429s` counts the 429s after the first — the pacer
 * should meet none. The real `plan` → `apply` path runs: buildPlan, applyPlan with the Graph port,
 * the lockout gate and an in-memory state store; afterwards every policy is re-read.
 */
import type { Benchmark } from '../benchmark.js';
import { result } from '../lib/result.js';
import { tenantWithUnexcludedPolicies, type TenantDocument } from '../lib/tenant-documents.js';
import { withBenchEmulator } from '../lib/tenant.js';
import { applyPlan } from '../../src/apply/apply.js';
import { armPort } from '../../src/apply/arm-port.js';
import { lockoutGate } from '../../src/apply/gate.js';
import { graphPort } from '../../src/apply/graph-port.js';
import { GraphClient } from '../../src/clients/graph.js';
import { collectSnapshot } from '../../src/collect/collect.js';
import { configSchema } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';
import { StateStore } from '../../src/state/store.js';

const POLICIES = 100;
const WRITES_PER_SECOND = 20;

export const applyPacing: Benchmark = {
  name: 'apply.exclusions.pacing',
  summary: `add the group's exclusion to ${POLICIES} policies under a CA write limit of ${WRITES_PER_SECOND}/s`,
  run: () =>
    withBenchEmulator(
      'healthy',
      async (tenant) => {
        // Exclude-all: every policy must exclude the group, and there is no dedicated policy to write.
        const config = configSchema.parse({ model: 'exclude-all' });
        const tenantId = tenant.emulator.tenants[0]!;
        const base = (await tenant.control.snapshot(tenantId, true)) as TenantDocument;
        const { document, groupId } = tenantWithUnexcludedPolicies(base, config.group.displayName, POLICIES);
        await tenant.control.putTenant(tenantId, document);

        const connection = await tenant.connect({ tenantId, pacing: { writesPerSecond: WRITES_PER_SECOND } });
        const collect = async () => (await collectSnapshot(connection, { config })).snapshot;
        const current = await collect();
        const plan = buildPlan(current, config, { now: new Date() });
        const writes = plan.changes.filter((c) => c.action !== 'no-op' && c.action !== 'manual');
        const exclusions = writes.filter((c) => c.kind === 'ca-exclusion').length;
        const others = writes.length - exclusions;

        const store = new StateStore(':memory:');
        const start = performance.now();
        try {
          await applyPlan(
            {
              graph: graphPort(new GraphClient(connection)),
              arm: armPort(connection),
              collect,
              store,
              now: () => new Date(),
              log: () => undefined,
            },
            {
              plan,
              config,
              tenantId: connection.tenantId,
              gate: lockoutGate(collect, config),
              currentSnapshot: current,
            },
          );
        } finally {
          store.close();
        }
        const seconds = (performance.now() - start) / 1000;
        const throttled = connection.pacer.throttled;

        const after = (await collect()).graph.conditionalAccessPolicies ?? [];
        const excluding = after.filter((p) =>
          (p.conditions.users?.excludeGroups ?? []).some((id) => id.toLowerCase() === groupId.toLowerCase()),
        ).length;
        const limit = POLICIES / WRITES_PER_SECOND;
        return [
          result({
            name: 'apply.exclusions.pacing',
            value: seconds,
            unit: 's',
            limit,
            notes: [
              'bar ratio ≤ 1.15',
              `limit = ${POLICIES} writes / ${WRITES_PER_SECOND} per s; the pacer aims ${Math.round(connection.pacer.interval)} ms apart`,
              `plan: ${exclusions} exclusions${others ? ` + ${others} other writes` : ''}; afterwards ${excluding}/${after.length} policies exclude the group`,
            ],
          }),
          result({
            name: 'apply.exclusions.pacing.429s',
            value: Math.max(0, throttled - 1),
            unit: '429s',
            limit: 0,
            digits: 0,
            notes: [`bar: zero 429s after the first`, `${throttled} 429 answer(s) in all`],
          }),
        ];
      },
      `caWriteLimit=${WRITES_PER_SECOND}`,
    ),
};
