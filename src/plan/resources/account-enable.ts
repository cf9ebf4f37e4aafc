/**
 * Enabling an emergency account is the last account step: only once it is in the group and the
 * group is excluded from every other policy can it sign in without meeting ordinary policies.
 */
import type { ResourcePlanner } from '../resource.js';
import type { Change } from '../types.js';
import { policiesNeedingExclusion } from './ca-exclusion.js';

export const accountEnablePlanner: ResourcePlanner = {
  kind: 'account-enable',
  plan(context) {
    const exclusionAddresses = policiesNeedingExclusion(context).map((p) => `ca-exclusion[${p.id}]`);
    return context.accounts.flatMap((account): Change[] => {
      if (account.user?.accountEnabled !== false && account.user) return [];
      if (!account.user && !account.declared.userPrincipalName) return [];
      return [
        {
          address: `account-enable[${account.name}]`,
          kind: 'account-enable',
          action: 'update',
          reason: account.user
            ? 'the account is disabled'
            : 'new accounts are created disabled and enabled once excluded',
          before: { accountEnabled: false },
          after: { accountEnabled: true },
          dependsOn: [
            `group-membership[${account.name}]`,
            ...exclusionAddresses,
            ...(account.user ? [] : [`account[${account.name}]`]),
          ],
          spec: { userId: account.user ? account.user.id : { $ref: `account[${account.name}]#id` } },
        },
      ];
    });
  },
};
