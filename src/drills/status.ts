/**
 * `breakglass drill status` as data: for each account its last verified drill, when the next one
 * is due (last + `audit.drillIntervalDays`, 90 by default — Microsoft's "at least every 90 days"),
 * and whether it is overdue. Pure; judged like EA-OPS-001 (a drill counts from when it started).
 */
import type { ReviewAccount } from '../review/types.js';
import type { DrillRecord } from '../state/store.js';

const DAY = 86_400_000;

/** One account's drill standing. */
export interface AccountDrillStatus {
  accountId: string;
  userPrincipalName: string;
  lastVerified?: Pick<DrillRecord, 'id' | 'startedAt' | 'verifiedAt'>;
  /** A drill started and not (yet) verified, the newest. */
  open?: Pick<DrillRecord, 'id' | 'startedAt' | 'alertFired' | 'signInId'>;
  /** When the next drill is due; absent when the account was never drilled (due now). */
  nextDue?: string;
  overdue: boolean;
}

/** The drill status of each account, in the accounts' order. */
export function drillStatus(
  accounts: readonly ReviewAccount[],
  drills: readonly DrillRecord[],
  now: Date,
  intervalDays: number,
): AccountDrillStatus[] {
  return accounts.map((account) => {
    const own = drills
      .filter(
        (d) =>
          d.accountId.toLowerCase() === account.id.toLowerCase() && Date.parse(d.startedAt) <= now.getTime(),
      )
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    const lastVerified = own.find((d) => d.verified);
    const open = own.find((d) => !d.verified && (!lastVerified || d.startedAt > lastVerified.startedAt));
    const nextDue = lastVerified
      ? new Date(Date.parse(lastVerified.startedAt) + intervalDays * DAY)
      : undefined;
    return {
      accountId: account.id,
      userPrincipalName: account.userPrincipalName,
      ...(lastVerified
        ? {
            lastVerified: {
              id: lastVerified.id,
              startedAt: lastVerified.startedAt,
              verifiedAt: lastVerified.verifiedAt,
            },
          }
        : {}),
      ...(open
        ? {
            open: {
              id: open.id,
              startedAt: open.startedAt,
              alertFired: open.alertFired,
              signInId: open.signInId,
            },
          }
        : {}),
      ...(nextDue ? { nextDue: nextDue.toISOString() } : {}),
      overdue: !nextDue || nextDue.getTime() < now.getTime(),
    };
  });
}
