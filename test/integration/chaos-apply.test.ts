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
 * A fault that stops an apply before its crash is met by applying again a moment later (still under
 * faults), as a user or a CI job would, until the crash comes.
 *
 * One emulator serves every run; each run loads a fresh copy of `empty` or `drifted` under a new
 * tenant id, with CA-write pacing scaled up to 50 a second on both sides and 429s that say "retry
 * now". Runs go twenty at a time: the fault rates and seed belong to the emulator, so each batch
 * draws new ones (the runs' requests interleave, so each still meets its own faults).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ApplyEnvironment } from '../../src/apply/ports.js';
import type { Connection } from '../../src/clients/connection.js';
import type { BreakglassConfig } from '../../src/config/schema.js';
import type { Plan } from '../../src/plan/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { StateStore } from '../../src/state/store.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  FAST_RETRY,
  NO_FAULTS,
  applyInProcess,
  defaultConfigFor,
  type InProcessApply,
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
const RUNS = 100;
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
  crash: 'mid-step' | 'between-steps';
  /** The crash comes after this many writes (mid-step) or steps (between steps). */
  after: number;
}

function chaosFor(run: number, pendingChanges: (scenario: Chaos['scenario']) => number): Chaos {
  const random = seeded(7919 * (run + 1));
  const scenario = SCENARIOS[run % SCENARIOS.length]!;
  const crash = random() < 0.5 ? 'mid-step' : 'between-steps';
  return { scenario, crash, after: 1 + Math.floor(random() * pendingChanges(scenario)) };
}

/** The faults of one batch of concurrent runs: rates drawn afresh, and a new seed. */
function faultsFor(batch: number): Record<string, number> {
  const random = seeded(104729 * (batch + 1));
  return {
    ...NO_FAULTS,
    throttle: Math.round(random() * 20) / 100, // up to 20 % of requests answer 429…
    retryAfter: 0, // …saying "retry now": time scaled down, like the pacing
    error5xx: Math.round(random() * 8) / 100, // up to 8 % answer 500/503
    drop: Math.round(random() * 6) / 100, // up to 6 % lose their answer after the write took effect
    consistency: Math.round(random() * 500), // new objects invisible to other reads for up to 0.5 s
    caWriteLimit: CA_WRITES_PER_SECOND,
    seed: 1000 + batch,
  };
}

/**
 * The simulated process of one run: counts writes and steps across its attempts and crashes at the
 * chosen one. After the crash that write did reach the tenant, but nothing more happens — every
 * later request fails and the journal is never written again.
 */
class Process {
  writes = 0;
  steps = 0;
  crashed = false;
  constructor(readonly chaos: Chaos) {}

  /** `afterWrite` for a crash between steps. */
  readonly afterStep = async (address: string) => {
    if (this.chaos.crash === 'between-steps' && ++this.steps === this.chaos.after) {
      this.crashed = true;
      throw new Crash(`after step ${address}`);
    }
  };

