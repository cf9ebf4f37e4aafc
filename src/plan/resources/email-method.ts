/**
 * The email authentication method, when the config names a shared, monitored address. It is a
 * recovery method (self-service password reset), never a sign-in factor.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import type { Change } from '../types.js';

const EMAIL_TYPE = '#microsoft.graph.emailAuthenticationMethod';

export const emailMethodPlanner: ResourcePlanner = {
  kind: 'email-method',
  plan(context) {
    const email = context.config.methods.email;
    if (!email) return [];
    return context.accounts.flatMap((account): Change[] => {
      if (!account.user && !account.declared.userPrincipalName) return [];
      const address = `email-method[${account.name}]`;
      const methods = account.user
        ? (context.snapshot.graph.authenticationMethods?.[account.user.id] ?? [])
        : [];
      const existing = methods.find((m) => m['@odata.type'] === EMAIL_TYPE);
      const current = existing ? String(existing['emailAddress'] ?? '') : null;
      if (current?.toLowerCase() === email.toLowerCase()) {
        return [noOp(address, 'email-method', 'the email method is registered', { emailAddress: current })];
      }
      const userId = account.user ? account.user.id : { $ref: `account[${account.name}]#id` };
      return [
        {
          address,
          kind: 'email-method',
          action: existing ? 'update' : 'create',
          reason: existing
            ? 'the email method points to another address'
            : 'the email method is not registered',
          before: current ? { emailAddress: current } : null,
          after: { emailAddress: email },
          dependsOn: account.user ? [] : [`account[${account.name}]`],
          spec: { userId, methodId: existing?.id ?? null, body: { emailAddress: email } },
        },
      ];
    });
  },
};
