import type { CheckDefinition, Outcome } from './types.js';
import { parseAnyAlertQuery, queryMentionsAccounts } from './lib/alertRules.js';
import { skipNotApplicable, skipNotCollected } from './lib/collected.js';
import { alertRules, missingResources } from './lib/monitoring.js';
import { formatDiagnostics } from '../kql/parse.js';
import { armSubject, tenantSubject } from './lib/subjects.js';

/** EA-MON-006: every alert rule that mentions the accounts has KQL that parses. */
export const check: CheckDefinition = {
  id: 'EA-MON-006',
  title: 'Alert queries about the accounts are valid KQL',
  area: 'monitoring',
  severity: 'high',
  rationale:
    'A query with a syntax error — such as the typographic closing quote in a copied guide — never returns a row, so its alert never fires and nothing says so. Every rule that names an emergency account must parse cleanly.',
  doc: 'docs/checks/EA-MON-006.md',
  evaluate(context) {
    const missing = missingResources(context, ['scheduledQueryRules']);
    if (missing) return [skipNotCollected(context, missing, tenantSubject(context))];
    const rules = alertRules(context) ?? [];
    const mentioning = rules.filter((rule) =>
      rule.conditions.some((c) => queryMentionsAccounts(context, c.query)),
    );
    if (mentioning.length === 0)
      return [skipNotApplicable(tenantSubject(context), 'no alert rule mentions the emergency accounts')];
    return mentioning.map((rule): Outcome => {
      const subject = armSubject('alertRule', rule.resource);
      const errors = rule.conditions.flatMap((condition) =>
        parseAnyAlertQuery(condition.query).diagnostics.filter((d) => d.severity === 'error'),
      );
      const evidence = { diagnostics: errors, queries: rule.conditions.map((c) => c.query) };
      return errors.length === 0
        ? {
            status: 'pass',
            subject,
            message: `The KQL of ${rule.resource.name} parses without errors.`,
            evidence,
          }
        : {
            status: 'fail',
            subject,
            message: `The KQL of ${rule.resource.name} does not parse: ${formatDiagnostics(errors).join('; ')}.`,
            evidence,
          };
    });
  },
};
