import type { CheckDefinition } from './types.js';
import { perAccount } from './lib/perAccount.js';

/** EA-ACC-002: each account is cloud-only. */
export const check: CheckDefinition = {
  id: 'EA-ACC-002',
  title: 'Emergency accounts are cloud-only',
  area: 'accounts',
  severity: 'high',
  rationale:
    'A synced account depends on on-premises AD and the sync engine: if either is down or compromised, the account can be disabled, deleted or taken over from there. Emergency accounts must live only in Entra ID.',
  doc: 'docs/checks/EA-ACC-002.md',
  evaluate: (context) =>
    perAccount(context, ({ user }) =>
      user.onPremisesSyncEnabled === true
        ? {
            status: 'fail',
            message: `${user.userPrincipalName} is synchronised from on-premises Active Directory.`,
            evidence: { onPremisesSyncEnabled: true },
          }
        : {
            status: 'pass',
            message: `${user.userPrincipalName} is cloud-only.`,
            evidence: { onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null },
          },
    ),
};
