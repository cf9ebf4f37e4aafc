/**
 * The reading of an audit result that the human-facing formats share (terminal, Markdown, HTML):
 * areas in order, what is broken worst first, the lockout matrix, the gate. Pure functions of the
 * result, so every format tells the same story in the same order.
 */
import type {
  Area,
  AuditResult,
  DecidingPolicy,
  Finding,
  LockoutVerdict,
  Severity,
  Status,
  Subject,
  WhatIfCheck,
} from '../checks/types.js';
import { atOrAbove, gatingFindings, severityRank } from '../audit/gate.js';
import { checkInfoFor, type CheckCatalogue, type CheckInfo } from './check-info.js';

/** Areas in the order reports list them, with their display names. */
export const AREAS: readonly { id: Area; label: string }[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'group', label: 'Group' },
  { id: 'conditionalAccess', label: 'Conditional Access' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'operations', label: 'Operations' },
];

/** Statuses from worst to best; an area's status is the worst of its findings. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'skip', 'pass'];

/** Statuses that mean "something to look at". */
export const PROBLEM_STATUSES: readonly Status[] = ['fail', 'error', 'warn'];

/** The display name of an area. */
export function areaLabel(area: Area): string {
  return AREAS.find((a) => a.id === area)?.label ?? area;
}

/** Whether a finding needs attention (fail, error or warn). */
export function isProblem(finding: Pick<Finding, 'status'>): boolean {
  return PROBLEM_STATUSES.includes(finding.status);
}

/**
 * Orders findings worst first: broken (fail, error) before warnings, then by severity, then check
 * id and subject so the order is stable.
 */
export function compareWorstFirst(a: Finding, b: Finding): number {
  const statusA = STATUS_ORDER.indexOf(a.status) <= 1 ? 0 : 1;
  const statusB = STATUS_ORDER.indexOf(b.status) <= 1 ? 0 : 1;
  return (
    statusA - statusB ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.subject.id, b.subject.id)
  );
}

/** Ordinal string comparison (locale-independent, so output bytes do not depend on the machine). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AreaView {
  area: Area;
  label: string;
  /** Worst status among the area's findings; `none` when the audit produced none for it. */
  status: Status | 'none';
  counts: Record<Status, number>;
  /** Fail, error and warn findings, worst first. */
  problems: Finding[];
  /** Worst severity among the problems (for ordering areas), undefined when there are none. */
  worst?: Severity;
}

/** One view per area in the canonical order. */
export function areaViews(result: AuditResult, checks: CheckCatalogue): AreaView[] {
  return AREAS.map(({ id, label }) => {
    const findings = result.findings.filter((f) => checkInfoFor(checks, f).area === id);
    const counts = countStatuses(findings);
    const status = STATUS_ORDER.find((s) => counts[s] > 0) ?? 'none';
    const problems = findings.filter(isProblem).sort(compareWorstFirst);
    const view: AreaView = { area: id, label, status, counts, problems };
    if (problems[0]) view.worst = problems[0].severity;
    return view;
  });
}

/**
 * The areas that have problems, worst area first (by its worst finding: broken before warned, then
 * severity), ties kept in canonical order.
 */
export function brokenAreas(result: AuditResult, checks: CheckCatalogue): AreaView[] {
  return areaViews(result, checks)
    .filter((a) => a.problems.length > 0)
    .sort((a, b) => compareWorstFirst(a.problems[0]!, b.problems[0]!) || 0);
}

/** Counts findings by status (every status present, zero when absent). */
export function countStatuses(findings: readonly Finding[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const f of findings) counts[f.status] += 1;
  return counts;
}

/** The run's verdict against `--fail-on`: `fail` when some finding trips the gate. */
export interface Verdict {
  outcome: 'pass' | 'fail';
  gating: Finding[];
  failOn: Severity;
  /** Problems below the threshold or only warnings (so "pass" can still say "but look at these"). */
  otherProblems: number;
}

/** Decides the headline of a report. */
export function verdictOf(result: AuditResult, failOn: Severity): Verdict {
  const gating = gatingFindings(result, failOn);
  const otherProblems = result.findings.filter(isProblem).length - gating.length;
  return { outcome: gating.length > 0 ? 'fail' : 'pass', gating, failOn, otherProblems };
}

/** Counts of failing (fail/error) findings per severity, worst first, zero severities omitted. */
export function failingBySeverity(findings: readonly Finding[]): { severity: Severity; count: number }[] {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return order
    .map((severity) => ({
      severity,
      count: findings.filter((f) => (f.status === 'fail' || f.status === 'error') && f.severity === severity)
        .length,
    }))
    .filter((s) => s.count > 0);
}

/** The failing counts in words, worst first: `5 critical, 1 high`. */
export function failingBySeverityText(findings: readonly Finding[]): string {
  return failingBySeverity(findings)
    .map((x) => `${x.count} ${x.severity}`)
    .join(', ');
}

/** The one-line count of every status: `pass 27 · fail 6 · warn 1 · skip 2 · error 1`. */
export function statusTally(summary: Readonly<Record<Status, number>>): string {
  const s = summary;
  return `pass ${s.pass} · fail ${s.fail} · warn ${s.warn} · skip ${s.skip} · error ${s.error}`;
}

/** `word` or `words` as `n` asks (English nouns with a plain plural only). */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Whether a policy applies, as one side of a What If cross-check says it (`null`: that side does not know the policy). */
export function appliesText(applies: boolean | null): string {
  return applies === null ? 'unknown' : applies ? 'applies' : 'does not apply';
}

/** How many of the compared policies both sides agree on: `4/5 policies agree`. */
export function whatIfTally(check: Pick<WhatIfCheck, 'agreements' | 'compared'>): string {
  return `${check.agreements}/${check.compared} ${check.compared === 1 ? 'policy' : 'policies'} agree`;
}

