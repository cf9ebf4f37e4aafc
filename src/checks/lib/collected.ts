/**
 * The "not collected → skip with reason" rule every check follows: a collection missing from the
 * snapshot is never evidence that all is well. The reason comes from the collector's record of
 * what it could not read (`collectionErrors`, keyed by the snapshot path such as
 * `graph.authenticationMethods` or `azure.resources`), else `not-collected`.
 */
import type { AuditContext, Outcome, SkipReason, Subject } from '../types.js';

/** Why `path` is absent: the collector's recorded reason and detail, or plain `not-collected`. */
export function collectionReason(
  context: AuditContext,
  path: string,
): { reason: SkipReason; detail: string } {
  const recorded =
    context.collectionErrors[path] ?? context.collectionErrors[path.slice(path.lastIndexOf('.') + 1)];
  return recorded ?? { reason: 'not-collected', detail: `${path} is not in the snapshot` };
}

/** A `skip` outcome for `subject` because `path` was not collected. */
export function skipNotCollected(context: AuditContext, path: string, subject: Subject): Outcome {
  const { reason, detail } = collectionReason(context, path);
  return {
    status: 'skip',
    skipReason: reason,
    subject,
    message: `Skipped: ${detail}.`,
    evidence: { collection: path },
  };
}

/** A `skip` outcome with reason `not-applicable`. */
export function skipNotApplicable(subject: Subject, why: string): Outcome {
  return {
    status: 'skip',
    skipReason: 'not-applicable',
    subject,
    message: `Not applicable: ${why}.`,
    evidence: {},
  };
}
