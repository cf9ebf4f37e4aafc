/**
 * The Markdown report, written for a GitHub Actions step summary (`$GITHUB_STEP_SUMMARY`) or a pull
 * request comment: the verdict and area table first, what is broken and the lockout analysis as
 * tables (with the What If cross-check when `audit --whatif` asked for it), every finding in collapsed
 * `<details>` blocks. Statuses carry an emoji and a word, so the
 * meaning survives without colour. All tenant text is escaped for GitHub-flavoured Markdown.
 */
import type { AuditResult, Status, WhatIfCheck } from '../checks/types.js';
import { checkInfoFor } from './check-info.js';
import { escapeMarkdown as md, markdownCode } from './escape.js';
import type { ReportOptions } from './options.js';
import {
  accountSourceNote,
  appliesText,
  areaViews,
  blockingPolicies,
  brokenAreas,
  describeReason,
  failingBySeverityText,
  fixFor,
  groupByCheck,
  skipReasonText,
  statusTally,
  subjectLabel,
  tripsGate,
  verdictOf,
  whatIfTally,
} from './view.js';

const EMOJI: Readonly<Record<Status | 'none', string>> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  skip: '⏭️ skip',
  error: '❗ error',
  none: '➖ none',
};

/** Renders the Markdown report. Ends with a newline. */
export function renderMarkdown(result: AuditResult, options: ReportOptions): string {
  const out: string[] = [];
  const verdict = verdictOf(result, options.failOn);

  out.push(
    `## ${verdict.outcome === 'fail' ? '❌' : '✅'} breakglass audit: ${md(result.tenant.displayName)}`,
    '',
    `${markdownCode(result.tenant.initialDomain)} · tenant ${markdownCode(result.tenant.id)} · model **${result.model}** · fail-on **${options.failOn}**`,
    '',
  );
  if (verdict.outcome === 'fail') {
    const by = failingBySeverityText(verdict.gating);
    out.push(
      `**${verdict.gating.length} ${verdict.gating.length === 1 ? 'finding fails' : 'findings fail'} the run** (${by}).`,
    );
  } else {
    out.push(`**Nothing at or above ${options.failOn} fails.**`);
  }
  out.push('', statusTally(result.summary), '');

  const note = accountSourceNote(result);
  if (note) out.push('> [!WARNING]', `> ${md(note)}`, '');

  out.push(
    '| Area | Status | Pass | Fail | Warn | Skip | Error |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const a of areaViews(result, options.checks)) {
    const c = a.counts;
    out.push(
      `| ${a.label} | ${EMOJI[a.status]} | ${c.pass} | ${c.fail} | ${c.warn} | ${c.skip} | ${c.error} |`,
    );
  }
  out.push('');

  const broken = brokenAreas(result, options.checks);
  if (broken.length > 0) {
    out.push(
      '### What is broken',
      '',
      '| Status | Severity | Area | Check | Finding | Fix |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const area of broken) {
      for (const f of area.problems) {
        const fix = fixFor(f, checkInfoFor(options.checks, f));
        const gate = tripsGate(f, options.failOn) ? `**${f.severity}**` : f.severity;
        out.push(
          `| ${EMOJI[f.status]} | ${gate} | ${area.label} | ${f.checkId} | ${md(f.message)} | ${fix ? md(fix) : ''} |`,
        );
      }
    }
    out.push('');
  }

  if (result.lockout.length > 0) {
    out.push(
      '### Emergency sign-in',
      '',
      '_Browser sign-in to the Azure portal from an unknown network on an unregistered device, with the methods each account has._',
      '',
      '| Account | Verdict | Why |',
      '| --- | --- | --- |',
    );
    for (const v of result.lockout) {
      const reasons =
        v.verdict === 'allowed'
          ? v.decidingPolicies.map((p) => `satisfies ${md(p.displayName)}`)
          : blockingPolicies(v).map((p) => `${md(p.displayName)}: ${md(describeReason(p))}`);
      for (const p of v.reportOnlyBlocking ?? [])
        reasons.push(`report-only ${md(p.displayName)} would block: ${md(describeReason(p))}`);
      out.push(
        `| ${md(v.userPrincipalName)} | ${v.verdict === 'allowed' ? '✅ allowed' : '⛔ blocked'} | ${reasons.join('<br>')} |`,
      );
    }
    out.push('');
  }

  if (result.whatIf) out.push(...whatIfSection(result.whatIf));

  out.push(`<details><summary>All findings (${result.findings.length})</summary>`, '');
  for (const { info, findings } of groupByCheck(result, options.checks)) {
    out.push(
      `#### ${info.id} · ${md(info.title)} (${info.severity})`,
      '',
      '| Status | Subject | Message |',
      '| --- | --- | --- |',
    );
    for (const f of findings) {
      const message =
        f.status === 'skip' ? `${md(f.message)} (skipped: ${skipReasonText(f)})` : md(f.message);
      out.push(`| ${EMOJI[f.status]} | ${md(subjectLabel(f.subject))} | ${message} |`);
    }
    if (info.doc) out.push('', `See ${markdownCode(info.doc)}.`);
    out.push('');
  }
  out.push('</details>', '');

  if (result.interop && result.interop.length > 0) {
    out.push(
      '<details><summary>How Maester and the Zero Trust Assessment will read this tenant</summary>',
      '',
    );
    out.push('| Tool | Test | Expected | Why |', '| --- | --- | --- | --- |');
    for (const i of result.interop) {
      out.push(`| ${md(i.tool)} | ${md(i.test)} | ${i.expected} | ${md(i.explanation)} |`);
    }
    out.push('', '</details>', '');
  }

  if (result.signIns && result.signIns.length > 0) {
    out.push(
      '### Sign-ins of the emergency accounts',
      '',
      '| When | Account | Classification | App | IP |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const x of result.signIns) {
      const cls = x.classification === 'drill' ? '✅ drill' : '❌ unexplained';
      out.push(
        `| ${md(x.createdDateTime)} | ${md(x.userPrincipalName)} | ${cls} | ${md(x.appDisplayName ?? '')} | ${md(x.ipAddress ?? '')} |`,
      );
    }
    out.push('');
  }

  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * The What If cross-check: one row per account (agrees or not), then one row per disagreement with
 * both sides' verdict and reason. Lines, ending with a blank one.
 */
function whatIfSection(checks: readonly WhatIfCheck[]): string[] {
  const out = [
    "### Cross-check with Graph's What If API",
    '',
    '_What If says which policies apply to the same emergency sign-in (not whether their controls can be met); breakglass compares that with its own analysis, policy by policy._',
    '',
  ];
  if (checks.length === 0) return [...out, '_Nothing compared: no account or no policies were read._', ''];
  out.push('| Account | Cross-check | Policies | Source address |', '| --- | --- | --- | --- |');
  for (const w of checks) {
    const verdict = w.disagreements.length === 0 ? '✅ agrees' : '⚠️ disagrees';
    const ip = w.ipAddress ? markdownCode(w.ipAddress) : '';
    out.push(`| ${md(w.userPrincipalName)} | ${verdict} | ${whatIfTally(w)} | ${ip} |`);
  }
  const rows = checks.flatMap((w) =>
    w.disagreements.map((d) => {
      const side = (x: { applies: boolean | null; reason: string }) =>
        `**${appliesText(x.applies)}**: ${md(x.reason)}`;
      return `| ${md(w.userPrincipalName)} | ${md(d.displayName)} | ${side(d.product)} | ${side(d.whatIf)} |`;
    }),
  );
  if (rows.length > 0) {
    out.push(
      '',
      '| Account | Policy | breakglass says | What If says |',
      '| --- | --- | --- | --- |',
      ...rows,
    );
  }
  return [...out, ''];
}
