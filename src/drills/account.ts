/**
 * Which emergency account a command line means: `drill start EmergencyAccount_1` should work as
 * well as the full UPN or the object id. Pure.
 */
import { UsageError } from '../errors.js';
import type { ReviewAccount } from '../review/types.js';

/**
 * The account `ref` names: by object id, UPN, display name or the UPN's part before `@`, all
 * case-insensitively. A name that matches nothing, or several accounts, is a usage error listing
 * the accounts.
 */
export function findAccount(accounts: readonly ReviewAccount[], ref: string): ReviewAccount {
  const wanted = ref.trim().toLowerCase();
  const names = (account: ReviewAccount) => [
    account.id,
    account.userPrincipalName,
    account.displayName ?? '',
    account.userPrincipalName.split('@')[0] ?? '',
  ];
  const exact = accounts.filter((account) => names(account).some((name) => name.toLowerCase() === wanted));
  if (exact.length === 1) return exact[0]!;
  const known = accounts.map((account) => account.userPrincipalName).join(', ') || 'none were found';
  if (exact.length > 1)
    throw new UsageError(`${ref} names several emergency accounts (${known}): give the UPN`);
  throw new UsageError(`${ref} is not one of the emergency accounts (${known})`);
}
