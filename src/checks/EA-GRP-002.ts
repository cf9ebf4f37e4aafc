import type { CheckDefinition } from './types.js';
import { onBreakGlassGroup } from './lib/groupCheck.js';

/** EA-GRP-002: the group is role-assignable. */
export const check: CheckDefinition = {
  id: 'EA-GRP-002',
  title: 'The break-glass group is role-assignable',
  area: 'group',
  severity: 'high',
  rationale:
    'Only Privileged Role Administrators and Global Administrators can change the membership of a role-assignable group. Otherwise a Groups or User Administrator could add themselves to the group that every policy excludes.',
  doc: 'docs/checks/EA-GRP-002.md',
  evaluate: (context) =>
    onBreakGlassGroup(
      context,
      (group) =>
        group.isAssignableToRole === true
          ? {
              status: 'pass',
              message: `Group ${group.displayName ?? group.id} is role-assignable.`,
              evidence: { isAssignableToRole: true },
            }
          : {
              status: 'fail',
              message: `Group ${group.displayName ?? group.id} is not role-assignable, so lower administrators can change its members. The property is set only at creation: recreate the group.`,
              evidence: { isAssignableToRole: group.isAssignableToRole ?? null },
            },
      'not-applicable',
    ),
};
