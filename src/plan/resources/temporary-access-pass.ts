/**
 * A one-time Temporary Access Pass for each account that has no phishing-resistant method yet, so
 * its custodians can enrol the FIDO2 keys. The pass is created at apply time and written only to
 * the secrets directory; a usable pass is never replaced (creating one deletes the previous).
 */
import type { ResourcePlanner } from '../resource.js';
import { isPhishingResistant, isUsableTemporaryAccessPass } from '../../snapshot/methods.js';
import type { Change } from '../types.js';

export const temporaryAccessPassPlanner: ResourcePlanner = {
  kind: 'temporary-access-pass',
  plan(context) {
    const lifetimeInMinutes = context.config.methods.temporaryAccessPass.lifetimeInMinutes;
    return context.accounts.flatMap((account): Change[] => {
      if (!account.user && !account.declared.userPrincipalName) return [];
      const methods = account.user ? context.snapshot.graph.authenticationMethods?.[account.user.id] : [];
      if (methods === undefined) return []; // not collected: never guess
      if (methods.some(isPhishingResistant) || methods.some(isUsableTemporaryAccessPass)) return [];
      return [
        {
          address: `temporary-access-pass[${account.name}]`,
          kind: 'temporary-access-pass',
          action: 'create',
          reason:
            'the account has no phishing-resistant method; a one-time pass lets its custodians enrol a FIDO2 key',
          before: null,
          after: {
            lifetimeInMinutes,
            isUsableOnce: true,
            temporaryAccessPass: '(generated at apply, written to the secrets directory only)',
          },
          dependsOn: account.user ? [] : [`account[${account.name}]`],
          spec: {
            userId: account.user ? account.user.id : { $ref: `account[${account.name}]#id` },
            body: { lifetimeInMinutes, isUsableOnce: true },
          },
        },
      ];
    });
  },
};
