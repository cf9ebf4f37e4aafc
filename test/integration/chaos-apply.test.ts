/**
 * Issue 4, done-when 4: 100 applies under random faults — Graph 429s, 500/503s, connections
 * dropped after the write took effect, eventual-consistency delays, CA writes over the tenant's
 * limit — each cut short by a simulated crash at a random write, then resumed (same plan, same
 * state store, faults off). Every run must end in the declared state (a new plan has no changes),
 * with no duplicate object (users by UPN, groups and policies by display name, at most one
 * Temporary Access Pass per account) and no exclusion lost (every exclusion that existed before is
 * still there).
 *
 * The crash comes in two kinds, half the runs each:
 * - mid-step: right after the k-th write returned, before the journal records the step done. The
 *   process is gone: no further request, and no journal write (the step stays `started`, the apply
 *   `running`, exactly as a crash leaves them).
 * - between steps: `afterWrite` throws after the k-th step was journaled done.
 *
 * One emulator serves every run; each run loads a fresh copy of `empty` or `drifted` under a new
 * tenant id, with CA-write pacing scaled up to 50 a second on both sides.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ApplyEnvironment } from '../../src/apply/ports.js';
import { StateStore } from '../../src/state/store.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  FAST_RETRY,
  NO_FAULTS,
  applyInProcess,
  defaultConfigFor,
  exportTenant,
  firstTenant,
  loadTenantCopy,
  lostExclusions,
  namesWithDuplicates,
  passesPerUser,
  pendingChanges,
  planNow,
  scenarioTemplate,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const RUNS = 6;
const SCENARIOS = ['empty', 'drifted'] as const;
const CA_WRITES_PER_SECOND = 50;

/** The simulated crash. */
class Crash extends Error {
  constructor(readonly where: string) {
    super(`simulated crash ${where}`);
  }
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its number. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One run's random choices. */
interface Chaos {
  scenario: (typeof SCENARIOS)[number];
  faults: Record<string, number>;
  crash: 'mid-step' | 'between-steps';
  /** The crash comes after this many writes (mid-step) or steps (between steps). */
  after: number;
}

function chaosFor(run: number, pendingWrites: (scenario: Chaos['scenario']) => number): Chaos {
  const random = seeded(7919 * (run + 1));
  const scenario = SCENARIOS[run % SCENARIOS.length]!;
  const faults = {
    ...NO_FAULTS,
    throttle: Math.round(random() * 20) / 100, // up to 20 % of Graph requests answer 429
    error5xx: Math.round(random() * 8) / 100, // up to 8 % answer 500/503
    drop: Math.round(random() * 6) / 100, // up to 6 % lose their answer after the write
    consistency: Math.round(random() * 1500), // new objects invisible to reads for up to 1.5 s
    caWriteLimit: CA_WRITES_PER_SECOND,
    seed: 1000 + run,
  };
  const crash = random() < 0.5 ? 'mid-step' : 'between-steps';
  return { scenario, faults, crash, after: 1 + Math.floor(random() * pendingWrites(scenario)) };
}

/**
 * The ports of a process that crashes after `limit` writes: that write reached the tenant, then
 * nothing more happens — every later request fails and the journal is never written again.
 */
function crashingMidStep(env: ApplyEnvironment, limit: number): ApplyEnvironment {
  let writes = 0;
  let dead = false;
  const alive = () => {
    if (dead) throw new Crash('(already dead)');
  };
  const wrote = () => {
    if (++writes === limit) {
      dead = true;
      throw new Crash(`after write ${limit}`);
    }
  };
  const journalWrites = new Set(['beginApply', 'stepStarted', 'stepDone', 'stepFailed', 'finishApply']);
  const store = new Proxy(env.store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (dead && journalWrites.has(String(property))) return () => undefined;
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  const { graph, arm } = env;
  return {
    ...env,
    store,
    collect: async () => {
      alive();
      return env.collect();
    },
    graph: {
      get: async (path) => {
        alive();
        return graph.get(path);
      },
      post: async (path, body) => {
        alive();
        const out = await graph.post(path, body);
        wrote();
        return out as never;
      },
      patch: async (path, body) => {
        alive();
        await graph.patch(path, body);
        wrote();
      },
      delete: async (path) => {
        alive();
        await graph.delete(path);
        wrote();
      },
    },
    ...(arm
      ? {
          arm: {
            put: async (id, apiVersion, body) => {
              alive();
              const out = await arm.put(id, apiVersion, body);
              wrote();
              return out as never;
            },
          },
        }
      : {}),
  };
}

describe('chaos: 100 interrupted applies under faults, each resumed', { skip }, () => {
  let t: TestEmulator;
  let work: { path: string; remove: () => void };
  const templates = new Map<string, Record<string, unknown>>();
  const writesIn = new Map<string, number>();

  before(async () => {
    work = tempDir('breakglass-chaos-');
    // The drifted scenario's tenant lives in this emulator; the empty one is copied over from a
    // second emulator, stopped straight away.
    const other = await startProvisioningEmulator('empty');
    try {
      templates.set('empty', await scenarioTemplate(other.control, (await firstTenant(other.control)).tenantId));
    } finally {
      await other.stop();
    }
    t = await startProvisioningEmulator('drifted');
    templates.set('drifted', await scenarioTemplate(t.control, (await firstTenant(t.control)).tenantId));
    // How many changes each scenario's plan has: the crash point is drawn among them.
    for (const scenario of SCENARIOS) {
      const tenantId = await loadTenantCopy(t.control, templates.get(scenario)!);
      const connection = await t.connect({ tenantId });
      const plan = await planNow(connection, defaultConfigFor(tenantId, domainOf(templates.get(scenario)!)));
      writesIn.set(scenario, pendingChanges(plan).length);
      await t.control.deleteTenant(tenantId);
    }
  });
  after(async () => {
    await t?.control.setFaults(NO_FAULTS).catch(() => undefined);
    await t?.stop();
    work?.remove();
  });

  test(`${RUNS} runs end in the declared state, with no duplicate and no exclusion lost`, async () => {
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    for (let run = 0; run < RUNS; run++) {
      const chaos = chaosFor(run, (s) => writesIn.get(s)!);
      const label = `run ${run} (${chaos.scenario}, ${chaos.crash} crash after ${chaos.after}, faults ${JSON.stringify(chaos.faults)})`;
      try {
        const outcome = await oneRun(run, chaos);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      } catch (error) {
        failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        await t.control.setFaults(NO_FAULTS);
      }
    }
    assert.deepEqual(failures, []);
    // Most runs must really have crashed (or been stopped by a fault) before finishing.
    const interrupted = RUNS - (outcomes.get('finished before the crash') ?? 0);
    assert.ok(interrupted >= RUNS * 0.9, `interrupted runs: ${JSON.stringify([...outcomes])}`);
  });

  /** One run; resolves with how the faulty apply ended. Throws with what went wrong. */
  async function oneRun(run: number, chaos: Chaos): Promise<string> {
    const template = templates.get(chaos.scenario)!;
    const tenantId = await loadTenantCopy(t.control, template);
    try {
      const config = defaultConfigFor(tenantId, domainOf(template));
      const connection = await t.connect({
        tenantId,
        retry: FAST_RETRY,
        pacing: { writesPerSecond: CA_WRITES_PER_SECOND },
      });
      const before = await exportTenant(t.control, tenantId);
      const plan = await planNow(connection, config);
      const statePath = join(work.path, `state-${run}.db`);
      const secretsOut = join(work.path, `secrets-${run}`);

      // The faulty apply, cut short.
      let outcome = 'finished before the crash';
      await t.control.setFaults(chaos.faults);
      const store = new StateStore(statePath);
      try {
        let steps = 0;
        await applyInProcess({
          connection,
          config,
          plan,
          store,
          secretsOut,
          ...(chaos.crash === 'between-steps'
            ? {
                afterWrite: async (address: string) => {
                  if (++steps === chaos.after) throw new Crash(`after step ${address}`);
                },
              }
            : { wrap: (env: ApplyEnvironment) => crashingMidStep(env, chaos.after) }),
        });
      } catch (error) {
        outcome = error instanceof Crash ? 'crashed' : 'stopped by a fault';
      } finally {
        store.close();
        await t.control.setFaults(NO_FAULTS);
      }

      // The re-run: same plan, same state store, no faults.
      const resumed = new StateStore(statePath);
      try {
        await applyInProcess({ connection, config, plan, store: resumed, secretsOut });
      } finally {
        resumed.close();
      }

      const after = await exportTenant(t.control, tenantId);
      assert.deepEqual(pendingChanges(await planNow(connection, config)), [], 'a new plan has no changes');
      assert.deepEqual(namesWithDuplicates(after), [], 'no duplicate object');
      const tooManyPasses = [...passesPerUser(after)].filter(([, n]) => n > 1);
      assert.deepEqual(tooManyPasses, [], 'at most one Temporary Access Pass per account');
      assert.deepEqual(lostExclusions(before, after), [], 'no exclusion lost');
      return outcome;
    } finally {
      await t.control.deleteTenant(tenantId);
    }
  }
});

/** The initial domain of a tenant document. */
function domainOf(document: Record<string, unknown>): string {
  const graph = document.graph as { organization?: { verifiedDomains?: { name: string; isInitial?: boolean }[] }[] };
  return graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? '';
}
