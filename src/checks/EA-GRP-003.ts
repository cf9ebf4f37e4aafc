import type { CheckDefinition } from './types.js';
import { onBreakGlassGroup } from './lib/groupCheck.js';

/** EA-GRP-003: the group has assigned (static) membership. */
export const check: CheckDefinition = {
  id: 'EA-GRP-003',
  title: 'The break-glass group has assigned membership',
  area: 'group',
  severity: 'high',
  rationale:
    'A dynamic group takes in whoever matches its rule: anyone who can edit a user attribute can then slip an account into the group every policy excludes. Membership must be assigned, one account at a time.',
  doc: 'docs/checks/EA-GRP-003.md',
  evaluate: (context) =>
    onBreakGlassGroup(
      context,
      (group) => {
        const dynamic =
          (group.groupTypes ?? []).some((type) => type.toLowerCase() === 'dynamicmembership') ||
          !!group.membershipRule;
        const evidence = { groupTypes: group.groupTypes ?? [], membershipRule: group.membershipRule ?? null };
        return dynamic
          ? {
              status: 'fail',
              message: `Group ${group.displayName ?? group.id} has dynamic membership (rule: ${group.membershipRule ?? 'none'}).`,
              evidence,
            }
          : {
              status: 'pass',
              message: `Group ${group.displayName ?? group.id} has assigned membership.`,
              evidence,
            };
      },
      'not-applicable',
    ),
};
