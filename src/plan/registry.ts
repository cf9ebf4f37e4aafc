/**
 * The explicit list of managed resource kinds, in planning order. Apply order comes from each
 * change's `dependsOn`, so this order only decides how a plan reads.
 */
import type { ResourcePlanner } from './resource.js';
import { groupPlanner } from './resources/group.js';
import { caExclusionPlanner } from './resources/ca-exclusion.js';
import { accountPlanner } from './resources/account.js';
import { groupMembershipPlanner } from './resources/group-membership.js';
import { accountEnablePlanner } from './resources/account-enable.js';
import { roleAssignmentPlanner } from './resources/role-assignment.js';
import { emailMethodPlanner } from './resources/email-method.js';
import { temporaryAccessPassPlanner } from './resources/temporary-access-pass.js';
import { personTiedMethodPlanner } from './resources/person-tied-method.js';
import { dedicatedPolicyPlanner } from './resources/dedicated-policy.js';
import { monitoringPlanner } from './resources/monitoring.js';

export const resourcePlanners: ResourcePlanner[] = [
  groupPlanner,
  caExclusionPlanner,
  accountPlanner,
  groupMembershipPlanner,
  accountEnablePlanner,
  roleAssignmentPlanner,
  emailMethodPlanner,
  temporaryAccessPassPlanner,
  personTiedMethodPlanner,
  dedicatedPolicyPlanner,
  monitoringPlanner,
];
