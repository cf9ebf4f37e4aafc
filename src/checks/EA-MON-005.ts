import type { CheckDefinition } from './types.js';
import { isConditionalAccessOperation, parseAnyAlertQuery, stringLiterals } from './lib/alertRules.js';
import { skipNotCollected } from './lib/collected.js';
import { findBreakGlassGroup } from './lib/directory.js';
import { findDedicatedPolicy } from './lib/dedicatedPolicy.js';
import { key } from './lib/ids.js';
import { alertRules, isAlertingKind, missingResources } from './lib/monitoring.js';
import { armSubject, tenantSubject } from './lib/subjects.js';
import { resolvedUsers } from './context.js';

/** EA-MON-005: an enabled alert covers changes (AuditLogs) to the accounts, the group or the dedicated policy. */
export const check: CheckDefinition = {
  id: 'EA-MON-005',
  title: 'An alert watches changes to the emergency setup',
  area: 'monitoring',
  severity: 'medium',
  rationale:
    'An attacker or a careless admin can weaken emergency access without signing in with it: reset a method, add a member to the group, edit the policy. An alert on AuditLogs for the accounts, the group and the dedicated policy makes such changes visible.',
  doc: 'docs/checks/EA-MON-005.md',
  evaluate(context) {
    const missing = missingResources(context, ['scheduledQueryRules']);
    if (missing) return [skipNotCollected(context, missing, tenantSubject(context))];
    const rules = alertRules(context) ?? [];
    const targets = new Map<string, string>();
    for (const { user } of resolvedUsers(context)) {
      targets.set(key(user.id), `account ${user.userPrincipalName}`);
      targets.set(key(user.userPrincipalName), `account ${user.userPrincipalName}`);
    }
    const group = findBreakGlassGroup(context.snapshot, context.config).group;
    if (group) targets.set(key(group.id), `group ${group.displayName ?? group.id}`);
    const policy = findDedicatedPolicy(context);
    if (policy) targets.set(key(policy.id), `policy ${policy.displayName ?? policy.id}`);

    const candidates = rules
      .filter((rule) => rule.enabled && isAlertingKind(rule))
      .flatMap((rule) =>
        rule.conditions
          .filter((c) => /\bAuditLogs\b/i.test(c.query))
          .map((condition) => ({ rule, condition })),
      )
      .map(({ rule, condition }) => {
        const parsed = parseAnyAlertQuery(condition.query);
        const literals = parsed.ok ? stringLiterals(parsed) : [];
        const covered = new Set<string>();
        for (const literal of literals) {
          const target = targets.get(key(literal));
          if (target) covered.add(target);
          if (isConditionalAccessOperation(literal)) covered.add('Conditional Access policy changes');
        }
        return { rule, parsed: parsed.ok, covered: [...covered].sort() };
      });
    const evidence = {
      rules: candidates.map((c) => ({ id: c.rule.resource.id, parses: c.parsed, covers: c.covered })),
      targets: [...new Set(targets.values())].sort(),
    };
    const best = candidates
      .filter((c) => c.parsed && c.covered.length > 0)
      .sort((a, b) => b.covered.length - a.covered.length)[0];
    if (best) {
      return [
        {
          status: 'pass',
          subject: armSubject('alertRule', best.rule.resource),
          message: `Alert rule ${best.rule.resource.name} watches changes to: ${best.covered.join(', ')}.`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'fail',
        subject: tenantSubject(context),
        message:
          candidates.length === 0
            ? 'No enabled alert rule queries AuditLogs for changes to the emergency accounts, the group or the dedicated policy.'
            : 'No enabled AuditLogs alert rule parses and names the emergency accounts, the group or the dedicated policy.',
        evidence,
      },
    ];
  },
};
