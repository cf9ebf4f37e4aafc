import type { CheckDefinition } from './types.js';
import { perAccountMethods } from './lib/methodChecks.js';

/** EA-ACC-008: each account has at least two phishing-resistant credentials. */
export const check: CheckDefinition = {
  id: 'EA-ACC-008',
  title: 'Emergency accounts have a backup phishing-resistant credential',
  area: 'accounts',
  severity: 'medium',
  rationale:
    'A single security key can be lost, broken or locked in the wrong safe. A second phishing-resistant credential per account, stored apart from the first, keeps the account usable.',
  doc: 'docs/checks/EA-ACC-008.md',
  evaluate: (context) =>
    perAccountMethods(context, ({ user, phishingResistant, evidence }) =>
      phishingResistant.length >= 2
        ? {
            status: 'pass',
            message: `${user.userPrincipalName} has ${phishingResistant.length} phishing-resistant credentials.`,
            evidence,
          }
        : {
            status: 'fail',
            message: `${user.userPrincipalName} has ${phishingResistant.length} phishing-resistant credential(s); register a backup key.`,
            evidence,
          },
    ),
};
