/** The common part of the group checks: find the break-glass group or say why not. */
import type { Group } from '../../snapshot/schema.js';
import type { AuditContext, Outcome } from '../types.js';
import { skipNotApplicable, skipNotCollected } from './collected.js';
import { findBreakGlassGroup } from './directory.js';
import { groupSubject, tenantSubject } from './subjects.js';

/**
 * Runs `evaluate` on the break-glass group. Without groups in the snapshot: skip. Without the
 * group: `missing` decides (EA-GRP-001 fails; the property checks are not applicable).
 */
export function onBreakGlassGroup(
  context: AuditContext,
  evaluate: (group: Group) => Omit<Outcome, 'subject'>,
  missing: 'fail' | 'not-applicable',
): Outcome[] {
  if (!context.snapshot.graph.groups)
    return [skipNotCollected(context, 'graph.groups', tenantSubject(context))];
  const { group, candidates } = findBreakGlassGroup(context.snapshot, context.config);
  const name = context.config.group.displayName;
  if (!group) {
    return missing === 'fail'
      ? [
          {
            status: 'fail',
            subject: tenantSubject(context),
            message: `The break-glass group ${name} does not exist.`,
            evidence: { displayName: name },
          },
        ]
      : [
          skipNotApplicable(
            tenantSubject(context),
            `the break-glass group ${name} does not exist (see EA-GRP-001)`,
          ),
        ];
  }
  const outcome = evaluate(group);
  if (candidates.length > 1) {
    outcome.evidence = { ...outcome.evidence, sameNameGroups: candidates.map((g) => g.id) };
  }
  return [{ ...outcome, subject: groupSubject(group) }];
}
