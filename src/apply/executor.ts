/**
 * The executor contract: one function per resource kind that carries out one change and returns
 * the ids it produced (never a secret). Executors are idempotent — each first looks for the object
 * it is about to create, so a create retried after a timeout, or a resumed apply, adopts the object
 * instead of making a second one.
 */
import type { Change, Json, ResourceKind } from '../plan/types.js';
import type { ApplyEnvironment } from './ports.js';

export type StepOutput = Record<string, string | number | boolean | null>;

export interface ExecutionContext {
  env: ApplyEnvironment;
  /** Replaces `{ $ref: 'address#field' }` values by the outputs of earlier steps. */
  resolve<T = unknown>(value: Json): T;
  /** Ids this apply created (consistency: they may briefly read as missing). */
  createdIds: Set<string>;
  /** Addresses an earlier run of this plan started and did not finish (its write may have landed). */
  attempted: ReadonlySet<string>;
}

export type Executor = (change: Change, context: ExecutionContext) => Promise<StepOutput>;

export type ExecutorRegistry = Record<ResourceKind, Executor | undefined>;

/** Graph's "already a member"/"already exists" answers, which mean the work is done. */
export function isAlreadyDone(error: unknown): boolean {
  const e = error as { status?: number; serviceMessage?: string; message?: string };
  const text = `${e.serviceMessage ?? ''} ${e.message ?? ''}`;
  return e.status === 400 && /already exist/i.test(text);
}

export function isNotFound(error: unknown): boolean {
  return (error as { status?: number }).status === 404;
}

/** How long a re-run create keeps looking for an earlier attempt's object, by default (ms). */
export const DEFAULT_SETTLE_MS = 6000;

/**
 * Looks for the object a create is about to make. When an earlier run started this step, its
 * create may have landed with the answer lost — and a new object can stay invisible to reads for
 * a while (directory replication) — so the search goes on for `env.settleMs` before concluding
 * there is none. Otherwise one look is enough.
 */
export async function findBeforeCreate<T>(
  change: Change,
  context: ExecutionContext,
  find: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const settleMs = context.attempted.has(change.address) ? (context.env.settleMs ?? DEFAULT_SETTLE_MS) : 0;
  const deadline = Date.now() + settleMs;
  for (let delay = 100; ; delay = Math.min(2 * delay, 1000)) {
    const found = await find();
    const left = deadline - Date.now();
    if (found !== undefined || left <= 0) return found;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
