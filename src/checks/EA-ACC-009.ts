import type { CheckDefinition } from './types.js';
import { perAccountMethods } from './lib/methodChecks.js';

/** EA-ACC-009: no account has a method tied to one person (warn). */
export const check: CheckDefinition = {
  id: 'EA-ACC-009',
  title: 'Emergency accounts have no methods tied to one person',
  area: 'accounts',
  severity: 'low',
  rationale:
    "A phone number, an Authenticator app or a software OATH token lives on one person's device: the account then depends on that person (and their phone network) and differs from no ordinary admin. Microsoft asks that emergency methods not be tied to an individual.",
  doc: 'docs/checks/EA-ACC-009.md',
  evaluate: (context) =>
    perAccountMethods(context, ({ user, personTied, evidence }) =>
      personTied.length === 0
        ? { status: 'pass', message: `${user.userPrincipalName} has no method tied to one person.`, evidence }
        : {
            status: 'warn',
            message: `${user.userPrincipalName} has method(s) tied to one person: ${personTied.map((m) => m.type).join(', ')}.`,
            evidence,
          },
    ),
};
