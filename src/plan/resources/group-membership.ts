/**
 * The group's membership is exact: every emergency account is a direct member, and nothing else
 * is — no other user and no nested group, since a member of the group is excluded from every
 * Conditional Access policy. Removing a membership deletes a link, never an object.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { groupIdRef, needsNewGroup } from '../context.js';
import type { Change } from '../types.js';

export const groupMembershipPlanner: ResourcePlanner = {
  kind: 'group-membership',
  plan(context) {
    const groupId = groupIdRef(context);
    const fresh = needsNewGroup(context);
    const members = fresh ? [] : (context.group?.members ?? []);
    const has = (id: string) => members.some((m) => m.toLowerCase() === id.toLowerCase());
    const changes: Change[] = [];
    for (const account of context.accounts) {
      if (!account.user && !account.declared.userPrincipalName) continue;
      const address = `group-membership[${account.name}]`;
      if (account.user && has(account.user.id)) {
        changes.push(
          noOp(address, 'group-membership', 'the account is a member', { member: account.userPrincipalName }),
        );
        continue;
      }
      const memberId = account.user ? account.user.id : { $ref: `account[${account.name}]#id` };
      changes.push({
        address,
        kind: 'group-membership',
        action: 'create',
        reason: 'the account is not a member of the break-glass group',
        before: null,
        after: { member: account.userPrincipalName },
        dependsOn: [
          ...(typeof groupId === 'string' ? [] : ['group']),
          ...(account.user ? [] : [`account[${account.name}]`]),
        ],
        spec: { groupId, memberId },
      });
    }
    const wanted = new Set(context.accounts.flatMap((a) => (a.user ? [a.user.id.toLowerCase()] : [])));
    for (const member of members.filter((m) => !wanted.has(m.toLowerCase()))) {
      const user = context.snapshot.graph.users?.find((u) => u.id.toLowerCase() === member.toLowerCase());
      const nested = context.snapshot.graph.groups?.find((g) => g.id.toLowerCase() === member.toLowerCase());
      const label = user?.userPrincipalName ?? (nested ? `group ${nested.displayName ?? nested.id}` : member);
      changes.push({
        address: `group-membership[remove:${member}]`,
        kind: 'group-membership',
        action: 'delete',
        reason: `${label} is not an emergency account; members of this group escape every Conditional Access policy`,
        before: { member: label },
        after: null,
        dependsOn: [],
        spec: { groupId, memberId: member },
      });
    }
    return changes;
  },
};
