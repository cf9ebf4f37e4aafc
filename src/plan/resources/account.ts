/**
 * The emergency accounts themselves. A new account is created *disabled*: it becomes usable only
 * after it is in the break-glass group and that group is excluded everywhere (see account-enable),
 * so there is never a moment when an enabled emergency account is subject to ordinary policies.
 * The password is generated at apply time and written only to the secrets directory.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import type { Change } from '../types.js';

const NO_EXPIRY = 'DisablePasswordExpiration';

export const accountPlanner: ResourcePlanner = {
  kind: 'account',
  plan(context) {
    return context.accounts.map(({ name, userPrincipalName, user, declared }): Change => {
      const address = `account[${name}]`;
      if (!user) {
        if (!declared.userPrincipalName) {
          return manual(
            address,
            `the account ${declared.id} named in the config does not exist; create it or fix the id`,
          );
        }
        const body = {
          accountEnabled: false,
          displayName: name,
          mailNickname: name.slice(0, 64),
          userPrincipalName,
          passwordPolicies: NO_EXPIRY,
          ...(context.config.accounts.usageLocation
            ? { usageLocation: context.config.accounts.usageLocation }
            : {}),
        };
        return {
          address,
          kind: 'account',
          action: 'create',
          reason: 'the emergency account does not exist',
          before: null,
          after: { ...body, passwordProfile: '(generated at apply, written to the secrets directory only)' },
          dependsOn: [],
          spec: { body },
        };
      }
      const before = {
        id: user.id,
        userPrincipalName: user.userPrincipalName,
        passwordPolicies: user.passwordPolicies ?? null,
        usageLocation: user.usageLocation ?? null,
      };
      if (user.onPremisesSyncEnabled) {
        return manual(
          address,
          `${user.userPrincipalName} is synchronised from on-premises; an emergency account must be cloud-only — create a cloud account instead`,
          before,
        );
      }
      const patch: Record<string, string> = {};
      const policies = (user.passwordPolicies ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (!policies.includes(NO_EXPIRY)) patch.passwordPolicies = [...policies, NO_EXPIRY].join(', ');
      const usageLocation = context.config.accounts.usageLocation;
      if (usageLocation && user.usageLocation !== usageLocation) patch.usageLocation = usageLocation;
      if (Object.keys(patch).length === 0)
        return noOp(address, 'account', 'the account exists as declared', before);
      return {
        address,
        kind: 'account',
        action: 'update',
        reason: patch.passwordPolicies
          ? "the password expires; an emergency account's must not"
          : 'the usage location differs from the config',
        before,
        after: { ...before, ...patch },
        dependsOn: [],
        spec: { userId: user.id, patch },
      };
    });
  },
};

function manual(address: string, reason: string, before: Change['before'] = null): Change {
  return { address, kind: 'account', action: 'manual', reason, before, after: null, dependsOn: [], spec: {} };
}
