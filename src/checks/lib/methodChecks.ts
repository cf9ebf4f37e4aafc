/** The common part of the method checks (EA-ACC-007/008/009): per account, its classified methods. */
import type { User } from '../../snapshot/schema.js';
import type { AuditContext, Outcome } from '../types.js';
import { skipNotCollected } from './collected.js';
import { key } from './ids.js';
import { classifyMethod, describeMethod, type MethodLike } from './methods.js';
import { perAccount, type AccountOutcome } from './perAccount.js';
import { accountSubject, tenantSubject } from './subjects.js';

export interface AccountMethods {
  user: User;
  phishingResistant: ReturnType<typeof describeMethod>[];
  personTied: ReturnType<typeof describeMethod>[];
  evidence: Record<string, unknown>;
}

function methodsOf(context: AuditContext, userId: string): MethodLike[] | undefined {
  const all = context.snapshot.graph.authenticationMethods;
  if (!all) return undefined;
  const entry = Object.entries(all).find(([id]) => key(id) === key(userId));
  return entry?.[1];
}

/** One outcome per account from its classified methods; skips when methods were not collected. */
export function perAccountMethods(
  context: AuditContext,
  evaluate: (methods: AccountMethods) => AccountOutcome,
): Outcome[] {
  if (!context.snapshot.graph.authenticationMethods) {
    return [skipNotCollected(context, 'graph.authenticationMethods', tenantSubject(context))];
  }
  return perAccount(context, (account) => {
    const methods = methodsOf(context, account.user.id);
    if (!methods) {
      const { subject: _subject, ...skip } = skipNotCollected(
        context,
        'graph.authenticationMethods',
        accountSubject(account),
      );
      return {
        ...skip,
        message: `Skipped: the methods of ${account.user.userPrincipalName} were not collected.`,
      };
    }
    const phishingResistant = methods
      .filter((m) => classifyMethod(m) === 'phishing-resistant')
      .map(describeMethod);
    const personTied = methods.filter((m) => classifyMethod(m) === 'person-tied').map(describeMethod);
    const evidence = { methods: methods.map(describeMethod), phishingResistant, personTied };
    return evaluate({ user: account.user, phishingResistant, personTied, evidence });
  });
}
