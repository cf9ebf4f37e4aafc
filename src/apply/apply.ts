/**
 * `apply`: carries out exactly what a saved plan says, safely.
 *
 * 1. Refuses a plan made for another tenant or another config, and one whose tenant state has
 *    moved since (unless this very plan was interrupted and is being resumed).
 * 2. Runs the changes in dependency order, journaling each step in the state store before and
 *    after its write, so an interrupted apply resumes where it stopped and a finished one does
 *    nothing when run again.
 * 3. Secrets go only to the secrets directory (see the executors).
 */
import type { BreakglassConfig } from '../config/schema.js';
import { configDigest, sha256, canonicalJson, stateDigest } from '../plan/digest.js';
import type { Change, Json, Plan } from '../plan/types.js';
import type { Snapshot } from '../snapshot/schema.js';
import { UsageError } from '../errors.js';
import { classifyCreateFailure } from '../clients/graph.js';
import { sleep } from '../clients/retry.js';
import { applyOrder } from './order.js';
import type { ApplyEnvironment } from './ports.js';
import type { ExecutionContext, ExecutorRegistry, StepOutput } from './executor.js';
import {
  assignRole,
  changeMembership,
  createGroup,
  createOrUpdateAccount,
  enableAccount,
  issueTemporaryAccessPass,
  setEmailMethod,
} from './executors/directory.js';
import { putArmResource } from './executors/monitoring.js';
import { removePersonTiedMethod } from './executors/person-tied-method.js';
import {
  addExclusion,
  checkExclusionReferences,
  dedicatedPolicyExecutor,
  type DedicatedPolicyGate,
} from './executors/conditional-access.js';

export interface ApplyOptions {
  plan: Plan;
  config: BreakglassConfig;
  /** The tenant the connection reaches. */
  tenantId: string;
  /** Guards the dedicated policy write (see ./gate.ts). */
  gate: DedicatedPolicyGate;
  /** The tenant as just read (saves a second read for the staleness check). */
  currentSnapshot?: Snapshot;
}

export interface ApplyResult {
  applyId: string;
  status: 'applied' | 'already-applied';
  resumed: boolean;
  steps: {
    address: string;
    action: Change['action'];
    outcome: 'done' | 'skipped (journal)';
    output: StepOutput;
  }[];
}

/** Plan identity for the journal: the plan's content, so the same plan file resumes. */
export function planId(plan: Plan): string {
  return sha256(canonicalJson(plan)).slice(0, 32);
}

