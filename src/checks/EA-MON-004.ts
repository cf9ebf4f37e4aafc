import type { CheckDefinition, Outcome } from './types.js';
import { signInRuleAnalyses } from './lib/alertRules.js';
import { skipNotCollected } from './lib/collected.js';
import { activeReceivers, findResource, missingResources } from './lib/monitoring.js';
import { armSubject, tenantSubject } from './lib/subjects.js';

/** EA-MON-004: the sign-in alert rule notifies someone through an action group. */
export const check: CheckDefinition = {
  id: 'EA-MON-004',
  title: 'The sign-in alert notifies someone',
  area: 'monitoring',
  severity: 'high',
  rationale:
    'An alert that fires without an action group, or into an action group with no working receiver, is seen by nobody. The sign-in alert must reach people by email, SMS, voice, push or a webhook.',
  doc: 'docs/checks/EA-MON-004.md',
  evaluate(context) {
    const missing = missingResources(context, ['scheduledQueryRules', 'actionGroups']);
    if (missing) return [skipNotCollected(context, missing, tenantSubject(context))];
    const analyses = signInRuleAnalyses(context) ?? [];
    // The rules that watch at least one emergency account.
    const watching = analyses.filter((analysis) => [...analysis.coverage.values()].some((c) => c.selects));
    if (watching.length === 0) {
      return [
        {
          status: 'fail',
          subject: tenantSubject(context),
          message:
            "No alert rule watches the emergency accounts' sign-ins, so nobody is notified (see EA-MON-003).",
          evidence: {},
        },
      ];
    }
    return watching.map(({ rule }): Outcome => {
      const subject = armSubject('alertRule', rule.resource);
      const groups = rule.actionGroups.map((id) => {
        const group = findResource(context, id);
        if (!group) return { id, found: false, enabled: false, receivers: 0, byKind: {} };
        const receivers = activeReceivers(group);
        return {
          id,
          found: true,
          enabled: group.properties?.['enabled'] !== false,
          receivers: receivers.total,
          byKind: receivers.active,
        };
      });
      const evidence = { actionGroups: groups };
      const working = groups.find((group) => group.found && group.enabled && group.receivers > 0);
      if (working)
        return {
          status: 'pass',
          subject,
          message: `Alert rule ${rule.resource.name} notifies ${working.receivers} receiver(s) through ${working.id.slice(working.id.lastIndexOf('/') + 1)}.`,
          evidence,
        };
      const why =
        groups.length === 0
          ? 'has no action group'
          : groups
              .map((group) =>
                !group.found
                  ? `${group.id} does not exist`
                  : !group.enabled
                    ? `${group.id} is disabled`
                    : `${group.id} has no active receiver`,
              )
              .join('; ');
      return {
        status: 'fail',
        subject,
        message: `Alert rule ${rule.resource.name} ${groups.length === 0 ? why : `notifies nobody: ${why}`}.`,
        evidence,
      };
    });
  },
};
