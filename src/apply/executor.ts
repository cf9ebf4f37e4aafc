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

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
