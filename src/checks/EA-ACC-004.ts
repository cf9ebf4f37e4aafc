import type { CheckDefinition } from './types.js';
import { perAccount } from './lib/perAccount.js';

/** EA-ACC-004: each account is enabled. */
export const check: CheckDefinition = {
  id: 'EA-ACC-004',
  title: 'Emergency accounts are enabled',
  area: 'accounts',
  severity: 'critical',
  rationale:
    'A disabled emergency account cannot sign in, and enabling it needs the very administrator access that is missing in an emergency.',
  doc: 'docs/checks/EA-ACC-004.md',
  evaluate: (context) =>
    perAccount(context, ({ user }) =>
      user.accountEnabled === true
        ? {
            status: 'pass',
            message: `${user.userPrincipalName} is enabled.`,
            evidence: { accountEnabled: true },
          }
        : {
            status: 'fail',
            message: `${user.userPrincipalName} is ${user.accountEnabled === false ? 'disabled' : 'not known to be enabled (accountEnabled missing)'}.`,
            evidence: { accountEnabled: user.accountEnabled ?? null },
          },
    ),
};
