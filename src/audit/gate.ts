/**
 * The `--fail-on` gate (checks.md "Exit code"): the audit exits 1 when a finding at or above the
 * threshold fails, 0 otherwise. Exit 2 ("could not run") never comes from here.
 */
import type { AuditResult, Finding, Severity, Status } from '../checks/types.js';
import { ExitCode } from '../errors.js';

/** Severities from worst to mildest; the index is the rank used everywhere reports sort. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The default threshold when neither `--fail-on` nor the config's `audit.failOn` sets one. */
export const DEFAULT_FAIL_ON: Severity = 'high';

/** 0 for critical … 4 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at or above `threshold` (critical is above high). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/**
 * Statuses that trip the gate. `error` counts with `fail`: a check that could not decide must not
 * let a pipeline go green ("unknown never reads as compliant"). `warn` and `skip` never trip it.
 */
export const GATING_STATUSES: readonly Status[] = ['fail', 'error'];

/** The findings that make the audit exit 1 at this threshold, in result order. */
export function gatingFindings(result: Pick<AuditResult, 'findings'>, failOn: Severity): Finding[] {
  return result.findings.filter((f) => GATING_STATUSES.includes(f.status) && atOrAbove(f.severity, failOn));
}

/** The process exit code for a completed audit: 1 when any finding trips the gate, else 0. */
export function exitCodeForAudit(result: Pick<AuditResult, 'findings'>, failOn: Severity): number {
  return gatingFindings(result, failOn).length > 0 ? ExitCode.findings : ExitCode.ok;
}

/** Parses a severity name given by a user (case-insensitive); undefined when it is not one. */
export function parseSeverity(text: string): Severity | undefined {
  const lower = text.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}
