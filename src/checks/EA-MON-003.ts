import type { CheckDefinition } from './types.js';
import { signInRuleAnalyses } from './lib/alertRules.js';
import { skipNotCollected } from './lib/collected.js';
import { key } from './lib/ids.js';
import { missingResources } from './lib/monitoring.js';
import { perAccount } from './lib/perAccount.js';
import { tenantSubject } from './lib/subjects.js';

/** EA-MON-003: an enabled log alert on the sign-in workspace fires on a sign-in of every account. */
export const check: CheckDefinition = {
  id: 'EA-MON-003',
  title: 'An alert fires on every emergency sign-in',
  area: 'monitoring',
  severity: 'critical',
  rationale:
    'An emergency account used without anyone noticing is a backdoor. A log search alert on SigninLogs that names each account by object id (or UPN), fires on any row (greater than 0) and runs every few minutes makes every use visible at once.',
  doc: 'docs/checks/EA-MON-003.md',
  evaluate(context) {
    const missing = missingResources(context, ['scheduledQueryRules']);
    if (missing) return [skipNotCollected(context, missing, tenantSubject(context))];
    const analyses = signInRuleAnalyses(context) ?? [];
    return perAccount(context, ({ user }) => {
      const rules = analyses.map((analysis) => {
        const coverage = analysis.coverage.get(key(user.id));
        return {
          id: analysis.rule.resource.id,
          name: analysis.rule.resource.name,
          problems: analysis.problems,
          filtersOnAccount: coverage?.selects ?? false,
          ...(coverage?.selects ? { matchedBy: coverage.matchedBy } : { why: coverage?.reason }),
        };
      });
      const good = rules.find((rule) => rule.filtersOnAccount && rule.problems.length === 0);
      const evidence = { rules };
      if (good)
        return {
          status: 'pass',
          message: `Alert rule ${good.name} fires on sign-ins of ${user.userPrincipalName}.`,
          evidence,
        };
      if (rules.length === 0) {
        return {
          status: 'fail',
          message: `No log alert rule on the sign-in workspace queries SigninLogs, so a sign-in of ${user.userPrincipalName} raises no alert.`,
          evidence,
        };
      }
      const naming = rules.filter((rule) => rule.filtersOnAccount);
      const message =
        naming.length > 0
          ? `The alert rule(s) that watch ${user.userPrincipalName} cannot be relied on: ${naming.map((rule) => `${rule.name}: ${rule.problems.join('; ')}`).join(' | ')}.`
          : `${user.userPrincipalName} is missing from the filter of every sign-in alert rule (${rules.map((rule) => rule.name).join(', ')}).`;
      return { status: 'fail', message, evidence };
    });
  },
};
