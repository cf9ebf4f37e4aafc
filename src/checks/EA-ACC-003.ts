import type { CheckDefinition } from './types.js';
import { initialDomain } from './lib/directory.js';
import { key } from './lib/ids.js';
import { perAccount } from './lib/perAccount.js';
import { skipNotCollected } from './lib/collected.js';
import { tenantSubject } from './lib/subjects.js';

/** EA-ACC-003: each UPN is on the tenant's initial *.onmicrosoft.com domain. */
export const check: CheckDefinition = {
  id: 'EA-ACC-003',
  title: 'Emergency accounts use the initial onmicrosoft.com domain',
  area: 'accounts',
  severity: 'medium',
  rationale:
    "A custom domain can be federated, expire or be removed; the initial *.onmicrosoft.com domain cannot. An account on it keeps working whatever happens to the organisation's DNS or identity provider.",
  doc: 'docs/checks/EA-ACC-003.md',
  evaluate(context) {
    const domain = initialDomain(context.snapshot, context.config);
    if (!domain) return [skipNotCollected(context, 'graph.organization', tenantSubject(context))];
    return perAccount(context, ({ user }) => {
      const suffix = user.userPrincipalName.slice(user.userPrincipalName.lastIndexOf('@') + 1);
      return key(suffix) === key(domain)
        ? {
            status: 'pass',
            message: `${user.userPrincipalName} is on the initial domain ${domain}.`,
            evidence: { domain: suffix, initialDomain: domain },
          }
        : {
            status: 'fail',
            message: `${user.userPrincipalName} is on ${suffix}, not on the initial domain ${domain}.`,
            evidence: { domain: suffix, initialDomain: domain },
          };
    });
  },
};
