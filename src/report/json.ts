/**
 * The audit JSON contract (checks.md "Audit JSON output") as stable bytes: keys in the contract's
 * order, evidence keys sorted, two-space indentation, a final newline. Two runs on the same tenant
 * differ only in `startedAt`/`finishedAt`.
 */
import type {
  AuditResult,
  DecidingPolicy,
  Finding,
  LockoutVerdict,
  ReviewedSignIn,
  WhatIfCheck,
} from '../checks/types.js';

/** Renders the result as the JSON contract. */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(canonicalResult(result), null, 2)}\n`;
}

/** The result with every object's keys in contract order (what `renderJson` serialises). */
export function canonicalResult(result: AuditResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    formatVersion: result.formatVersion,
    tool: { name: result.tool.name, version: result.tool.version },
    tenant: {
      id: result.tenant.id,
      displayName: result.tenant.displayName,
      initialDomain: result.tenant.initialDomain,
    },
    model: result.model,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    summary: {
      pass: result.summary.pass,
      fail: result.summary.fail,
      warn: result.summary.warn,
      skip: result.summary.skip,
      error: result.summary.error,
    },
    findings: result.findings.map(canonicalFinding),
    lockout: result.lockout.map(canonicalVerdict),
    accountSource: result.accountSource,
  };
  if (result.interop) {
    out['interop'] = result.interop.map((i) => ({
      tool: i.tool,
      test: i.test,
      expected: i.expected,
      explanation: i.explanation,
    }));
  }
  if (result.signIns) out['signIns'] = result.signIns.map(canonicalSignIn);
  if (result.whatIf) out['whatIf'] = result.whatIf.map(canonicalWhatIf);
  return out;
}

function canonicalWhatIf(w: WhatIfCheck): Record<string, unknown> {
  const out: Record<string, unknown> = { accountId: w.accountId, userPrincipalName: w.userPrincipalName };
  if (w.ipAddress !== undefined) out['ipAddress'] = w.ipAddress;
  out['compared'] = w.compared;
  out['agreements'] = w.agreements;
  out['disagreements'] = w.disagreements.map((d) => ({
    policyId: d.policyId,
    displayName: d.displayName,
    state: d.state,
    product: { applies: d.product.applies, reason: d.product.reason },
    whatIf: { applies: d.whatIf.applies, reason: d.whatIf.reason },
  }));
  return out;
}

function canonicalFinding(f: Finding): Record<string, unknown> {
  const subject: Record<string, unknown> = { type: f.subject.type, id: f.subject.id };
  if (f.subject.displayName !== undefined) subject['displayName'] = f.subject.displayName;
  const out: Record<string, unknown> = {
    checkId: f.checkId,
    status: f.status,
    severity: f.severity,
    subject,
    message: f.message,
  };
  if (f.skipReason) out['skipReason'] = f.skipReason;
  out['evidence'] = sortKeys(f.evidence);
  return out;
}

function canonicalVerdict(v: LockoutVerdict): Record<string, unknown> {
  const out: Record<string, unknown> = {
    accountId: v.accountId,
    userPrincipalName: v.userPrincipalName,
    verdict: v.verdict,
    decidingPolicies: v.decidingPolicies.map(canonicalPolicy),
  };
  if (v.reportOnlyBlocking) out['reportOnlyBlocking'] = v.reportOnlyBlocking.map(canonicalPolicy);
  return out;
}

function canonicalPolicy(p: DecidingPolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    displayName: p.displayName,
    state: p.state,
    reason: p.reason,
  };
  if (p.detail !== undefined) out['detail'] = p.detail;
  return out;
}

function canonicalSignIn(s: ReviewedSignIn): Record<string, unknown> {
  return sortKeys(s) as Record<string, unknown>;
}

/** Deep copy with object keys sorted (arrays keep their order: it may carry meaning). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
