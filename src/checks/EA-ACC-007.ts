import type { CheckDefinition } from './types.js';
import { perAccountMethods } from './lib/methodChecks.js';

/** EA-ACC-007: each account has at least one phishing-resistant method. */
export const check: CheckDefinition = {
  id: 'EA-ACC-007',
  title: 'Emergency accounts have a phishing-resistant method',
  area: 'accounts',
  severity: 'critical',
  rationale:
    'Mandatory MFA for Azure and the admin portals applies to emergency accounts too, and a password alone can be phished. A FIDO2 key or passkey, Windows Hello for Business or a multifactor certificate both satisfies MFA and resists phishing.',
  doc: 'docs/checks/EA-ACC-007.md',
  evaluate: (context) =>
    perAccountMethods(context, ({ user, phishingResistant, evidence }) =>
      phishingResistant.length >= 1
        ? {
            status: 'pass',
            message: `${user.userPrincipalName} has ${phishingResistant.length} phishing-resistant method(s).`,
            evidence,
          }
        : {
            status: 'fail',
            message: `${user.userPrincipalName} has no phishing-resistant method (FIDO2/passkey, Windows Hello for Business or certificate).`,
            evidence,
          },
    ),
};
