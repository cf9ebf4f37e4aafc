import type { CheckDefinition } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { tenantSubject } from './lib/subjects.js';
import { resolvedUsers } from './context.js';

/** EA-ACC-001: at least two emergency accounts exist and resolve. */
export const check: CheckDefinition = {
  id: 'EA-ACC-001',
  title: 'At least two emergency accounts exist',
  area: 'accounts',
  severity: 'critical',
  rationale:
    'One emergency account is a single point of failure: a lost key, a typo in a policy or a disabled account leaves the tenant without a way in. Microsoft recommends two or more.',
  doc: 'docs/checks/EA-ACC-001.md',
  evaluate(context) {
    const subject = tenantSubject(context);
    if (!context.snapshot.graph.users) return [skipNotCollected(context, 'graph.users', subject)];
    const resolved = resolvedUsers(context);
    const unresolved = context.accounts.filter((account) => !account.user).map((account) => account.ref);
    const evidence = {
      accountSource: context.accountSource,
      resolved: resolved.map(({ user }) => ({ id: user.id, userPrincipalName: user.userPrincipalName })),
      unresolved,
    };
    const source =
      context.accountSource === 'group'
        ? ` (no config: taken from the members of group ${context.config.group.displayName})`
        : '';
    if (resolved.length >= 2 && unresolved.length === 0) {
      return [
        {
          status: 'pass',
          subject,
          message: `${resolved.length} emergency accounts exist${source}.`,
          evidence,
        },
      ];
    }
    const missing = unresolved.length > 0 ? ` Not found: ${unresolved.join(', ')}.` : '';
    return [
      {
        status: 'fail',
        subject,
        message: `${resolved.length} of the ${Math.max(context.accounts.length, 2)} emergency accounts needed exist${source}.${missing}`,
        evidence,
      },
    ];
  },
};
