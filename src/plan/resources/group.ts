/**
 * The break-glass group: a role-assignable, assigned-membership security group. A group that is
 * not role-assignable (or is dynamic) cannot be changed into one, so it is replaced: a new group is
 * created and the old one is renamed so that nobody mistakes it for the real one. Its exclusions
 * stay where they are (removing an exclusion is never safe to automate).
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { needsNewGroup } from '../context.js';
import type { Change } from '../types.js';

export const groupPlanner: ResourcePlanner = {
  kind: 'group',
  plan(context) {
    const { config, group } = context;
    const desired = {
      displayName: config.group.displayName,
      description: 'Emergency access (break-glass) accounts. Managed by breakglass: membership is exact.',
      mailEnabled: false,
      mailNickname: config.group.displayName.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64),
      securityEnabled: true,
      isAssignableToRole: config.group.roleAssignable,
    };
    if (group && !needsNewGroup(context)) {
      return [
        noOp(
          'group',
          'group',
          'the group exists with assigned membership' +
            (group.isAssignableToRole ? ' and is role-assignable' : ''),
          summary(group),
        ),
      ];
    }
    const changes: Change[] = [];
    const dependsOn: string[] = [];
    if (group) {
      const replacedName = `${group.displayName ?? config.group.displayName}-replaced`;
      changes.push({
        address: 'group[replaced]',
        kind: 'group',
        action: 'update',
        reason: (group.groupTypes ?? []).includes('DynamicMembership')
          ? 'the group has dynamic membership; it is renamed and replaced by an assigned, role-assignable group'
          : 'the group is not role-assignable and cannot be made so; it is renamed and replaced',
        before: summary(group),
        after: { ...summary(group), displayName: replacedName },
        dependsOn: [],
        spec: { groupId: group.id, patch: { displayName: replacedName } },
      });
      dependsOn.push('group[replaced]');
    }
    changes.push({
      address: 'group',
      kind: 'group',
      action: 'create',
      reason: group
        ? 'replacement for a group that cannot be fixed in place'
        : 'the break-glass group does not exist',
      before: null,
      after: desired,
      dependsOn,
      spec: { body: desired },
    });
    return changes;
  },
};

function summary(group: {
  id: string;
  displayName?: string | null;
  isAssignableToRole?: boolean | null;
  groupTypes?: string[] | null;
}) {
  return {
    id: group.id,
    displayName: group.displayName ?? null,
    isAssignableToRole: group.isAssignableToRole ?? false,
    groupTypes: group.groupTypes ?? [],
  };
}
