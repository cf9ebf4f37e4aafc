/**
 * The group's membership is exact: every emergency account is a direct member, and nothing else
 * is — no other user and no nested group, since a member of the group is excluded from every
 * Conditional Access policy. Removing a membership deletes a link, never an object.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { groupIdRef, needsNewGroup, type PlanContext } from '../context.js';
import { policiesNeedingExclusion } from './ca-exclusion.js';
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
      const label = memberLabel(context, member);
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
    changes.push(...emptyReplacedGroup(context, changes));
    return changes;
  },
};

/**
 * A replaced group keeps every exclusion it had, so whoever stays in it keeps escaping those
 * policies: once the accounts are in the new group, the new group is excluded everywhere and the
 * dedicated policy targets it, the old group is emptied.
 */
function emptyReplacedGroup(context: PlanContext, accountChanges: Change[]): Change[] {
  const old = context.group;
  if (!old || !needsNewGroup(context)) return [];
  const after = [
    ...accountChanges.filter((c) => c.action === 'create').map((c) => c.address),
    ...policiesNeedingExclusion(context).map((p) => `ca-exclusion[${p.id}]`),
    'dedicated-policy',
  ];
  return (old.members ?? []).map((member) => ({
    address: `group-membership[replaced:remove:${member}]`,
    kind: 'group-membership' as const,
    action: 'delete' as const,
    reason: `the replaced group ${old.displayName ?? old.id} keeps its exclusions; ${memberLabel(context, member)} must not keep escaping them through it`,
    before: { group: old.displayName ?? old.id, member: memberLabel(context, member) },
    after: null,
    dependsOn: after,
    spec: { groupId: old.id, memberId: member },
  }));
}

function memberLabel(context: PlanContext, member: string): string {
  const user = context.snapshot.graph.users?.find((u) => u.id.toLowerCase() === member.toLowerCase());
  const nested = context.snapshot.graph.groups?.find((g) => g.id.toLowerCase() === member.toLowerCase());
  return user?.userPrincipalName ?? (nested ? `group ${nested.displayName ?? nested.id}` : member);
}
