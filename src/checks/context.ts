/**
 * Resolving the audit context once per audit: which accounts are the emergency accounts, which
 * model applies, and what "now" is. Checks never re-derive these.
 */
import { accountName, declaredAccounts } from '../config/accounts.js';
import { defaultConfig, type BreakglassConfig } from '../config/schema.js';
import type { Snapshot, User } from '../snapshot/schema.js';
import type { AuditContext, ResolvedAccount, SkipReason } from './types.js';
import { findBreakGlassGroup, initialDomain, transitiveMembers, userIndex } from './lib/directory.js';
import { key } from './lib/ids.js';

export interface ResolveOptions {
  /** Evaluation time; defaults to the snapshot's `capturedAt`, so an audit of a snapshot is repeatable. */
  now?: Date;
  /** What the collector could not read, keyed by snapshot path (e.g. `graph.signIns`). */
  collectionErrors?: Record<string, { reason: SkipReason; detail: string }>;
  /**
   * Where the accounts come from. Default: `config` when a config was given, `group` (the
   * break-glass group's members) when `config` is undefined.
   */
  accountSource?: 'config' | 'group';
}

function collectionErrorsIn(snapshot: Snapshot): AuditContext['collectionErrors'] {
  // A collector may also record them in the snapshot itself (an additive, unknown-to-schema key).
  const recorded = (snapshot as { collectionErrors?: unknown }).collectionErrors;
  return recorded && typeof recorded === 'object' ? (recorded as AuditContext['collectionErrors']) : {};
}

/** The user a UPN names; without a domain, the one user whose UPN starts with `name@`. */
function userByUpn(snapshot: Snapshot, upn: string): User | undefined {
  const index = userIndex(snapshot);
  if (upn.includes('@')) return index.byUpn.get(key(upn));
  const matches = (snapshot.graph.users ?? []).filter((user) =>
    key(user.userPrincipalName).startsWith(`${key(upn)}@`),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

function accountsFromConfig(snapshot: Snapshot, config: BreakglassConfig): ResolvedAccount[] {
  const index = userIndex(snapshot);
  const domain = initialDomain(snapshot, config);
  return declaredAccounts(config, domain).map((declared) => {
    const ref =
      declared.userPrincipalName ?? declared.id ?? accountName(config.accounts.naming, declared.index);
    const user = declared.id ? index.byId.get(key(declared.id)) : userByUpn(snapshot, ref);
    const role = declared.role === 'both' ? undefined : declared.role;
    return { ref, ...(user ? { user } : {}), ...(role ? { role } : {}) };
  });
}

/**
 * Without a config, the accounts are the group's direct user members. Users who are in it only
 * through a nested group are not taken for emergency accounts: they are intruders, which
 * EA-GRP-001 reports, and the collector reads no per-account data for them.
 */
function accountsFromGroup(snapshot: Snapshot, config: BreakglassConfig): ResolvedAccount[] {
  const { group } = findBreakGlassGroup(snapshot, config);
  if (!group) return [];
  const index = userIndex(snapshot);
  const direct = new Set((group.members ?? []).map(key));
  return transitiveMembers(snapshot, group.id)
    .users.filter((id) => direct.has(key(id)))
    .map((id) => {
      const user = index.byId.get(id);
      return { ref: user?.id ?? id, ...(user ? { user } : {}) };
    });
}

/**
 * Builds the `AuditContext` for `snapshot`. With `config` undefined (no config file) the defaults
 * apply and the accounts are the break-glass group's members (`accountSource: 'group'`).
 */
export function resolveAuditContext(
  snapshot: Snapshot,
  config: BreakglassConfig | undefined,
  options: ResolveOptions = {},
): AuditContext {
  const effective = config ?? defaultConfig();
  const accountSource = options.accountSource ?? (config ? 'config' : 'group');
  const accounts =
    accountSource === 'config'
      ? accountsFromConfig(snapshot, effective)
      : accountsFromGroup(snapshot, effective);
  const captured = new Date(snapshot.capturedAt);
  return {
    snapshot,
    config: effective,
    model: effective.model,
    accounts,
    accountSource,
    collectionErrors: { ...collectionErrorsIn(snapshot), ...options.collectionErrors },
    now: options.now ?? (Number.isNaN(captured.getTime()) ? new Date(0) : captured),
  };
}

/** The accounts that resolved to a user, with that user. */
export function resolvedUsers(context: AuditContext): (ResolvedAccount & { user: User })[] {
  return context.accounts.filter(
    (account): account is ResolvedAccount & { user: User } => account.user !== undefined,
  );
}
