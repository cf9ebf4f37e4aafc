import type { CheckDefinition } from './types.js';
import { perAccount } from './lib/perAccount.js';

/** EA-ACC-006: each account's password does not expire. */
export const check: CheckDefinition = {
  id: 'EA-ACC-006',
  title: 'Emergency account passwords do not expire',
  area: 'accounts',
  severity: 'medium',
  rationale:
    'An emergency account is used rarely; an expiring password forces a change at the worst moment or quietly locks the account. Its password policy must include DisablePasswordExpiration.',
  doc: 'docs/checks/EA-ACC-006.md',
  evaluate: (context) =>
    perAccount(context, ({ user }) => {
      const policies = (user.passwordPolicies ?? '')
        .split(',')
        .map((policy) => policy.trim())
        .filter(Boolean);
      const evidence = { passwordPolicies: user.passwordPolicies ?? null };
      return policies.some((policy) => policy.toLowerCase() === 'disablepasswordexpiration')
        ? { status: 'pass', message: `${user.userPrincipalName}'s password does not expire.`, evidence }
        : {
            status: 'fail',
            message: `${user.userPrincipalName}'s password expires (passwordPolicies lacks DisablePasswordExpiration).`,
            evidence,
          };
    }),
};