  /** The ports as this process sees them (a crash mid-step kills them). */
  ports(env: ApplyEnvironment): ApplyEnvironment {
    if (this.chaos.crash !== 'mid-step') return env;
    const alive = () => {
      if (this.crashed) throw new Crash('(already dead)');
    };
    const wrote = () => {
      if (++this.writes === this.chaos.after) {
        this.crashed = true;
        throw new Crash(`after write ${this.chaos.after}`);
      }
    };
    const journalWrites = new Set(['beginApply', 'stepStarted', 'stepDone', 'stepFailed', 'finishApply']);
    const store = new Proxy(env.store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (this.crashed && journalWrites.has(String(property))) return () => undefined;
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
        directoryObjectUrl: (id) => graph.directoryObjectUrl(id),
        get: async (path) => {
          alive();
          return graph.get(path);
        },
        post: async (path, body, options) => {
          alive();
          const out = await graph.post(path, body, options);
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
}

/** How a run's applies under faults ended. */
type Interruption = 'crashed' | 'finished before the crash' | 'stopped by faults every time';

/** Attempts under faults per run: a stop by a fault is retried, as a user or CI job would… */
const ATTEMPTS_UNDER_FAULTS = 5;
/** …a moment later, once the emulator's consistency delay (at most 0.5 s) has passed. */
const PAUSE_BEFORE_RETRY_MS = 600;
/** Runs at once (faults are the emulator's, so a batch shares its fault rates and seed). */
const BATCH = 20;

describe('chaos: 100 interrupted applies under faults, each resumed', { skip }, () => {
  let t: TestEmulator;
  let work: { path: string; remove: () => void };
  const templates = new Map<string, Record<string, unknown>>();
  const changesIn = new Map<string, number>();

  before(async () => {
    work = tempDir('breakglass-chaos-');
    // The drifted scenario's tenant lives in this emulator; the empty one is copied over from a
    // second emulator, stopped straight away.
    const other = await startProvisioningEmulator('empty');
    try {
      templates.set(
        'empty',
        await scenarioTemplate(other.control, (await firstTenant(other.control)).tenantId),
      );
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
      changesIn.set(scenario, pendingChanges(plan).length);
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
    const outcomes = new Map<Interruption, number>();
    for (let first = 0; first < RUNS; first += BATCH) {
      const batch = first / BATCH;
      const runs = Array.from({ length: Math.min(BATCH, RUNS - first) }, (_, i) => first + i);
      const prepared = await Promise.all(runs.map((run) => prepare(run)));
      try {
        const faults = faultsFor(batch);
        await t.control.setFaults(faults);
        const interrupted = await Promise.all(prepared.map((p) => interrupt(p)));
        await t.control.setFaults(NO_FAULTS);
        for (const outcome of interrupted) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        const checked = await Promise.allSettled(prepared.map((p) => resumeAndCheck(p)));
        checked.forEach((result, i) => {
          if (result.status === 'rejected') {
            const p = prepared[i]!;
            const why = result.reason instanceof Error ? result.reason.message : String(result.reason);
            failures.push(
              `run ${p.run} (${p.chaos.scenario}, ${p.chaos.crash} crash after ${p.chaos.after}, ${interrupted[i]}, faults ${JSON.stringify(faults)}): ${why}`,
            );
          }
        });
      } finally {
        await t.control.setFaults(NO_FAULTS);
        await Promise.all(prepared.map((p) => t.control.deleteTenant(p.tenantId)));
      }
    }
    assert.deepEqual(failures, [], `the emulator's last output:\n${t.emulator.output()}`);
    // The crash must really have happened, in (nearly) every run.
    assert.ok((outcomes.get('crashed') ?? 0) >= RUNS * 0.95, `outcomes: ${JSON.stringify([...outcomes])}`);
  });

  interface Prepared {
    run: number;
    chaos: Chaos;
    tenantId: string;
    config: BreakglassConfig;
    connection: Connection;
    before: Snapshot;
    plan: Plan;
    statePath: string;
    secretsOut: string;
  }

  /** A fresh tenant, its export and its plan (faults off). */
  async function prepare(run: number): Promise<Prepared> {
    const chaos = chaosFor(run, (s) => changesIn.get(s)!);
    const template = templates.get(chaos.scenario)!;
    const tenantId = await loadTenantCopy(t.control, template);
    const config = defaultConfigFor(tenantId, domainOf(template));
    const connection = await t.connect({
      tenantId,
      retry: FAST_RETRY,
      pacing: { writesPerSecond: CA_WRITES_PER_SECOND },
    });
    return {
      run,
      chaos,
      tenantId,
      config,
      connection,
      before: await exportTenant(t.control, tenantId),
      plan: await planNow(connection, config),
      statePath: join(work.path, `state-${run}.db`),
      secretsOut: join(work.path, `secrets-${run}`),
    };
  }

  /** One apply of the run's plan on its own state store (closed again whatever happens). */
  async function applyRun(
    p: Prepared,
    hooks: Pick<InProcessApply, 'afterWrite' | 'wrap'> = {},
  ): Promise<void> {
    const store = new StateStore(p.statePath);
    try {
      await applyInProcess({
        connection: p.connection,
        config: p.config,
        plan: p.plan,
        store,
        secretsOut: p.secretsOut,
        ...hooks,
      });
    } finally {
      store.close();
    }
  }

  /** Applies under faults until the simulated crash (a stop by a fault is retried). */
  async function interrupt(p: Prepared): Promise<Interruption> {
    const process = new Process(p.chaos);
    for (let attempt = 0; attempt < ATTEMPTS_UNDER_FAULTS; attempt++) {
      try {
        await applyRun(p, { afterWrite: process.afterStep, wrap: (env) => process.ports(env) });
        return 'finished before the crash';
      } catch (error) {
        if (error instanceof Crash) return 'crashed';
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BEFORE_RETRY_MS));
    }
    return 'stopped by faults every time';
  }

  /** The re-run (same plan, same state store, no faults), then the checks. */
  async function resumeAndCheck(p: Prepared): Promise<void> {
    await applyRun(p);
    const after = await exportTenant(t.control, p.tenantId);
    assert.deepEqual(pendingChanges(await planNow(p.connection, p.config)), [], 'a new plan has no changes');
    assert.deepEqual(namesWithDuplicates(after), [], 'no duplicate object');
    const tooManyPasses = [...passesPerUser(after)].filter(([, n]) => n > 1);
    assert.deepEqual(tooManyPasses, [], 'at most one Temporary Access Pass per account');
    assert.deepEqual(lostExclusions(p.before, after), [], 'no exclusion lost');
  }
});

/** The initial domain of a tenant document. */
function domainOf(document: Record<string, unknown>): string {
  const graph = document.graph as {
    organization?: { verifiedDomains?: { name: string; isInitial?: boolean }[] }[];
  };
  return graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? '';
}
