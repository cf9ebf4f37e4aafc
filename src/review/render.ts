/**
 * `breakglass signins` output: a table for people, JSON for programs.
 */
import { textTable } from './table.js';
import type { Review } from './types.js';
import { unexplainedSignIns } from './review.js';

/** `2026-03-01 10:00:00Z` — sortable, and short enough for a table. */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Result column: `success`, or the error code and what it means. */
function resultText(result: string | undefined, description: string | undefined): string {
  if (result === undefined) return '';
  if (result === '0') return 'success';
  return description ? `${result} ${description}` : result;
}

/** The review as text: the sign-ins table, the audit events, and a one-line verdict. */
export function renderReviewTable(review: Review): string {
  const lines: string[] = [
    `Sign-ins of ${review.accounts.length} emergency account${review.accounts.length === 1 ? '' : 's'} from ${shortTime(review.since)} to ${shortTime(review.until)} (source: ${review.sourceNote})`,
  ];
  if (!review.drillsRecorded) {
    lines.push('No state store with drill records was found: every sign-in counts as unexplained.');
  }
  lines.push('');
  if (review.signIns.length === 0) lines.push('No sign-ins.');
  else {
    lines.push(
      textTable(
        ['TIME', 'ACCOUNT', 'APP', 'IP', 'RESULT', 'CA STATUS', 'DRILL'],
        review.signIns.map((s) => [
          shortTime(s.at),
          s.userPrincipalName,
          s.appDisplayName ?? '',
          s.ipAddress ?? '',
          resultText(s.result, s.resultDescription),
          s.conditionalAccessStatus ?? '',
          s.drill
            ? `drill ${shortTime(s.drill.startedAt)}${s.drill.verified ? ' (verified)' : ''}`
            : 'UNEXPLAINED',
        ]),
      ),
    );
  }
  lines.push('', `Audit events about the accounts: ${review.auditEvents.length}`);
  if (review.auditEvents.length > 0) {
    lines.push(
      textTable(
        ['TIME', 'ACTIVITY', 'TARGET', 'BY', 'RESULT'],
        review.auditEvents.map((e) => [
          shortTime(e.at),
          e.activity,
          e.targetName ?? e.targetId ?? '',
          e.actor ?? '',
          e.result ?? '',
        ]),
      ),
    );
  }
  const unexplained = unexplainedSignIns(review).length;
  lines.push(
    '',
    unexplained === 0
      ? `Every sign-in is explained by a recorded drill (${review.signIns.length}).`
      : `${unexplained} unexplained sign-in${unexplained === 1 ? '' : 's'}: review each one (an emergency nobody recorded, or misuse).`,
  );
  return lines.join('\n') + '\n';
}

/** The review as JSON (stable key order as built), with the count of unexplained sign-ins. */
export function renderReviewJson(review: Review): string {
  return JSON.stringify({ ...review, unexplained: unexplainedSignIns(review).length }, null, 2) + '\n';
}
