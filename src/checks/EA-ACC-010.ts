import type { CheckDefinition } from './types.js';
import { perAccount } from './lib/perAccount.js';

/** The naming pattern (`EmergencyAccount_{n}`) as a case-insensitive regex on the UPN's local part. */
export function namingRegex(pattern: string): RegExp {
  const escaped = pattern
    .split('{n}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\d+');
  return new RegExp(`^${escaped}$`, 'i');
}

/** EA-ACC-010: each account's name follows the configured naming convention. */
export const check: CheckDefinition = {
  id: 'EA-ACC-010',
  title: 'Emergency accounts follow the naming convention',
  area: 'accounts',
  severity: 'low',
  rationale:
    'A consistent name makes the accounts easy to find in logs, alerts and reviews, and makes an impostor account with a look-alike name stand out.',
  doc: 'docs/checks/EA-ACC-010.md',
  evaluate(context) {
    const pattern = context.config.accounts.naming;
    const regex = namingRegex(pattern);
    return perAccount(context, ({ user }) => {
      const localPart = user.userPrincipalName.slice(0, user.userPrincipalName.lastIndexOf('@'));
      const evidence = { localPart, naming: pattern };
      return regex.test(localPart)
        ? { status: 'pass', message: `${user.userPrincipalName} follows ${pattern}.`, evidence }
        : {
            status: 'fail',
            message: `${user.userPrincipalName} does not follow the naming convention ${pattern}.`,
            evidence,
          };
    });
  },
};
