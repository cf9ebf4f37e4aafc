/**
 * Conditional Access writes — where a bug costs a customer their tenant. Every write:
 * - re-reads the policy first (never trusts the plan's copy),
 * - for an exclusion, changes only the exclusion array, by adding ids to what it just read, and
 *   sends nothing else,
 * - refuses if any id it would write back does not resolve (an unresolvable id is how a real tool
 *   once wrote an empty exclusion list),
 * - for the dedicated policy, asks the lockout gate whether the policy as written would block an
 *   emergency account that can sign in now.
 * Pacing (about one write per second per tenant) is done by the client pipeline.
 */
import type { Executor, ExecutionContext } from '../executor.js';
import { findBeforeCreate, isNotFound } from '../executor.js';
import type { ConditionalAccessPolicy } from '../../snapshot/schema.js';
import type { Change } from '../../plan/types.js';

const USER_KEYWORDS = new Set(['all', 'none', 'guestsorexternalusers']);

/** An id the policy refers to that Graph cannot find: writing it back would be a silent loss. */
export class UnresolvedReferenceError extends Error {
  readonly userFacing = true;
  constructor(policy: string, missing: string[]) {
    super(
      `refusing to write Conditional Access policy "${policy}": it refers to ${missing.join(', ')}, which ${missing.length > 1 ? 'do' : 'does'} not resolve; fix or remove ${missing.length > 1 ? 'them' : 'it'} first (nothing was written)`,
    );
  }
}

interface UsersCondition {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  [key: string]: unknown;
}

const resolvedCache = new WeakMap<ExecutionContext, Map<string, boolean>>();

/** Checks that every user and group id in a user condition resolves; throws otherwise. */
async function assertResolvable(
  policyName: string,
  users: UsersCondition,
  context: ExecutionContext,
): Promise<void> {
  const cache = resolvedCache.get(context) ?? new Map<string, boolean>();
  resolvedCache.set(context, cache);
  const wanted: [string, 'users' | 'groups'][] = [
    ...[...(users.includeUsers ?? []), ...(users.excludeUsers ?? [])]
      .filter((id) => !USER_KEYWORDS.has(id.toLowerCase()))
      .map((id): [string, 'users'] => [id, 'users']),
    ...[...(users.includeGroups ?? []), ...(users.excludeGroups ?? [])].map((id): [string, 'groups'] => [
      id,
      'groups',
    ]),
  ];
  const missing: string[] = [];
  for (const [id, collection] of wanted) {
    const key = `${collection}/${id.toLowerCase()}`;
    if (!cache.has(key))
      cache.set(key, await exists(`/${collection}/${id}?$select=id`, context.createdIds.has(id), context));
    if (!cache.get(key)) missing.push(`${collection === 'users' ? 'user' : 'group'} ${id}`);
  }
  if (missing.length) throw new UnresolvedReferenceError(policyName, missing);
}

/** Whether an object exists; an object this apply just created gets a few tries (consistency). */
async function exists(path: string, justCreated: boolean, { env }: ExecutionContext): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await env.graph.get(path);
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (!justCreated || attempt >= 6) return false;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

const union = (current: string[] | undefined, added: string[]) => {
  const out = [...(current ?? [])];
  for (const id of added) if (!out.some((x) => x.toLowerCase() === id.toLowerCase())) out.push(id);
  return out;
};

/**
 * Checks, without writing, that an exclusion change could be written now: every id the policy
 * already refers to resolves. Apply runs it for every exclusion before its first write, so a
 * policy that cannot be written stops the apply before anything changes, not halfway through.
 * (The executor checks again at the write itself.) Ids this plan adds are not checked here: they
 * are the group, existing or about to be made.
 */
export async function checkExclusionReferences(change: Change, context: ExecutionContext): Promise<void> {
  const policyId = change.spec.policyId as string;
  const policy = await context.env.graph.get<ConditionalAccessPolicy>(
    `/identity/conditionalAccess/policies/${policyId}`,
  );
  await assertResolvable(
    policy.displayName ?? policyId,
    (policy.conditions.users ?? {}) as UsersCondition,
    context,
  );
}

export const addExclusion: Executor = async (change, context) => {
  const { policyId, addExcludeGroups } = context.resolve<{ policyId: string; addExcludeGroups: string[] }>(
    change.spec,
  );
  const policy = await context.env.graph.get<ConditionalAccessPolicy>(
    `/identity/conditionalAccess/policies/${policyId}`,
  );
  const users = (policy.conditions.users ?? {}) as UsersCondition;
  const excludeGroups = union(users.excludeGroups, addExcludeGroups);
  if (excludeGroups.length === (users.excludeGroups ?? []).length) return { id: policyId, changed: false };
  const next = { ...users, excludeGroups };
  await assertResolvable(policy.displayName ?? policyId, next, context);
  // Only the changed array is sent: Graph keeps every property a PATCH leaves out, and
  // Microsoft-managed policies accept nothing but exclusion and state changes.
  await context.env.graph.patch(`/identity/conditionalAccess/policies/${policyId}`, {
    conditions: { users: { excludeGroups } },
  });
  return { id: policyId, changed: true };
};

export interface DedicatedPolicyGate {
  /** Throws when writing `policy` would block an emergency account that can sign in now. */
  (policy: Record<string, unknown> & { id?: string }): Promise<void>;
}

/** Creates or updates the dedicated policy, after the lockout gate agrees. */
export function dedicatedPolicyExecutor(gate: DedicatedPolicyGate): Executor {
  return async (change, context) => {
    const { env } = context;
    const spec = context.resolve<{
      policyId?: string;
      body: Record<string, unknown> & { displayName: string; conditions: { users: UsersCondition } };
    }>(change.spec);
    await assertResolvable(spec.body.displayName, spec.body.conditions.users, context);
    let policyId = spec.policyId;
    if (!policyId) {
      // A create retried after a lost answer finds the policy it made (names are ours to own).
      policyId = await findBeforeCreate(change, context, async () => {
        const found = await env.graph.get<{ value: { id: string; displayName?: string }[] }>(
          '/identity/conditionalAccess/policies',
        );
        return found.value.find((p) => p.displayName === spec.body.displayName)?.id;
      });
    }
    await gate({ ...spec.body, ...(policyId ? { id: policyId } : {}) });
    if (policyId) {
      await env.graph.patch(`/identity/conditionalAccess/policies/${policyId}`, spec.body);
      return { id: policyId, state: String(spec.body.state) };
    }
    const created = await env.graph.post<{ id: string }>('/identity/conditionalAccess/policies', spec.body);
    context.createdIds.add(created.id);
    return { id: created.id, state: String(spec.body.state) };
  };
}
