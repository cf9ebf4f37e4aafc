/**
 * The shape most account checks share: one outcome per emergency account, a `skip` when the
 * users were not collected, and `not-applicable` for an account that does not resolve (EA-ACC-001
 * reports that) or when there are no accounts at all.
 */
import type { User } from '../../snapshot/schema.js';
import type { AuditContext, Outcome, ResolvedAccount } from '../types.js';
import { skipNotApplicable, skipNotCollected } from './collected.js';
import { accountSubject, tenantSubject } from './subjects.js';

/** What a per-account evaluation returns: an outcome without its subject (filled in here). */
export type AccountOutcome = Omit<Outcome, 'subject'>;

export function perAccount(
  context: AuditContext,
  evaluate: (account: ResolvedAccount & { user: User }) => AccountOutcome,
): Outcome[] {
  if (!context.snapshot.graph.users)
    return [skipNotCollected(context, 'graph.users', tenantSubject(context))];
  if (context.accounts.length === 0)
    return [skipNotApplicable(tenantSubject(context), 'no emergency accounts were found (see EA-ACC-001)')];
  return context.accounts.map((account) => {
    const subject = accountSubject(account);
    if (!account.user)
      return skipNotApplicable(subject, `account ${account.ref} does not resolve (see EA-ACC-001)`);
    return { ...evaluate(account as ResolvedAccount & { user: User }), subject };
  });
}
