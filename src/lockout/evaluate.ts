/**
 * The lockout evaluator: would an emergency account get in? (ca-semantics.md §1.8)
 *
 * For each policy that is not disabled: user scope, target resource, every configured condition.
 * Among the enabled policies that apply, any `block` blocks; otherwise every one must be
 * satisfiable with what the account can present. Report-only policies are evaluated the same way
 * and listed separately: they never decide, but they say what would happen when switched on
 * (Microsoft-managed policies switch themselves on).
 *
 * Pure: a snapshot's graph part and a scenario in, verdicts out. Policy-level results (resource,
 * conditions) do not depend on the account and are computed once per policy.
 */
import type { DecidingPolicy, LockoutVerdict } from '../checks/types.js';
import type { ConditionalAccessPolicy, GraphSnapshot } from '../snapshot/schema.js';
import {
  matchApplication,
  matchConditions,
  type ConditionsResult,
  type ConditionResult,
} from './conditions.js';
import { buildDirectoryIndex, type DirectoryIndex } from './directory.js';
import { credentialsOf, evaluateGrant, type Credentials, type GrantResult } from './grant.js';
import { policyName, usersOf, type UserAssignments } from './policy-shape.js';
import { emergencyScenario, type SignInScenario } from './scenario.js';
import { describeScope, userScope, type UserScope } from './scope.js';

export type PolicyOutcome = 'notApplicable' | 'block' | 'unsatisfiable' | 'satisfied' | 'sessionOnly';

/** One policy judged for one account. */
export interface PolicyEvaluation {
  policy: ConditionalAccessPolicy;
  outcome: PolicyOutcome;
  /** When the policy does not apply: the first assignment or condition that fails (What If's `analysisReasons`). */
  notApplicable?: { reason: 'users' | 'application' | string; text: string };
  scope: UserScope;
  grant?: GrantResult;
  /** One human sentence: which include matched, what the policy targets, the control that cannot be met. */
  detail: string;
  /** Unresolved references and assumptions made on the way. */
  notes: string[];
}

export interface LockoutAccount {
  id: string;
  userPrincipalName?: string;
}

export interface AccountLockout {
  verdict: LockoutVerdict;
  evaluations: PolicyEvaluation[];
}

interface PolicyFacts {
  assignments: UserAssignments;
  application: ConditionResult;
  conditions?: ConditionsResult;
}

