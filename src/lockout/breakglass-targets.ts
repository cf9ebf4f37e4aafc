/**
 * What the EA-CA checks judge: the break-glass group, the dedicated policy (under `dedicated` and
 * `split`), and which role each resolved account plays under the chosen model.
 */
import { findBreakGlassGroup } from '../checks/lib/directory.js';
import type { AuditContext, Model, ResolvedAccount } from '../checks/types.js';
import type { ConditionalAccessPolicy, Group, User } from '../snapshot/schema.js';
import { applicationsOf, object, usersOf } from './policy-shape.js';
import { STRENGTH_PHISHING_RESISTANT } from './well-known.js';

export type AccountRole = 'dedicated' | 'excluded';

export interface TargetAccount {
  account: ResolvedAccount;
  user: User;
  /** `dedicated` = meant to be under the dedicated policy; `excluded` = meant to be out of every policy. */
  role: AccountRole;
  /** Whether the role was inferred (split without roles in the config: the first account is dedicated). */
  roleInferred: boolean;
}

export interface BreakGlassTargets {
  model: Model;
  group?: Group;
  dedicatedPolicy?: ConditionalAccessPolicy;
  /** How the dedicated policy was recognised. */
  dedicatedPolicyMatchedBy?: 'name' | 'group' | 'account';
  /** The accounts that resolved to users, with their role. */
  accounts: TargetAccount[];
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

function roleOf(
  model: Model,
  account: ResolvedAccount,
  position: number,
): { role: AccountRole; inferred: boolean } {
  if (model === 'dedicated') return { role: 'dedicated', inferred: false };
  if (model === 'exclude-all') return { role: 'excluded', inferred: false };
  if (account.role) return { role: account.role, inferred: false };
  return { role: position === 0 ? 'dedicated' : 'excluded', inferred: true };
}

/** Whether a policy has the dedicated policy's shape: all resources, only the phishing-resistant strength. */
export function dedicatedPolicyProblems(policy: ConditionalAccessPolicy): string[] {
  const problems: string[] = [];
  const apps = applicationsOf(policy);
  if (!apps.includeApplications.some((a) => a.toLowerCase() === 'all'))
    problems.push('it does not include All resources');
  if (apps.excludeApplications.length > 0)
    problems.push(`it excludes resources (${apps.excludeApplications.join(', ')})`);
  const grant = object(policy.grantControls);
  const strength = object(grant?.authenticationStrength);
  if (!grant) problems.push('it has no grant controls');
  else {
    if (String(strength?.id ?? '').toLowerCase() !== STRENGTH_PHISHING_RESISTANT) {
      problems.push(
        `it does not require the authentication strength Phishing-resistant MFA (${STRENGTH_PHISHING_RESISTANT})`,
      );
    }
    const others = [
      ...(Array.isArray(grant.builtInControls) ? (grant.builtInControls as string[]) : []),
      ...(Array.isArray(grant.termsOfUse)
        ? (grant.termsOfUse as string[]).map((t) => `termsOfUse:${t}`)
        : []),
      ...(Array.isArray(grant.customAuthenticationFactors)
        ? (grant.customAuthenticationFactors as string[])
        : []),
    ];
    if (others.length > 0) problems.push(`it also grants with ${others.join(', ')}`);
  }
  return problems;
}

const resolved = new WeakMap<AuditContext, BreakGlassTargets>();

/**
 * Resolve the group, the dedicated policy and each account's role for the context's model. Like
 * the context itself, this is resolved once per audit: EA-CA-001, -002, -003 and -006 share it.
 */
export function resolveBreakGlassTargets(context: AuditContext): BreakGlassTargets {
  let targets = resolved.get(context);
  if (!targets) resolved.set(context, (targets = resolveTargets(context)));
  return targets;
}

function resolveTargets(context: AuditContext): BreakGlassTargets {
  // The same group the EA-GRP checks judge (one lookup for the whole audit).
  const group = findBreakGlassGroup(context.snapshot, context.config).group;
  const accounts: TargetAccount[] = [];
  context.accounts.forEach((account) => {
    if (!account.user) return;
    const { role, inferred } = roleOf(context.model, account, accounts.length);
    accounts.push({ account, user: account.user, role, roleInferred: inferred });
  });
  const targets: BreakGlassTargets = { model: context.model, group, accounts };
  if (context.model === 'exclude-all') return targets;

  const dedicatedIds = accounts.filter((a) => a.role === 'dedicated').map((a) => a.user.id.toLowerCase());
  const ranked = (context.snapshot.graph.conditionalAccessPolicies ?? [])
    .flatMap((policy) => {
      const users = usersOf(policy);
      const byName = same(policy.displayName, context.config.policy.displayName);
      const byGroup = !!group && users.includeGroups.some((g) => same(g, group.id));
      const byAccount = users.includeUsers.some((u) => dedicatedIds.includes(u.toLowerCase()));
      // Only a policy that names the dedicated policy, group or account is a candidate: the shape
      // ranks candidates, so it is worked out for them alone.
      if (!byName && !byGroup && !byAccount) return [];
      const shape = dedicatedPolicyProblems(policy).length === 0;
      const score =
        (byName ? 8 : 0) +
        (byGroup || byAccount ? 4 : 0) +
        (shape ? 2 : 0) +
        (policy.state === 'enabled' ? 1 : 0);
      const how: BreakGlassTargets['dedicatedPolicyMatchedBy'] = byName
        ? 'name'
        : byGroup
          ? 'group'
          : 'account';
      return [{ policy, score, how }];
    })
    .sort((a, b) => b.score - a.score || a.policy.id.localeCompare(b.policy.id));
  const best = ranked[0];
  if (best) {
    targets.dedicatedPolicy = best.policy;
    targets.dedicatedPolicyMatchedBy = best.how;
  }
  return targets;
}
