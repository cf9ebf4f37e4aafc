/**
 * The audit's sign-in review section (`AuditResult.signIns`, shown by the HTML, terminal and
 * Markdown reports): the snapshot's sign-ins of the accounts in the review window, classified
 * exactly as EA-OPS-002 judges them (src/checks/lib/signIns.ts), so the section and the finding
 * always agree.
 */
import { resolveAuditContext } from '../checks/context.js';
import { reviewSignIns, signInSourcesCollected } from '../checks/lib/signIns.js';
import type { ReviewedSignIn } from '../checks/types.js';
import type { BreakglassConfig } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';

/** The section's data, or undefined when the snapshot holds no sign-in log (nothing was reviewed). */
export function auditSignInReview(
  snapshot: Snapshot,
  config: BreakglassConfig | undefined,
): ReviewedSignIn[] | undefined {
  const context = resolveAuditContext(snapshot, config);
  return signInSourcesCollected(context) ? reviewSignIns(context) : undefined;
}
