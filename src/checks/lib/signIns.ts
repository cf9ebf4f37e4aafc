/**
 * The emergency accounts' sign-ins from every source the snapshot has: Graph sign-in logs and
 * `SigninLogs` rows from Log Analytics, merged by sign-in id — and their matching to drills.
 */
import type { Drill } from '../../snapshot/schema.js';
import type { AuditContext, ReviewedSignIn } from '../types.js';
import { resolvedUsers } from '../context.js';
import { key } from './ids.js';

export interface AccountSignIn {
  id: string;
  /** Lowercase object id of the account. */
  accountId: string;
  userPrincipalName: string;
  at: Date;
  sources: ('graph' | 'logAnalytics')[];
  appDisplayName?: string;
  ipAddress?: string;
  /** `0` = success, otherwise the Entra error code. */
  result?: string;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : typeof value === 'number' ? String(value) : undefined;

/** Whether any sign-in source was collected at all. */
export function signInSourcesCollected(context: AuditContext): boolean {
  return (
    context.snapshot.graph.signIns !== undefined ||
    Object.values(context.snapshot.azure?.logs ?? {}).some((tables) => tables['SigninLogs'] !== undefined)
  );
}

/** Sign-ins of the resolved accounts at or after `since` (and not after `now`), oldest first. */
export function accountSignIns(context: AuditContext, since: Date): AccountSignIn[] {
  const byId = new Map<string, string>();
  const byUpn = new Map<string, string>();
  for (const { user } of resolvedUsers(context)) {
    byId.set(key(user.id), user.userPrincipalName);
    byUpn.set(key(user.userPrincipalName), key(user.id));
  }
  const found = new Map<string, AccountSignIn>();
  const add = (entry: Omit<AccountSignIn, 'sources'>, source: AccountSignIn['sources'][number]) => {
    if (Number.isNaN(entry.at.getTime()) || entry.at < since || entry.at > context.now) return;
    const existing = found.get(key(entry.id));
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      return;
    }
    found.set(key(entry.id), { ...entry, sources: [source] });
  };
  for (const signIn of context.snapshot.graph.signIns ?? []) {
    const accountId = key(signIn.userId);
    const upn = byId.get(accountId);
    if (upn === undefined) continue;
    const status = signIn['status'] as { errorCode?: unknown } | undefined;
    add(
      {
        id: signIn.id,
        accountId,
        userPrincipalName: upn,
        at: new Date(signIn.createdDateTime),
        ...(str(signIn['appDisplayName']) ? { appDisplayName: str(signIn['appDisplayName']) } : {}),
        ...(str(signIn['ipAddress']) ? { ipAddress: str(signIn['ipAddress']) } : {}),
        ...(str(status?.errorCode) ? { result: str(status?.errorCode) } : {}),
      },
      'graph',
    );
  }
  for (const tables of Object.values(context.snapshot.azure?.logs ?? {})) {
    for (const row of tables['SigninLogs'] ?? []) {
      const accountId = byId.has(key(str(row['UserId'])))
        ? key(str(row['UserId']))
        : byUpn.get(key(str(row['UserPrincipalName'])));
      if (!accountId) continue;
      const when = str(row['CreatedDateTime']) ?? str(row['TimeGenerated']) ?? '';
      add(
        {
          id: str(row['Id']) ?? `${accountId}@${when}`,
          accountId,
          userPrincipalName: byId.get(accountId) ?? '',
          at: new Date(when),
          ...(str(row['AppDisplayName']) ? { appDisplayName: str(row['AppDisplayName']) } : {}),
          ...(str(row['IPAddress']) ? { ipAddress: str(row['IPAddress']) } : {}),
          ...(str(row['ResultType']) ? { result: str(row['ResultType']) } : {}),
        },
        'logAnalytics',
      );
    }
  }
  return [...found.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
}

/** A drill explains sign-ins of its account from 15 minutes before it started to 4 hours after. */
export const DRILL_WINDOW = { beforeMinutes: 15, afterMinutes: 240 } as const;

/** The drill that explains a sign-in: the one that recorded its id, else one of the same account whose window holds it. */
export function matchingDrill(signIn: AccountSignIn, drills: readonly Drill[]): Drill | undefined {
  const byId = drills.find((drill) => drill.signInId && key(drill.signInId) === key(signIn.id));
  if (byId) return byId;
  return drills.find((drill) => {
    if (key(drill.accountId) !== signIn.accountId) return false;
    const start = new Date(drill.at).getTime();
    const at = signIn.at.getTime();
    return (
      at >= start - DRILL_WINDOW.beforeMinutes * 60_000 && at <= start + DRILL_WINDOW.afterMinutes * 60_000
    );
  });
}

/**
 * The sign-in review the audit report shows: every sign-in of the accounts in the review window
 * (`audit.reviewWindowDays` before `now`), classified the same way EA-OPS-002 judges it.
 */
export function reviewSignIns(context: AuditContext): ReviewedSignIn[] {
  const since = new Date(context.now.getTime() - context.config.audit.reviewWindowDays * 86_400_000);
  const drills = context.snapshot.drills ?? [];
  return accountSignIns(context, since).map((signIn) => {
    const drill = matchingDrill(signIn, drills);
    return {
      id: signIn.id,
      createdDateTime: signIn.at.toISOString(),
      userId: signIn.accountId,
      userPrincipalName: signIn.userPrincipalName,
      classification: drill ? 'drill' : 'unexplained',
      ...(signIn.appDisplayName ? { appDisplayName: signIn.appDisplayName } : {}),
      ...(signIn.ipAddress ? { ipAddress: signIn.ipAddress } : {}),
      ...(signIn.result !== undefined ? { result: signIn.result === '0' ? 'success' : signIn.result } : {}),
      ...(drill ? { drillAt: drill.at } : {}),
    };
  });
}