/** Precomputed, account-independent facts of each policy for one scenario. */
export interface LockoutEngine {
  index: DirectoryIndex;
  scenario: SignInScenario;
  /** Judge every (non-disabled) policy for one account. */
  evaluateAccount(account: LockoutAccount): AccountLockout;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function describeApplies(scope: UserScope, facts: PolicyFacts): string {
  const parts = [
    `includes the account through ${scope.included.map((m) => m.text).join(', ')}`,
    `targets ${facts.application.text}`,
  ];
  for (const m of facts.conditions?.matched ?? []) parts.push(m.text);
  return parts.join('; ');
}

const sharedEngines = new WeakMap<
  DirectoryIndex,
  { graph: GraphSnapshot; policies: unknown; count: number; engine: LockoutEngine }
>();

/**
 * The evaluator for a snapshot and scenario (default: the emergency scenario). With the default
 * scenario one engine, and the verdict of each account, serve every caller of one audit (EA-CA-004
 * and the lockout analysis of the result), as long as the graph's policies are the same list.
 */
export function createLockoutEngine(
  graph: GraphSnapshot,
  options: { scenario?: SignInScenario; index?: DirectoryIndex } = {},
): LockoutEngine {
  const index = options.index ?? buildDirectoryIndex(graph);
  if (options.scenario) return buildEngine(graph, index, options.scenario);
  const policies = graph.conditionalAccessPolicies;
  const count = policies?.length ?? -1;
  const cached = sharedEngines.get(index);
  if (cached && cached.graph === graph && cached.policies === policies && cached.count === count)
    return cached.engine;
  const engine = buildEngine(graph, index, emergencyScenario());
  sharedEngines.set(index, { graph, policies, count, engine });
  return engine;
}

function buildEngine(graph: GraphSnapshot, index: DirectoryIndex, scenario: SignInScenario): LockoutEngine {
  const policies = (graph.conditionalAccessPolicies ?? []).filter((p) => p.state !== 'disabled');
  const facts = new Map<ConditionalAccessPolicy, PolicyFacts>();
  for (const p of policies) {
    const application = matchApplication(p, scenario);
    facts.set(p, {
      assignments: usersOf(p),
      application,
      conditions: application.matches ? matchConditions(p, scenario, index) : undefined,
    });
  }

  const evaluatePolicy = (
    policy: ConditionalAccessPolicy,
    accountId: string,
    creds: Credentials,
  ): PolicyEvaluation => {
    const f = facts.get(policy)!;
    const scope = userScope(policy, accountId, index, f.assignments);
    const notes = [...scope.notes, ...(f.conditions?.notes ?? [])];
    if (!scope.inScope) {
      return {
        policy,
        outcome: 'notApplicable',
        notApplicable: { reason: 'users', text: describeScope(scope) },
        scope,
        detail: capitalise(describeScope(scope)),
        notes,
      };
    }
    if (!f.application.matches) {
      return {
        policy,
        outcome: 'notApplicable',
        notApplicable: { reason: 'application', text: f.application.text },
        scope,
        detail: capitalise(f.application.text),
        notes,
      };
    }
    if (f.conditions && !f.conditions.matches && f.conditions.failed) {
      const { condition, text } = f.conditions.failed;
      return {
        policy,
        outcome: 'notApplicable',
        notApplicable: { reason: condition, text },
        scope,
        detail: capitalise(text),
        notes,
      };
    }
    const grant = evaluateGrant(policy, creds, scenario, index);
    notes.push(...creds.notes);
    const applies = describeApplies(scope, f);
    const outcome: PolicyOutcome =
      grant.decision === 'block'
        ? 'block'
        : grant.decision === 'unsatisfiable'
          ? 'unsatisfiable'
          : grant.decision === 'none'
            ? 'sessionOnly'
            : 'satisfied';
    const verdictText =
      outcome === 'block'
        ? 'blocks access'
        : outcome === 'unsatisfiable'
          ? `cannot be satisfied: ${grant.text}`
          : outcome === 'sessionOnly'
            ? 'sets session controls only'
            : `satisfied: ${grant.text}`;
    return { policy, outcome, scope, grant, detail: `${capitalise(applies)}; ${verdictText}`, notes };
  };

  const judgeAccount = (account: LockoutAccount): AccountLockout => {
    const creds = credentialsOf(index.methods(account.id), scenario);
    const evaluations = policies.map((p) => evaluatePolicy(p, account.id, creds));
    const deciding = (e: PolicyEvaluation): DecidingPolicy => ({
      id: e.policy.id,
      displayName: policyName(e.policy),
      state: e.policy.state,
      reason:
        e.outcome === 'block'
          ? 'block'
          : e.outcome === 'unsatisfiable'
            ? (e.grant?.unmet.map((c) => c.control).join(',') ?? 'grant')
            : 'satisfied',
      detail: e.notes.length ? `${e.detail} (note: ${e.notes.join('; ')})` : e.detail,
    });
    const enforced = evaluations.filter((e) => e.policy.state === 'enabled');
    const reportOnly = evaluations.filter((e) => e.policy.state === 'enabledForReportingButNotEnforced');
    const blocking = (e: PolicyEvaluation): boolean => e.outcome === 'block' || e.outcome === 'unsatisfiable';
    // Block wins over every grant, so when a block applies it is the deciding reason; the
    // unsatisfiable grants are listed too, since each would have to be fixed as well.
    const against = [
      ...enforced.filter((e) => e.outcome === 'block'),
      ...enforced.filter((e) => e.outcome === 'unsatisfiable'),
    ];
    const verdict: LockoutVerdict = {
      accountId: account.id,
      userPrincipalName: account.userPrincipalName ?? index.user(account.id)?.userPrincipalName ?? account.id,
      verdict: against.length > 0 ? 'blocked' : 'allowed',
      decidingPolicies: (against.length > 0
        ? against
        : enforced.filter((e) => e.outcome === 'satisfied')
      ).map(deciding),
    };
    const wouldBlock = reportOnly.filter(blocking).map(deciding);
    if (wouldBlock.length > 0) verdict.reportOnlyBlocking = wouldBlock;
    return { verdict, evaluations };
  };

  // Shared by every caller of the engine (see createLockoutEngine): callers must not modify them.
  const verdicts = new Map<string, AccountLockout>();
  const evaluateAccount = (account: LockoutAccount): AccountLockout => {
    const cacheKey = `${account.id}\n${account.userPrincipalName ?? ''}`;
    let lockout = verdicts.get(cacheKey);
    if (!lockout) verdicts.set(cacheKey, (lockout = judgeAccount(account)));
    return lockout;
  };

  return { index, scenario, evaluateAccount };
}

/**
 * The lockout analysis of EA-CA-004: one verdict per account under the scenario (default: the
 * emergency scenario of checks.md).
 */
export function evaluateLockout(
  graph: GraphSnapshot,
  accounts: readonly LockoutAccount[],
  options: { scenario?: SignInScenario; index?: DirectoryIndex } = {},
): LockoutVerdict[] {
  const engine = createLockoutEngine(graph, options);
  return accounts.map((a) => engine.evaluateAccount(a).verdict);
}
