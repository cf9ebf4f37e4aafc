/**
 * The sign-in review as data: what was read (sign-ins and audit events of the emergency accounts
 * over a window, from Log Analytics or Graph) and how each sign-in was explained.
 */
import type { DrillRecord } from '../state/store.js';

/** Where review data came from. */
export type ReviewSource = 'logAnalytics' | 'graph';

/** An emergency account under review. */
export interface ReviewAccount {
  /** Object id, lowercase. */
  id: string;
  userPrincipalName: string;
  displayName?: string;
}

/** One sign-in of an emergency account, whichever log it came from. */
export interface ReviewSignIn {
  /** The sign-in id (Graph `id` = `SigninLogs.Id`). */
  id: string;
  /** Object id of the account, lowercase. */
  accountId: string;
  userPrincipalName: string;
  /** When the sign-in happened (ISO 8601, UTC). */
  at: string;
  appDisplayName?: string;
  ipAddress?: string;
  /** `0` for success, otherwise the Entra error code. */
  result?: string;
  resultDescription?: string;
  /** `success`, `failure`, `notApplied`. */
  conditionalAccessStatus?: string;
  /** Country (and city) as the log gives it. */
  location?: string;
  source: ReviewSource;
}

/** One directory audit event about (or by) an emergency account. */
export interface ReviewAuditEvent {
  id: string;
  at: string;
  activity: string;
  result?: string;
  /** Who did it: a UPN or an app's name. */
  actor?: string;
  targetId?: string;
  targetName?: string;
  source: ReviewSource;
}

/** A sign-in and the drill that explains it, if any. */
export interface ExplainedSignIn extends ReviewSignIn {
  /** The drill whose window holds the sign-in; absent = unexplained. */
  drill?: Pick<DrillRecord, 'id' | 'startedAt' | 'verified' | 'verifiedAt' | 'notes'>;
}

/** The review of one tenant over one window. */
export interface Review {
  tenantId: string;
  since: string;
  until: string;
  source: ReviewSource;
  /** Why the review fell back to Graph, or which workspace it read. */
  sourceNote: string;
  accounts: ReviewAccount[];
  /** Oldest first. */
  signIns: ExplainedSignIn[];
  /** Oldest first. */
  auditEvents: ReviewAuditEvent[];
  /** Whether a state store with drill records was read (without one every sign-in is unexplained). */
  drillsRecorded: boolean;
}

/** What the review read, before drills were matched. */
export interface ReviewData {
  source: ReviewSource;
  sourceNote: string;
  signIns: ReviewSignIn[];
  auditEvents: ReviewAuditEvent[];
}
