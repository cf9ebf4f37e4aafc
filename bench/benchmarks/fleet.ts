/**
 * `fleet.1000`: audit 1,000 emulated tenants from one process. One emulator holds them all (the
 * `healthy` tenant, without its activity, copied under 1,000 tenant ids); each is audited with its
 * own `connect()`, 32 at a time, with 20 ms added to every response. Bounded by round trips, the
 * run takes per-tenant depth × latency × ⌈1000 / 32⌉. Also: this process's peak RSS, against
 * 400 MB (`fleet.1000.rss`). CPU seconds of this process and of the emulator are in the notes:
 * with two cores, compute — not round trips — may be what bounds a fleet.
 *
 * Loading and auditing each have a time budget, so that `npm run bench` stays within minutes on a
 * slow machine: when one runs out, no further tenant is started, the figure is for the tenants
 * audited (the limit scales with their number), and the notes say so.
 */
import type { Benchmark } from '../benchmark.js';
import { ownCpuSeconds, processCpuSeconds } from '../lib/cpu.js';
import { mapConcurrent } from '../lib/pool.js';
import { result } from '../lib/result.js';
import { median } from '../lib/stats.js';
import { fleetTenant, withoutActivity, type TenantDocument } from '../lib/tenant-documents.js';
import { auditOnce, withBenchEmulator } from '../lib/tenant.js';

const TENANTS = 1000;
const CONCURRENCY = 32;
const LATENCY_MS = 20;
/** Tenants loaded at once (PUTs in flight). */
const LOAD_CONCURRENCY = 8;
const RSS_LIMIT_MB = 400;
/** Time budgets of the two phases, in ms. */
const LOAD_BUDGET_MS = 40_000;
const AUDIT_BUDGET_MS = 75_000;

export const fleet: Benchmark = {
  name: 'fleet.1000',
  summary: `audit ${TENANTS} emulated tenants from one process, ${CONCURRENCY} at a time, ${LATENCY_MS} ms latency`,
  run: () =>
    withBenchEmulator('healthy', async (tenant) => {
      const { control } = tenant;
      const base = withoutActivity(
        (await control.snapshot(tenant.emulator.tenants[0]!, true)) as TenantDocument,
      );
      const loadStart = performance.now();
      const loaded = await mapConcurrent(
        Array.from({ length: TENANTS }, (_, i) => i + 1),
        LOAD_CONCURRENCY,
        async (index) => {
          if (performance.now() - loadStart > LOAD_BUDGET_MS) return undefined;
          const { tenantId, document } = fleetTenant(base, index);
          await control.putTenant(tenantId, document);
          return tenantId;
        },
      );
      const ids = loaded.filter((id): id is string => id !== undefined);
      const loadMs = performance.now() - loadStart;
      await control.setFaults({ latency: LATENCY_MS });

      const cpuBefore = ownCpuSeconds();
      const emulatorCpuBefore = processCpuSeconds(tenant.emulator.pid);
      const start = performance.now();
      const outcomes = await mapConcurrent(ids, CONCURRENCY, async (tenantId) => {
        if (performance.now() - start > AUDIT_BUDGET_MS) return undefined;
        const connectStart = performance.now();
        const connection = await tenant.connect({ tenantId });
        const connectMs = performance.now() - connectStart;
        try {
          const audit = await auditOnce(connection);
          return {
            depth: audit.collected.requests.depth,
            connectMs,
            auditMs: audit.ms,
            checksMs: audit.checksMs,
          };
        } finally {
          await connection.close();
        }
      });
      const wallMs = performance.now() - start;
      const audits = outcomes.filter((a) => a !== undefined);
      const audited = audits.length;
      const cpu = ownCpuSeconds() - cpuBefore;
      const emulatorCpuAfter = processCpuSeconds(tenant.emulator.pid);
      const emulatorCpu =
        emulatorCpuBefore === undefined || emulatorCpuAfter === undefined
          ? undefined
          : emulatorCpuAfter - emulatorCpuBefore;

      const depth = Math.max(...audits.map((a) => a.depth));
      const limitMs = depth * LATENCY_MS * Math.ceil(audited / CONCURRENCY);
      const scaledDown =
        audited < TENANTS &&
        `scaled down: ${ids.length} tenants loaded within ${LOAD_BUDGET_MS / 1000} s, ${audited} audited within ${AUDIT_BUDGET_MS / 1000} s; at this pace ${TENANTS} would take ${Math.round(((wallMs / audited) * TENANTS) / 1000)} s`;
      const rssMb = process.resourceUsage().maxRSS / 1024;
      return [
        result({
          name: 'fleet.1000',
          value: wallMs / 1000,
          unit: 's',
          limit: limitMs / 1000,
          notes: [
            'bar ratio ≤ 1.5',
            scaledDown,
            `limit = depth ${depth} × ${LATENCY_MS} ms × ⌈${audited}/${CONCURRENCY}⌉`,
            `per tenant (median): connect ${Math.round(median(audits.map((a) => a.connectMs)))} ms, audit ${Math.round(median(audits.map((a) => a.auditMs)))} ms (checks ${Math.round(median(audits.map((a) => a.checksMs)))} ms)`,
            `CPU: this process ${cpu.toFixed(1)} s${emulatorCpu === undefined ? '' : `, emulator ${emulatorCpu.toFixed(1)} s`}`,
            `loading ${ids.length} tenants into one emulator took ${(loadMs / 1000).toFixed(1)} s (not in the figure)`,
          ],
        }),
        result({
          name: 'fleet.1000.rss',
          value: rssMb,
          unit: 'MB',
          limit: RSS_LIMIT_MB,
          digits: 0,
          notes: ['bar ≤ 400 MB', 'peak RSS of the auditing process (process.resourceUsage().maxRSS)'],
        }),
      ];
    }),
};
