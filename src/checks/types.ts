/**
 * The check contract: a check is data (id, title, severity, area) plus a pure function from the
 * snapshot and the resolved audit context to outcomes. See ../shared/spec/checks.md.
 */
import type { Snapshot, User } from '../snapshot/schema.js';
import type { BreakglassConfig } from '../config/schema.js';

export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type SkipReason = 'not-licensed' | 'missing-permission' | 'not-collected' | 'not-applicable';
export type Area = 'accounts' | 'group' | 'conditionalAccess' | 'monitoring' | 'operations';
export type SubjectType =
  | 'tenant'
  | 'user'
  | 'group'
  | 'conditionalAccessPolicy'
  | 'workspace'
  | 'diagnosticSetting'
  | 'alertRule'
  | 'actionGroup'
  | 'signIn';

export interface Subject {
  type: SubjectType;
  id: string;
  displayName?: string;
}

/** One outcome of one check for one subject; the unit of every report format. */
export interface Finding {
  checkId: string;
  status: Status;
  severity: Severity;
  subject: Subject;
  message: string;
  /** Present when status is `skip`. */
  skipReason?: SkipReason;
  evidence: Record<string, unknown>;
}

/** What a check returns: the finding minus what the registry fills in (id and severity). */
export type Outcome = Omit<Finding, 'checkId' | 'severity'> & { severity?: Severity };

export type Model = 'dedicated' | 'exclude-all' | 'split';

/** Everything a check may look at. Built once per audit by `resolveAuditContext`. */
export interface AuditContext {
  snapshot: Snapshot;
  config: BreakglassConfig;
  model: Model;
  /** The emergency accounts as resolved (config UPN/id, or the group's members when no config). */
  accounts: ResolvedAccount[];
  /** How the accounts were found: from the config, or from the break-glass group's members. */
  accountSource: 'config' | 'group';
  /** Per collection, why it is missing from the snapshot (e.g. a 403), so checks can skip with a reason. */
  collectionErrors: Record<string, { reason: SkipReason; detail: string }>;
  /** Evaluation time (the snapshot's capturedAt unless overridden) — checks never read the clock. */
  now: Date;
}

export interface ResolvedAccount {
  /** The reference the config gave (UPN or id), or the member id when found through the group. */
  ref: string;
  /** The resolved user; undefined when it does not resolve. */
  user?: User;
  /** Under `split`, which role this account plays. */
  role?: 'dedicated' | 'excluded';
}

export interface CheckDefinition {
  id: string;
  title: string;
  area: Area;
  severity: Severity;
  /** One-paragraph rationale, shown in SARIF rule help and the HTML report. */
  rationale: string;
  /** Path of the check's Markdown doc, relative to the repo root (docs/checks/<id>.md). */
  doc: string;
  evaluate(context: AuditContext): Outcome[];
}

/** Why a policy decides an account's emergency sign-in (EA-CA-004). */
export interface DecidingPolicy {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  /** `block`, or the grant the account cannot satisfy, or `satisfied` for report/explanations. */
  reason: string;
  /** Human explanation: which include matched, which control cannot be met and why. */
  detail?: string;
}

/** The lockout analysis for one account — the `lockout` array of the audit JSON. */
export interface LockoutVerdict {
  accountId: string;
  userPrincipalName: string;
  verdict: 'allowed' | 'blocked';
  decidingPolicies: DecidingPolicy[];
  /** Report-only policies that would block if enabled (they do not decide). */
  reportOnlyBlocking?: DecidingPolicy[];
}

/** The audit JSON contract (checks.md "Audit JSON output"). */
export interface AuditResult {
  formatVersion: 1;
  tool: { name: 'breakglass'; version: string };
  tenant: { id: string; displayName: string; initialDomain: string };
  model: Model;
  startedAt: string;
  finishedAt: string;
  summary: Record<Status, number>;
  findings: Finding[];
  lockout: LockoutVerdict[];
  /** How the accounts were found; `group` means "no config: took the break-glass group's members". */
  accountSource: 'config' | 'group';
  /** How peer auditors (Maester MT.1005, Zero Trust Assessment 21835) will read this tenant. */
  interop?: { tool: string; test: string; expected: 'pass' | 'fail' | 'unknown'; explanation: string }[];
  /** The accounts' sign-ins in the review window, each matched to a drill or not (EA-OPS-002); absent = not reviewed. */
  signIns?: ReviewedSignIn[];
  /** `audit --whatif`: the lockout analysis cross-checked with Graph's What If API, per account; absent = not asked. */
  whatIf?: WhatIfCheck[];
}

/**
 * One account's What If cross-check: for every policy, does the product's analysis say it applies
 * to the emergency sign-in, and does What If? (What If does not say whether a grant can be met.)
 */
export interface WhatIfCheck {
  accountId: string;
  userPrincipalName: string;
  /** The source address sent to What If (one in no named location, for the emergency scenario). */
  ipAddress?: string;
  /** Policies compared: every policy either side reported. */
  compared: number;
  agreements: number;
  disagreements: WhatIfDisagreement[];
}

/** A policy the product and What If judge differently. */
export interface WhatIfDisagreement {
  policyId: string;
  displayName: string;
  state: string;
  /** The product's analysis; `applies: null` when the policy is not in the tenant it analysed. */
  product: { applies: boolean | null; reason: string };
  /** What If's `policyApplies` and `analysisReasons`; `applies: null` when What If did not return the policy. */
  whatIf: { applies: boolean | null; reason: string };
}

/** One sign-in of an emergency account in the review window, as the audit's sign-in review shows it. */
export interface ReviewedSignIn {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  /** `drill` when it matches a recorded drill, `unexplained` otherwise. */
  classification: 'drill' | 'unexplained';
  appDisplayName?: string;
  ipAddress?: string;
  /** Country/city as the sign-in log gives it. */
  location?: string;
  /** `success`, or the error code of a failed sign-in. */
  result?: string;
  /** The drill's time when matched. */
  drillAt?: string;
}
