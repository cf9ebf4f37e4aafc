/**
 * What the planner knows before it decides anything: the declared accounts matched to the tenant's
 * users, the break-glass group, the dedicated policy. Built once; resources read it.
 */
import type { BreakglassConfig } from '../config/schema.js';
import { declaredAccounts, accountName, type DeclaredAccount } from '../config/accounts.js';
import type { ConditionalAccessPolicy, Group, Snapshot, User } from '../snapshot/schema.js';
import { UsageError } from '../errors.js';

export interface PlannedAccount {
  declared: DeclaredAccount;
  /** Address suffix and display name, e.g. `EmergencyAccount_1`. */
  name: string;
  userPrincipalName: string;
  /** The existing user, if any. */
  user?: User;
}

export interface PlanContext {
  snapshot: Snapshot;
  config: BreakglassConfig;
  tenantId: string;
  initialDomain: string;
  accounts: PlannedAccount[];
  /** The existing break-glass group (by display name), if any. */
  group?: Group;
  /** The existing dedicated policy (by display name), if any. */
  dedicatedPolicy?: ConditionalAccessPolicy;
}

const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** Builds the planner's view; fails with one line when the snapshot lacks what planning needs. */
export function buildPlanContext(snapshot: Snapshot, config: BreakglassConfig): PlanContext {
  const graph = snapshot.graph;
  const organization = graph.organization?.[0];
  if (!organization)
    throw new UsageError(
      "cannot plan: the tenant's organization could not be read (needs Organization.Read.All)",
    );
  if (!graph.users || !graph.groups || !graph.conditionalAccessPolicies) {
    throw new UsageError(
      'cannot plan: users, groups and Conditional Access policies must all be readable (needs User.Read.All, GroupMember.Read.All, Policy.Read.All)',
    );
  }
  const initialDomain =
    config.tenant.initialDomain ?? organization.verifiedDomains?.find((d) => d.isInitial)?.name ?? undefined;
  if (!initialDomain)
    throw new UsageError(
      'cannot plan: the tenant has no initial *.onmicrosoft.com domain in its verified domains',
    );

  const accounts = declaredAccounts(config, initialDomain).map((declared): PlannedAccount => {
    const user = graph.users!.find((u) =>
      declared.id ? sameText(u.id, declared.id) : sameText(u.userPrincipalName, declared.userPrincipalName),
    );
    const userPrincipalName = user?.userPrincipalName ?? declared.userPrincipalName ?? declared.id ?? '';
    const name = declared.userPrincipalName
      ? declared.userPrincipalName.split('@')[0]!
      : (user?.userPrincipalName.split('@')[0] ?? accountName(config.accounts.naming, declared.index));
    return { declared, name, userPrincipalName, user };
  });

  // Several groups may share a display name; prefer the role-assignable one, as a human would.
  const groups = graph.groups.filter((g) => sameText(g.displayName, config.group.displayName));
  const group = groups.find((g) => g.isAssignableToRole) ?? groups[0];
  const dedicatedPolicy = graph.conditionalAccessPolicies.find((p) =>
    sameText(p.displayName, config.policy.displayName),
  );
  return { snapshot, config, tenantId: organization.id, initialDomain, accounts, group, dedicatedPolicy };
}

/** A reference to the break-glass group's id: the existing id, or the output of its create. */
export function groupIdRef(context: PlanContext): string | { $ref: string } {
  return context.group && !needsNewGroup(context) ? context.group.id : { $ref: 'group#id' };
}

/** A role-assignable group cannot be made from an existing one: the property is immutable. */
export function needsNewGroup(context: PlanContext): boolean {
  const group = context.group;
  if (!group) return true;
  const dynamic = (group.groupTypes ?? []).includes('DynamicMembership');
  return dynamic || (context.config.group.roleAssignable && !group.isAssignableToRole);
}
