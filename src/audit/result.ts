/**
 * Assembles the audit JSON contract (checks.md "Audit JSON output") from its parts: fixed key
 * order, findings sorted by check id then subject id, lockout verdicts sorted by account, summary
 * counted from the findings. Pure: the timestamps are passed in.
 */
import type { AuditResult, Finding, LockoutVerdict, Model, ReviewedSignIn, Status } from '../checks/types.js';
import { version as toolVersion } from '../version.js';

/** Everything an audit result is made of, before ordering and counting. */
export interface AuditResultParts {
  tenant: AuditResult['tenant'];
  model: Model;
  startedAt: Date;
  finishedAt: Date;
  findings: readonly Finding[];
  lockout: readonly LockoutVerdict[];
  accountSource: AuditResult['accountSource'];
  interop?: AuditResult['interop'];
  signIns?: readonly ReviewedSignIn[];
  /** Defaults to this package's version; tests pin it so golden bytes survive a release. */
  toolVersion?: string;
}

/** Builds the result in contract order so that two runs on one tenant differ only in timestamps. */
export function assembleAuditResult(parts: AuditResultParts): AuditResult {
  const findings = [...parts.findings].map(normaliseFinding).sort(compareFindings);
  const result: AuditResult = {
    formatVersion: 1,
    tool: { name: 'breakglass', version: parts.toolVersion ?? toolVersion },
    tenant: {
      id: parts.tenant.id,
      displayName: parts.tenant.displayName,
      initialDomain: parts.tenant.initialDomain,
    },
    model: parts.model,
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
    summary: summarize(findings),
    findings,
    lockout: [...parts.lockout].sort(compareVerdicts),
    accountSource: parts.accountSource,
  };
  if (parts.interop) result.interop = [...parts.interop];
  if (parts.signIns) result.signIns = [...parts.signIns];
  return result;
}

/** Counts findings per status; every status key is present. */
export function summarize(findings: readonly Pick<Finding, 'status'>[]): Record<Status, number> {
  const summary: Record<Status, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const f of findings) summary[f.status] += 1;
  return summary;
}

/**
 * The contract's order: check id, then subject id. Ties (one check, one subject, several outcomes)
 * fall back to subject type, status and message so the order never depends on evaluation order.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    ordinal(a.checkId, b.checkId) ||
    ordinal(a.subject.id.toLowerCase(), b.subject.id.toLowerCase()) ||
    ordinal(a.subject.type, b.subject.type) ||
    ordinal(a.status, b.status) ||
    ordinal(a.message, b.message)
  );
}

function compareVerdicts(a: LockoutVerdict, b: LockoutVerdict): number {
  return (
    ordinal(a.userPrincipalName.toLowerCase(), b.userPrincipalName.toLowerCase()) ||
    ordinal(a.accountId, b.accountId)
  );
}

/** Fixed key order inside a finding, so its JSON bytes do not depend on how a check built it. */
function normaliseFinding(f: Finding): Finding {
  const subject: Finding['subject'] = { type: f.subject.type, id: f.subject.id };
  if (f.subject.displayName !== undefined) subject.displayName = f.subject.displayName;
  const head = { checkId: f.checkId, status: f.status, severity: f.severity, subject, message: f.message };
  return f.skipReason
    ? { ...head, skipReason: f.skipReason, evidence: f.evidence }
    : { ...head, evidence: f.evidence };
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