export async function applyPlan(env: ApplyEnvironment, options: ApplyOptions): Promise<ApplyResult> {
  const { plan, config } = options;
  if (plan.formatVersion !== 1)
    throw new UsageError(
      `this plan has format version ${String(plan.formatVersion)}; this breakglass reads version 1`,
    );
  if (plan.tenantId.toLowerCase() !== options.tenantId.toLowerCase()) {
    throw new UsageError(
      `this plan was made for tenant ${plan.tenantId}, but the connection reaches tenant ${options.tenantId}; nothing was written`,
    );
  }
  if (plan.configDigest !== configDigest(config)) {
    throw new UsageError(
      'this plan was made from a different breakglass.yaml; run `breakglass plan` again (nothing was written)',
    );
  }
  const applyId = planId(plan);
  const journalState = env.store.beginApply(applyId, plan.tenantId, env.now());
  if (journalState === 'done') {
    env.log('This plan was applied already; nothing to do.');
    return { applyId, status: 'already-applied', resumed: false, steps: [] };
  }
  const journal = env.store.steps(applyId);
  // Until a step has been journaled nothing was written, so the tenant must still be as planned —
  // also when an earlier run of this plan was refused as stale or stopped before its first step.
  if (journalState === 'new' || journal.size === 0) {
    const current = stateDigest(options.currentSnapshot ?? (await env.collect()));
    if (current !== plan.stateDigest) {
      env.store.finishApply(applyId, 'failed', env.now());
      throw new UsageError(
        'the tenant has changed since this plan was made (the plan is stale); run `breakglass plan` again (nothing was written)',
      );
    }
  } else {
    env.log('Resuming an interrupted apply of this plan.');
  }

  const executors: ExecutorRegistry = {
    group: createGroup,
    'ca-exclusion': addExclusion,
    account: createOrUpdateAccount,
    'group-membership': changeMembership,
    'account-enable': enableAccount,
    'role-assignment': assignRole,
    'email-method': setEmailMethod,
    'temporary-access-pass': issueTemporaryAccessPass,
    'person-tied-method': removePersonTiedMethod,
    'dedicated-policy': dedicatedPolicyExecutor(options.gate),
    'resource-group': putArmResource,
    workspace: putArmResource,
    'diagnostic-setting': putArmResource,
    'action-group': putArmResource,
    'alert-rule': putArmResource,
  };

  const outputs = new Map<string, StepOutput>();
  for (const [address, step] of journal)
    if (step.status === 'done' && step.output) outputs.set(address, step.output as StepOutput);
  const attempted = new Set([...journal.values()].filter((s) => s.status !== 'done').map((s) => s.address));
  const context: ExecutionContext = {
    env,
    createdIds: new Set(),
    attempted,
    resolve: <T>(value: Json) => resolveRefs(value, outputs) as T,
  };
  const result: ApplyResult = { applyId, status: 'applied', resumed: journalState === 'resumed', steps: [] };
  const order = applyOrder(plan.changes);
  // Every exclusion still to write must be writable before the first write: a policy referring to
  // an id that no longer resolves stops the apply here, with nothing changed. (Reads only, a few
  // at a time, so that they do not hold up the paced writes.)
  const exclusions = order.filter(
    (c) => c.kind === 'ca-exclusion' && journal.get(c.address)?.status !== 'done',
  );
  for (let i = 0; i < exclusions.length; i += 8)
    await Promise.all(exclusions.slice(i, i + 8).map((c) => checkExclusionReferences(c, context)));
  for (const change of order) {
    const recorded = journal.get(change.address);
    if (recorded?.status === 'done') {
      result.steps.push({
        address: change.address,
        action: change.action,
        outcome: 'skipped (journal)',
        output: outputs.get(change.address) ?? {},
      });
      continue;
    }
    const execute = executors[change.kind];
    if (!execute) throw new Error(`internal: no executor for ${change.kind}`);
    env.log(`${marker(change)} ${change.address}: ${change.reason}`);
    env.store.stepStarted(applyId, change.address, env.now());
    let output: StepOutput;
    try {
      output = await executeStep(() => execute(change, context), change, attempted, env);
    } catch (error) {
      env.store.stepFailed(
        applyId,
        change.address,
        error instanceof Error ? error.message : String(error),
        env.now(),
      );
      env.store.finishApply(applyId, 'failed', env.now());
      throw error;
    }
    env.store.stepDone(applyId, change.address, output, env.now());
    outputs.set(change.address, output);
    result.steps.push({ address: change.address, action: change.action, outcome: 'done', output });
    await env.afterWrite?.(change.address);
  }
  env.store.finishApply(applyId, 'done', env.now());
  for (const item of plan.deferred) env.log(`Deferred: ${item.address}: ${item.reason}`);
  return result;
}

/** Tries of one step in all when the service's answer is lost (see `executeStep`). */
const STEP_TRIES = 3;

/**
 * Whether a step failed with the answer lost — no response (not the user's abort) or a 5xx — as the
 * Graph client classifies a failed create: the write may or may not have happened, exactly what a
 * resumed apply meets after a crash. (ARM writes are PUTs, which the pipeline already retried.)
 */
function answerLost(error: unknown): boolean {
  const kind = classifyCreateFailure(error, false);
  return kind === 'lost' || kind === 'failed';
}

/**
 * Runs a step; when its answer is lost, runs it again (up to `STEP_TRIES` in all) the way a resumed
 * apply would: marked as attempted, so every create first looks for what the lost try may have
 * made (`findBeforeCreate`) and nothing is made twice. The pipeline already retried what is safe to
 * resend (reads, PUTs, PATCHes); this covers the creates it must not resend blindly.
 */
async function executeStep(
  run: () => Promise<StepOutput>,
  change: Change,
  attempted: Set<string>,
  env: ApplyEnvironment,
): Promise<StepOutput> {
  for (let tried = 1; ; tried++) {
    try {
      return await run();
    } catch (error) {
      if (tried >= STEP_TRIES || !answerLost(error)) throw error;
      attempted.add(change.address);
      env.log(`  ${change.address}: ${(error as Error).message.split('\n')[0]} — trying the step again`);
      await sleep(500 * tried);
    }
  }
}

const marker = (change: Change) =>
  ({ create: '+', update: '~', delete: '-', 'no-op': ' ', manual: '!' })[change.action];

/** Replaces `{ $ref: 'address#field' }` by the recorded output; a missing one is a bug, not a guess. */
function resolveRefs(value: Json, outputs: Map<string, StepOutput>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, outputs));
  if (value && typeof value === 'object') {
    if ('$ref' in value && typeof value.$ref === 'string') {
      const [address, field] = value.$ref.split('#') as [string, string];
      const output = outputs.get(address);
      if (!output || output[field] === undefined) throw new Error(`internal: ${value.$ref} is not known yet`);
      return output[field];
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v as Json, outputs)]));
  }
  return value;
}
