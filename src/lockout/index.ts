/**
 * The Conditional Access lockout evaluator (pure). See ./evaluate.ts for the algorithm and
 * ../shared/docs/reference/ca-semantics.md for the semantics it implements.
 */
export { createLockoutEngine, evaluateLockout } from './evaluate.js';
export type {
  AccountLockout,
  LockoutAccount,
  LockoutEngine,
  PolicyEvaluation,
  PolicyOutcome,
} from './evaluate.js';
export { userScope, describeScope, guestKinds } from './scope.js';
export type { ScopeMatch, ScopeMatchKind, UserScope } from './scope.js';
export { buildDirectoryIndex } from './directory.js';
export type { DirectoryIndex } from './directory.js';
export { emergencyScenario } from './scenario.js';
export type { SignInScenario, DeviceFacts } from './scenario.js';
export { policyTarget, policyName } from './policy-shape.js';
export type { PolicyTarget } from './policy-shape.js';
export { resolveBreakGlassTargets, dedicatedPolicyProblems } from './breakglass-targets.js';
export type { BreakGlassTargets, TargetAccount } from './breakglass-targets.js';
