/**
 * Inputs and outputs of the emulator's Conditional Access evaluator. Policies, named locations,
 * strengths and methods are the JSON Graph returns (loosely typed, as the tenant store keeps
 * them); the sign-in is the What If API's request, normalised.
 */

/** A JSON object as Graph returns it. */
export type GraphObject = Record<string, unknown>;

/** The part of a tenant the evaluator reads. Arrays may be empty; nothing is fetched lazily. */
export interface DirectoryView {
  readonly users: readonly GraphObject[];
  /** Groups with the emulator's `members` array (direct members: user or group ids). */
  readonly groups: readonly GraphObject[];
  /** Active role assignments (`unifiedRoleAssignment`); eligibility never counts. */
  readonly roleAssignments: readonly GraphObject[];
  /** Role definitions, to map a custom or renamed definition id to its template id. */
  readonly roleDefinitions: readonly GraphObject[];
  readonly namedLocations: readonly GraphObject[];
  /** Custom strengths; the built-in ones are added by the evaluator. */
  readonly authenticationStrengthPolicies: readonly GraphObject[];
  /** Registered methods by user id (`@odata.type` subtypes). A user without an entry has a password only. */
  readonly authenticationMethods: Readonly<Record<string, readonly GraphObject[]>>;
}

/** Who signs in. */
export type SignInIdentity =
  | {
      readonly kind: 'user';
      readonly userId: string;
      /** What If's `externalUserType` (flags string) for a guest; derived from the user when absent. */
      readonly externalUserType?: string | null;
      readonly externalTenantId?: string | null;
    }
  | { readonly kind: 'servicePrincipal'; readonly servicePrincipalId: string };

/** What the sign-in is for. */
export type SignInContext =
  | { readonly kind: 'application'; readonly applications: readonly string[] }
  /** `registerSecurityInformation` or `registerOrJoinDevices` (the What If names). */
  | { readonly kind: 'userAction'; readonly action: string }
  | { readonly kind: 'authenticationContext'; readonly value: string };

/** Device properties a device filter can read; all absent on an unregistered device. */
export type DeviceInfo = Readonly<Record<string, string | boolean | readonly string[] | null | undefined>>;

/**
 * The conditions of the sign-in. `undefined` means "not supplied" (What If then cannot tell
 * whether a policy with that condition applies, so it does not); `null` means "known to be
 * unknown": an unknown platform, an IP without a country, an unregistered device.
 */
export interface SignInConditions {
  readonly devicePlatform?: string | null;
  readonly clientAppType?: string;
  readonly signInRiskLevel?: string;
  readonly userRiskLevel?: string;
  readonly servicePrincipalRiskLevel?: string;
  readonly insiderRiskLevel?: string;
  /** ISO 3166 alpha-2; `null` = the IP maps to no country. */
  readonly country?: string | null;
  readonly ipAddress?: string;
  /** `deviceCodeFlow`, `authenticationTransfer`, or `none`. */
  readonly authenticationFlow?: string;
  /** `null` or `{}` = an unregistered device (every attribute null). */
  readonly device?: DeviceInfo | null;
}

/** One sign-in to evaluate. */
export interface SignIn {
  readonly identity: SignInIdentity;
  readonly context: SignInContext;
  readonly conditions: SignInConditions;
}

/** Why a policy does not apply (What If's `whatIfAnalysisReasons`), or `notSet` when it does. */
export type AnalysisReason =
  | 'notSet'
  | 'notEnoughInformation'
  | 'invalidCondition'
  | 'users'
  | 'workloadIdentities'
  | 'application'
  | 'userActions'
  | 'authenticationContext'
  | 'devicePlatform'
  | 'devices'
  | 'clientApps'
  | 'location'
  | 'signInRisk'
  | 'emptyPolicy'
  | 'invalidPolicy'
  | 'policyNotEnabled'
  | 'userRisk'
  | 'time'
  | 'insiderRisk'
  | 'authenticationFlow';

/** How an applying policy's grant controls fare for this sign-in. */
export type GrantOutcome =
  | { readonly kind: 'none' } // no grant controls (session-only policy)
  | { readonly kind: 'block' }
  | { readonly kind: 'satisfied'; readonly by: readonly string[] }
  | { readonly kind: 'unsatisfiable'; readonly missing: readonly string[] };

/** The evaluation of one policy. */
export interface PolicyEvaluation {
  readonly policy: GraphObject;
  readonly applies: boolean;
  readonly reason: AnalysisReason;
  /** Set when the policy applies. */
  readonly grant?: GrantOutcome;
}

/** A policy that decides the sign-in, and why. */
export interface DecidingPolicy {
  readonly id: string;
  readonly displayName: string;
  /** `block`, or `unsatisfiable: <controls>`. */
  readonly reason: string;
}

/** Report-only outcome, as sign-in logs record it. */
export type ReportOnlyResult = 'reportOnlySuccess' | 'reportOnlyFailure' | 'reportOnlyNotApplied';

/** The whole evaluation of a sign-in. */
export interface SignInDecision {
  readonly verdict: 'allowed' | 'blocked';
  /** Enforced policies that block (all of them when any blocks, else every unsatisfiable one). */
  readonly deciding: readonly DecidingPolicy[];
  /** Every enabled or report-only policy, in input order. */
  readonly policies: readonly PolicyEvaluation[];
  readonly reportOnly: readonly { readonly id: string; readonly result: ReportOnlyResult }[];
}
