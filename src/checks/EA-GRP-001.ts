import type { CheckDefinition } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { transitiveMembers, userIndex } from './lib/directory.js';
import { onBreakGlassGroup } from './lib/groupCheck.js';
import { key } from './lib/ids.js';
import { groupSubject } from './lib/subjects.js';
import { resolvedUsers } from './context.js';

/** EA-GRP-001: the group exists and its (transitive) members are exactly the accounts. */
export const check: CheckDefinition = {
  id: 'EA-GRP-001',
  title: 'The break-glass group holds exactly the emergency accounts',
  area: 'group',
  severity: 'critical',
  rationale:
    'Every Conditional Access policy excludes the break-glass group, so whoever is in it escapes Conditional Access. Any member other than the emergency accounts — a user or a nested group — is a hole in every policy; a missing account is not excluded.',
  doc: 'docs/checks/EA-GRP-001.md',
  evaluate(context) {
    return onBreakGlassGroup(
      context,
      (group) => {
        if (!group.members) {
          const { subject: _s, ...skip } = skipNotCollected(
            context,
            'graph.groupMembers',
            groupSubject(group),
          );
          return skip;
        }
        const members = transitiveMembers(context.snapshot, group.id);
        const accounts = new Set(resolvedUsers(context).map(({ user }) => key(user.id)));
        const users = userIndex(context.snapshot);
        const upn = (id: string) => users.byId.get(id)?.userPrincipalName ?? id;
        const extraUsers = members.users.filter((id) => !accounts.has(id));
        const missing = [...accounts].filter((id) => !members.users.includes(id)).sort();
        const evidence = {
          members: members.users.map(upn),
          extraUsers: extraUsers.map(upn),
          nestedGroups: members.groups,
          otherObjects: members.others,
          missingAccounts: missing.map(upn),
          incompleteGroups: members.uncollected,
        };
        const problems = [
          ...(extraUsers.length ? [`other users: ${extraUsers.map(upn).join(', ')}`] : []),
          ...(members.groups.length ? [`nested groups: ${members.groups.join(', ')}`] : []),
          ...(members.others.length ? [`other objects: ${members.others.join(', ')}`] : []),
          ...(missing.length ? [`missing accounts: ${missing.map(upn).join(', ')}`] : []),
        ];
        if (problems.length > 0)
          return {
            status: 'fail',
            message: `Group ${group.displayName ?? group.id} has ${problems.join('; ')}.`,
            evidence,
          };
        if (context.accountSource === 'group') {
          return {
            status: 'pass',
            message: `Group ${group.displayName ?? group.id} has ${members.users.length} user members and no nested group (no config: its members are taken as the accounts).`,
            evidence,
          };
        }
        return {
          status: 'pass',
          message: `Group ${group.displayName ?? group.id} holds exactly the ${accounts.size} emergency accounts.`,
          evidence,
        };
      },
      'fail',
    );
  },
};
