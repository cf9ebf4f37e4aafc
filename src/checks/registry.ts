/**
 * The explicit list of every check, and running them. Adding a check = one import and one entry
 * in `checks`, kept in id order.
 */
import type { AuditContext, CheckDefinition, Finding, Outcome } from './types.js';
import { tenantSubject } from './lib/subjects.js';
import { check as ACC001 } from './EA-ACC-001.js';
import { check as ACC002 } from './EA-ACC-002.js';
import { check as ACC003 } from './EA-ACC-003.js';
import { check as ACC004 } from './EA-ACC-004.js';
import { check as ACC005 } from './EA-ACC-005.js';
import { check as ACC006 } from './EA-ACC-006.js';
import { check as ACC007 } from './EA-ACC-007.js';
import { check as ACC008 } from './EA-ACC-008.js';
import { check as ACC009 } from './EA-ACC-009.js';
import { check as ACC010 } from './EA-ACC-010.js';
import { check as CA001 } from './EA-CA-001.js';
import { check as CA002 } from './EA-CA-002.js';
import { check as CA003 } from './EA-CA-003.js';
import { check as CA004 } from './EA-CA-004.js';
import { check as CA005 } from './EA-CA-005.js';
import { check as CA006 } from './EA-CA-006.js';
import { check as GRP001 } from './EA-GRP-001.js';
import { check as GRP002 } from './EA-GRP-002.js';
import { check as GRP003 } from './EA-GRP-003.js';
import { check as MON001 } from './EA-MON-001.js';
import { check as MON002 } from './EA-MON-002.js';
import { check as MON003 } from './EA-MON-003.js';
import { check as MON004 } from './EA-MON-004.js';
import { check as MON005 } from './EA-MON-005.js';
import { check as MON006 } from './EA-MON-006.js';
import { check as OPS001 } from './EA-OPS-001.js';
import { check as OPS002 } from './EA-OPS-002.js';

/** Every check, in id order. */
export const checks: readonly CheckDefinition[] = [
  ACC001,
  ACC002,
  ACC003,
  ACC004,
  ACC005,
  ACC006,
  ACC007,
  ACC008,
  ACC009,
  ACC010,
  CA001,
  CA002,
  CA003,
  CA004,
  CA005,
  CA006,
  GRP001,
  GRP002,
  GRP003,
  MON001,
  MON002,
  MON003,
  MON004,
  MON005,
  MON006,
  OPS001,
  OPS002,
];

/** The check with this id, if any. */
export function findCheck(
  id: string,
  list: readonly CheckDefinition[] = checks,
): CheckDefinition | undefined {
  return list.find((check) => check.id === id);
}

function toFinding(check: CheckDefinition, outcome: Outcome): Finding {
  // Fixed key order, as in the audit JSON contract.
  return {
    checkId: check.id,
    status: outcome.status,
    severity: outcome.severity ?? check.severity,
    subject: outcome.subject,
    message: outcome.message,
    ...(outcome.skipReason ? { skipReason: outcome.skipReason } : {}),
    evidence: outcome.evidence,
  };
}

/** Code-point order, not locale order, so the same findings always give the same bytes. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs `list` (default: every check) against the context. A check that throws becomes one `error`
 * finding with the exception's message; the audit goes on. Findings are sorted by check id, then
 * subject id.
 */
export function runChecks(context: AuditContext, list: readonly CheckDefinition[] = checks): Finding[] {
  const findings: Finding[] = [];
  for (const check of list) {
    let outcomes: Outcome[];
    try {
      outcomes = check.evaluate(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes = [
        {
          status: 'error',
          subject: tenantSubject(context),
          message: `The check failed to run: ${message}`,
          evidence: { error: message },
        },
      ];
    }
    findings.push(...outcomes.map((outcome) => toFinding(check, outcome)));
  }
  return findings.sort((a, b) => compare(a.checkId, b.checkId) || compare(a.subject.id, b.subject.id));
}
