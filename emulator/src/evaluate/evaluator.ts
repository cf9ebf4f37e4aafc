/**
 * The emulator's Conditional Access evaluator (pure): which policies apply to a sign-in, and
 * whether the enforced ones let it through.
 *
 * Rules (ca-semantics §1.7–1.8): disabled policies are ignored; report-only policies are
 * evaluated and reported but never decide; any enforced applying policy with `block` blocks
 * (block beats every grant); otherwise every enforced applying policy must be satisfiable.
 */
import { applicability, type CheckContext } from './applicability.js';
import { grantOutcome } from './grant.js';
import { availableModes } from './method-modes.js';
import { userFacts } from './user-scope.js';
import type {
  DecidingPolicy,
  DirectoryView,
  GraphObject,
  PolicyEvaluation,
  ReportOnlyResult,
  SignIn,
  SignInDecision,
} from './types.js';

const reportOnlyState = 'enabledForReportingButNotEnforced';

/** Evaluates every policy for one sign-in (What If: `policyApplies` + `analysisReasons`). */
export function evaluatePolicies(
  policies: readonly GraphObject[],
  directory: DirectoryView,
  signIn: SignIn,
): PolicyEvaluation[] {
  const user = signIn.identity.kind === 'user' ? userFacts(directory, signIn.identity) : undefined;
  const ctx: CheckContext = { signIn, directory, user };
  const grantCtx = {
    modes: user
      ? availableModes(
          directory.authenticationMethods[user.id] ?? directory.authenticationMethods[user.id.toLowerCase()],
        )
      : [],
    conditions: signIn.conditions,
    customStrengths: directory.authenticationStrengthPolicies,
  };
  return policies.map((policy): PolicyEvaluation => {
    const state = policy['state'];
    if (state !== 'enabled' && state !== reportOnlyState)
      return { policy, applies: false, reason: 'policyNotEnabled' };
    const reason = applicability(policy, ctx);
    if (reason !== 'notSet') return { policy, applies: false, reason };
    return { policy, applies: true, reason, grant: grantOutcome(policy['grantControls'], grantCtx) };
  });
}

function deciding(evaluation: PolicyEvaluation, reason: string): DecidingPolicy {
  return {
    id: String(evaluation.policy['id'] ?? ''),
    displayName: String(evaluation.policy['displayName'] ?? ''),
    reason,
  };
}

function fails(evaluation: PolicyEvaluation): boolean {
  return (
    evaluation.applies && (evaluation.grant?.kind === 'block' || evaluation.grant?.kind === 'unsatisfiable')
  );
}

/** Evaluates a sign-in and decides it. */
export function decideSignIn(
  policies: readonly GraphObject[],
  directory: DirectoryView,
  signIn: SignIn,
): SignInDecision {
  const evaluations = evaluatePolicies(policies, directory, signIn);
  const enforced = evaluations.filter((e) => e.applies && e.policy['state'] === 'enabled');
  const blocking = enforced.filter((e) => e.grant?.kind === 'block').map((e) => deciding(e, 'block'));
  const unsatisfied = enforced.flatMap((e) =>
    e.grant?.kind === 'unsatisfiable' ? [deciding(e, `unsatisfiable: ${e.grant.missing.join(', ')}`)] : [],
  );
  const decidingPolicies = blocking.length > 0 ? blocking : unsatisfied;
  const reportOnly = evaluations
    .filter((e) => e.policy['state'] === reportOnlyState)
    .map((e) => ({
      id: String(e.policy['id'] ?? ''),
      result: (!e.applies
        ? 'reportOnlyNotApplied'
        : fails(e)
          ? 'reportOnlyFailure'
          : 'reportOnlySuccess') as ReportOnlyResult,
    }));
  return {
    verdict: decidingPolicies.length > 0 ? 'blocked' : 'allowed',
    deciding: decidingPolicies,
    policies: evaluations.filter((e) => e.reason !== 'policyNotEnabled'),
    reportOnly,
  };
}

/**
 * The emergency sign-in of spec/checks.md (EA-CA-004): interactive browser sign-in to the Azure
 * portal from an IP in no named location (country unknown), on an unregistered Windows device,
 * with no risk, using the account's registered methods.
 */
export function emergencySignIn(userId: string, ipAddress = '203.0.113.7'): SignIn {
  return {
    identity: { kind: 'user', userId },
    context: { kind: 'application', applications: ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c'] },
    conditions: {
      devicePlatform: 'windows',
      clientAppType: 'browser',
      signInRiskLevel: 'none',
      userRiskLevel: 'none',
      insiderRiskLevel: 'none',
      servicePrincipalRiskLevel: 'none',
      ipAddress,
      country: null,
      authenticationFlow: 'none',
      device: null,
    },
  };
}
