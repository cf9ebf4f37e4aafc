/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning, Azure DevOps and SARIF viewers. One rule per check
 * with its help text and doc link; one result per outcome that needs attention:
 * - fail, warn, error → `kind: fail`, level by severity (a check that could not decide is a
 *   failure to verify, so it is reported, never dropped);
 * - skip (other than not-applicable) → `kind: review`, level `none`: unknown is not compliant;
 * - pass and not-applicable skips are counted in the run's properties only, so code-scanning UIs do
 *   not turn them into alerts.
 * Results carry a logical location for the subject (and a physical one, the config or snapshot
 * file, when the caller names it) and a stable fingerprint so alerts track across runs.
 */
import { createHash } from 'node:crypto';
import type { AuditResult, Finding, Severity } from '../checks/types.js';
import { checkInfoFor, type CheckInfo } from './check-info.js';
import type { ReportOptions } from './options.js';
import { subjectLabel } from './view.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVEL_BY_SEVERITY: Readonly<Record<Severity, Level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's `security-severity` scale: ≥9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/** Renders the SARIF log. Ends with a newline. */
export function renderSarif(result: AuditResult, options: ReportOptions): string {
  const rules = rulesFor(result, options);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const reported = result.findings.filter(isReported);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'breakglass',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            ...(options.docsBaseUri ? { informationUri: options.docsBaseUri } : {}),
            rules: rules.map((r) => r.descriptor),
          },
        },
        automationDetails: { id: `breakglass-audit/${result.tenant.id}/` },
        invocations: [
          { executionSuccessful: true, startTimeUtc: result.startedAt, endTimeUtc: result.finishedAt },
        ],
        results: reported.map((f) => sarifResult(f, result, options, ruleIndex.get(f.checkId) ?? 0)),
        properties: {
          tenant: result.tenant,
          model: result.model,
          accountSource: result.accountSource,
          failOn: options.failOn,
          summary: result.summary,
          lockout: result.lockout.map((v) => ({
            userPrincipalName: v.userPrincipalName,
            verdict: v.verdict,
          })),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Whether an outcome becomes a SARIF result (see the module comment). */
export function isReported(f: Finding): boolean {
  if (f.status === 'pass') return false;
  if (f.status === 'skip') return f.skipReason !== 'not-applicable';
  return true;
}

interface Rule {
  id: string;
  descriptor: Record<string, unknown>;
}

/** One rule per check: every catalogue check, plus any check id only the findings know. */
function rulesFor(result: AuditResult, options: ReportOptions): Rule[] {
  const infos = new Map<string, CheckInfo>(options.checks);
  for (const f of result.findings)
    if (!infos.has(f.checkId)) infos.set(f.checkId, checkInfoFor(options.checks, f));
  return [...infos.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((info) => ({ id: info.id, descriptor: ruleDescriptor(info, options) }));
}

function ruleDescriptor(info: CheckInfo, options: ReportOptions): Record<string, unknown> {
  const doc = info.doc ?? `docs/checks/${info.id}.md`;
  const helpUri = options.docsBaseUri ? new URL(doc, options.docsBaseUri).href : undefined;
  const rationale = info.rationale ?? info.title;
  const text = [rationale, info.fix ? `How to fix: ${info.fix}` : '', `Documentation: ${helpUri ?? doc}`]
    .filter(Boolean)
    .join('\n\n');
  const markdown = [
    `**${info.title}** (${info.severity})`,
    rationale,
    info.fix ? `**How to fix:** ${info.fix}` : '',
    helpUri ? `[${info.id} documentation](${helpUri})` : `Documentation: \`${doc}\``,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    id: info.id,
    name: ruleName(info.title),
    shortDescription: { text: info.title },
    fullDescription: { text: rationale },
    help: { text, markdown },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[info.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[info.severity],
      severity: info.severity,
      tags: ['security', 'emergency-access', info.area],
      precision: 'very-high',
      'problem.severity': problemSeverity(info.severity),
    },
  };
}

function sarifResult(
  f: Finding,
  result: AuditResult,
  options: ReportOptions,
  ruleIndex: number,
): Record<string, unknown> {
  const review = f.status === 'skip';
  const level: Level = review
    ? 'none'
    : f.status === 'warn'
      ? warnLevel(f.severity)
      : LEVEL_BY_SEVERITY[f.severity];
  const prefix = review
    ? `Not evaluated (${f.skipReason ?? 'skipped'}): `
    : f.status === 'error'
      ? 'Could not be evaluated: '
      : '';
  const logicalLocation = {
    name: f.subject.displayName || f.subject.id,
    fullyQualifiedName: `${result.tenant.initialDomain}/${f.subject.type}/${f.subject.id}`,
    kind: 'resource',
  };
  const location: Record<string, unknown> = { logicalLocations: [logicalLocation] };
  if (options.artifactUri) {
    location['physicalLocation'] = {
      artifactLocation: { uri: options.artifactUri },
      region: { startLine: 1 },
    };
  }
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: review ? 'review' : 'fail',
    level,
    message: { text: `${prefix}${f.message}` },
    locations: [location],
    partialFingerprints: { 'breakglassFinding/v1': fingerprint(result.tenant.id, f) },
    properties: {
      status: f.status,
      severity: f.severity,
      subject: `${subjectLabel(f.subject)} (${f.subject.id})`,
      ...(f.skipReason ? { skipReason: f.skipReason } : {}),
    },
  };
}

/** A warning never outranks `warning`, and low-severity warnings stay notes. */
function warnLevel(severity: Severity): Level {
  return severity === 'low' || severity === 'info' ? 'note' : 'warning';
}

function problemSeverity(severity: Severity): string {
  return severity === 'critical' || severity === 'high'
    ? 'error'
    : severity === 'medium'
      ? 'warning'
      : 'recommendation';
}

/** `EA-CA-003`'s title "No other Conditional Access policy applies…" → `NoOtherConditionalAccessPolicyApplies…`. */
export function ruleName(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function fingerprint(tenantId: string, f: Finding): string {
  return createHash('sha256')
    .update([tenantId.toLowerCase(), f.checkId, f.subject.type, f.subject.id.toLowerCase()].join('\u0000'))
    .digest('hex');
}
