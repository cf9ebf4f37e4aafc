/**
 * The lockout gate: before a Conditional Access write that can narrow how an emergency account
 * signs in, the tenant is read afresh and the lockout analysis is run twice — as it is, and with
 * the policy as it would be written. A write that would block an account that can sign in now is
 * refused. (Adding an exclusion only shrinks a policy's scope, so it cannot block anyone and is
 * not gated; the dedicated policy can, and is.)
 */
import type { BreakglassConfig } from '../config/schema.js';
import { declaredAccounts } from '../config/accounts.js';
import type { LockoutVerdict } from '../checks/types.js';
import type { ConditionalAccessPolicy, Snapshot } from '../snapshot/schema.js';
import { evaluateLockout } from '../lockout/index.js';
import type { DedicatedPolicyGate } from './executors/conditional-access.js';

/** A refused write: the message names each account and the policy's reason. */
export class LockoutRefusedError extends Error {
  readonly userFacing = true;
  constructor(readonly blocked: LockoutVerdict[]) {
    super(
      `refusing to write the Conditional Access policy: it would lock out ${blocked
        .map(
          (v) =>
            `${v.userPrincipalName} (${v.decidingPolicies.map((p) => `${p.displayName}: ${p.reason}`).join('; ')})`,
        )
        .join(', ')} — nothing was written`,
    );
  }
}

/** The emergency accounts that exist and are enabled — the ones that must keep signing in. */
export function activeEmergencyAccounts(
  snapshot: Snapshot,
  config: BreakglassConfig,
): { id: string; userPrincipalName: string }[] {
  const initialDomain =
    snapshot.graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? undefined;
  const users = snapshot.graph.users ?? [];
  return declaredAccounts(config, initialDomain).flatMap((declared) => {
    const user = users.find((u) =>
      declared.id
        ? u.id.toLowerCase() === declared.id.toLowerCase()
        : u.userPrincipalName.toLowerCase() === declared.userPrincipalName?.toLowerCase(),
    );
    return user && user.accountEnabled !== false
      ? [{ id: user.id, userPrincipalName: user.userPrincipalName }]
      : [];
  });
}

/** Accounts allowed now that `policy`, written as given, would block. Pure. */
export function newlyBlocked(
  snapshot: Snapshot,
  policy: ConditionalAccessPolicy,
  accounts: { id: string; userPrincipalName: string }[],
): LockoutVerdict[] {
  const before = evaluateLockout(snapshot.graph, accounts);
  const policies = (snapshot.graph.conditionalAccessPolicies ?? []).filter(
    (p) => p.id.toLowerCase() !== policy.id.toLowerCase(),
  );
  const after = evaluateLockout(
    { ...snapshot.graph, conditionalAccessPolicies: [...policies, policy] },
    accounts,
  );
  return after.filter(
    (verdict) =>
      verdict.verdict === 'blocked' &&
      before.find((b) => b.accountId === verdict.accountId)?.verdict === 'allowed',
  );
}

/** The gate apply uses: reads the tenant afresh through `collect`, then asks `newlyBlocked`. */
export function lockoutGate(collect: () => Promise<Snapshot>, config: BreakglassConfig): DedicatedPolicyGate {
  return async (policy) => {
    const snapshot = await collect();
    const candidate = { ...policy, id: policy.id ?? '(new policy)' } as ConditionalAccessPolicy;
    const blocked = newlyBlocked(snapshot, candidate, activeEmergencyAccounts(snapshot, config));
    if (blocked.length > 0) throw new LockoutRefusedError(blocked);
  };
}
