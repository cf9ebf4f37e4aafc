/**
 * The sign-in review: the accounts' sign-ins and the audit events about them over a window, each
 * sign-in matched to a recorded drill or flagged as unexplained. `buildReview` is pure; `runReview`
 * reads the tenant, the logs and the state store's drills.
 */
import type { ReviewedSignIn } from '../checks/types.js';
import type { Connection } from '../clients/connection.js';
import type { DrillRecord } from '../state/store.js';
import { explainSignIns } from './match.js';
import { readReviewData, type SourcePreference } from './sources.js';
import type { TenantView } from './tenant.js';
import type { Review, ReviewAccount, ReviewData } from './types.js';
import type { ReviewWindow } from './window.js';

/**
 * Assembles the review. `drills` are the tenant's recorded drills; undefined when there is no state
 * store, in which case every sign-in is unexplained (a misuse must not hide behind a missing file).
 */
export function buildReview(
  tenant: { tenantId: string; accounts: readonly ReviewAccount[] },
  window: ReviewWindow,
  data: ReviewData,
  drills: readonly DrillRecord[] | undefined,
): Review {
  return {
    tenantId: tenant.tenantId,
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    source: data.source,
    sourceNote: data.sourceNote,
    accounts: [...tenant.accounts],
    signIns: explainSignIns(data.signIns, drills ?? []),
    auditEvents: data.auditEvents,
    drillsRecorded: drills !== undefined,
  };
}

/** Sign-ins no drill explains. */
export function unexplainedSignIns(review: Review): Review['signIns'] {
  return review.signIns.filter((signIn) => !signIn.drill);
}

/** Reads the logs for `view`'s accounts over `window` and matches them to `drills`. */
export async function runReview(
  connection: Connection,
  view: TenantView,
  window: ReviewWindow,
  drills: readonly DrillRecord[] | undefined,
  preference: SourcePreference = 'auto',
): Promise<Review> {
  const data = await readReviewData(connection, view, window, preference);
  return buildReview(view, window, data, drills);
}

/**
 * The review as the audit report's sign-in section shows it (`AuditResult.signIns`, rendered by
 * src/report/html.ts): one entry per sign-in, `drill` or `unexplained`.
 */
export function reviewedSignIns(review: Review): ReviewedSignIn[] {
  return review.signIns.map((signIn) => ({
    id: signIn.id,
    createdDateTime: signIn.at,
    userId: signIn.accountId,
    userPrincipalName: signIn.userPrincipalName,
    classification: signIn.drill ? 'drill' : 'unexplained',
    ...(signIn.appDisplayName ? { appDisplayName: signIn.appDisplayName } : {}),
    ...(signIn.ipAddress ? { ipAddress: signIn.ipAddress } : {}),
    ...(signIn.location ? { location: signIn.location } : {}),
    ...(signIn.result !== undefined ? { result: signIn.result === '0' ? 'success' : signIn.result } : {}),
    ...(signIn.drill ? { drillAt: signIn.drill.startedAt } : {}),
  }));
}