/** Whether a severity is at or above the gate (used to mark findings that fail the run). */
export function tripsGate(finding: Finding, failOn: Severity): boolean {
  return (finding.status === 'fail' || finding.status === 'error') && atOrAbove(finding.severity, failOn);
}

const SUBJECT_TYPE_LABELS: Readonly<Record<Subject['type'], string>> = {
  tenant: 'tenant',
  user: 'account',
  group: 'group',
  conditionalAccessPolicy: 'policy',
  workspace: 'workspace',
  diagnosticSetting: 'diagnostic setting',
  alertRule: 'alert rule',
  actionGroup: 'action group',
  signIn: 'sign-in',
};

/** How a subject reads in prose: its kind and its display name (or id). */
export function subjectLabel(subject: Subject): string {
  return `${SUBJECT_TYPE_LABELS[subject.type] ?? subject.type} ${subject.displayName || subject.id}`;
}

/** The subject kind's display word. */
export function subjectTypeLabel(type: Subject['type']): string {
  return SUBJECT_TYPE_LABELS[type] ?? type;
}

/**
 * The fix hint for a failed or warned finding: the finding's own `evidence.fix` (a check may tailor
 * it to the subject) or else the check's generic fix line. None for pass, skip and error (an error
 * means the check could not decide, so the generic fix may not apply).
 */
export function fixFor(finding: Finding, info: CheckInfo): string | undefined {
  if (finding.status !== 'fail' && finding.status !== 'warn') return undefined;
  const own = finding.evidence['fix'];
  if (typeof own === 'string' && own.trim()) return own.trim();
  return info.fix;
}

/** The notice that the accounts were taken from the break-glass group (no config), if so. */
export function accountSourceNote(result: AuditResult): string | undefined {
  if (result.accountSource !== 'group') return undefined;
  return (
    'No breakglass.yaml: the emergency accounts were taken from the members of the break-glass group. ' +
    'Declare them in breakglass.yaml so that a wrong member cannot pass as an emergency account.'
  );
}

/** A column of the lockout matrix: one policy that decides at least one account. */
export interface LockoutColumn {
  id: string;
  displayName: string;
  state: DecidingPolicy['state'];
}

/** A cell of the lockout matrix. */
export interface LockoutCell {
  /** `blocks`: an enforced policy keeps the account out; `would-block`: only because it is report-only; `satisfied`: applies and can be met; `none`: does not apply. */
  kind: 'blocks' | 'would-block' | 'satisfied' | 'none';
  policy?: DecidingPolicy;
}

/** The matrix accounts × deciding policies, columns sorted by name then id. */
export function lockoutMatrix(lockout: readonly LockoutVerdict[]): {
  columns: LockoutColumn[];
  rows: { verdict: LockoutVerdict; cells: LockoutCell[] }[];
} {
  const byId = new Map<string, LockoutColumn>();
  for (const v of lockout) {
    for (const p of [...v.decidingPolicies, ...(v.reportOnlyBlocking ?? [])]) {
      if (!byId.has(p.id)) byId.set(p.id, { id: p.id, displayName: p.displayName, state: p.state });
    }
  }
  const columns = [...byId.values()].sort(
    (a, b) =>
      compareText(a.displayName.toLowerCase(), b.displayName.toLowerCase()) || compareText(a.id, b.id),
  );
  const rows = lockout.map((verdict) => ({
    verdict,
    cells: columns.map((column): LockoutCell => {
      const deciding = verdict.decidingPolicies.find((p) => p.id === column.id);
      if (deciding) return { kind: isSatisfied(deciding) ? 'satisfied' : 'blocks', policy: deciding };
      const reportOnly = verdict.reportOnlyBlocking?.find((p) => p.id === column.id);
      if (reportOnly) return { kind: 'would-block', policy: reportOnly };
      return { kind: 'none' };
    }),
  }));
  return { columns, rows };
}

/** A deciding policy whose reason is `satisfied` applies to the account but lets it in. */
export function isSatisfied(policy: DecidingPolicy): boolean {
  return policy.reason === 'satisfied';
}

/** The policies that keep an account out (not the satisfied ones). */
export function blockingPolicies(verdict: LockoutVerdict): DecidingPolicy[] {
  return verdict.decidingPolicies.filter((p) => !isSatisfied(p));
}

/**
 * Why a policy decides, in words: the evaluator's own explanation when it gives one (which include
 * matched, which control cannot be met), else the bare reason.
 */
export function describeReason(policy: DecidingPolicy): string {
  if (policy.detail) return policy.detail;
  return policy.reason === 'block'
    ? 'blocks access'
    : isSatisfied(policy)
      ? 'satisfied'
      : `requires ${policy.reason}`;
}

/** Findings with their check info attached, in contract order (check id, then subject). */
export function withInfo(
  result: AuditResult,
  checks: CheckCatalogue,
): { finding: Finding; info: CheckInfo }[] {
  return result.findings.map((finding) => ({ finding, info: checkInfoFor(checks, finding) }));
}

/** Findings grouped by check id in the result's order. */
export function groupByCheck(
  result: AuditResult,
  checks: CheckCatalogue,
): { info: CheckInfo; findings: Finding[] }[] {
  const groups = new Map<string, { info: CheckInfo; findings: Finding[] }>();
  for (const finding of result.findings) {
    const group = groups.get(finding.checkId) ?? { info: checkInfoFor(checks, finding), findings: [] };
    group.findings.push(finding);
    groups.set(finding.checkId, group);
  }
  return [...groups.values()];
}

/** A skip's reason in words. */
export function skipReasonText(finding: Finding): string {
  return finding.skipReason ? finding.skipReason.replace(/-/g, ' ') : 'no reason given';
}
