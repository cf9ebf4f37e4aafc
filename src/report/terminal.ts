/**
 * The terminal report: the verdict and what is broken (worst first, grouped by area) on the first
 * screen, then the lockout analysis, then details per finding with its fix. Colour only when the
 * caller says so (a TTY without NO_COLOR); every tenant-supplied string is stripped of control
 * characters.
 */
import type { AuditResult, Finding, Status } from '../checks/types.js';
import { paint, type Paint } from './color.js';
import { terminalSafe } from './escape.js';
import type { ReportOptions } from './options.js';
import {
  accountSourceNote,
  appliesText,
  blockingPolicies,
  brokenAreas,
  describeReason,
  failingBySeverityText,
  fixFor,
  groupByCheck,
  plural,
  skipReasonText,
  statusTally,
  subjectLabel,
  tripsGate,
  verdictOf,
  whatIfTally,
} from './view.js';

const SYMBOLS: Readonly<Record<Status, string>> = { pass: '✓', fail: '✗', warn: '!', skip: '-', error: '?' };

/** Renders the terminal report. Ends with a newline. */
export function renderTerminal(result: AuditResult, options: ReportOptions): string {
  const p = paint(options.color);
  const t = terminalSafe;
  const lines: string[] = [];
  const status = (s: Status) => statusColour(p, s)(`${SYMBOLS[s]} ${s.padEnd(5)}`);

  lines.push(
    `${p.bold('breakglass audit')} · ${t(result.tenant.displayName)} (${t(result.tenant.initialDomain)})`,
    p.dim(`tenant ${t(result.tenant.id)} · model ${result.model} · ${result.findings.length} findings`),
    '',
  );

  const verdict = verdictOf(result, options.failOn);
  if (verdict.outcome === 'fail') {
    const bySeverity = failingBySeverityText(verdict.gating);
    lines.push(
      `${p.red(p.bold('✗ FAIL'))}  ${verdict.gating.length} ${plural(verdict.gating.length, 'finding')} at or above ${options.failOn} (${bySeverity})`,
    );
  } else {
    const extra =
      verdict.otherProblems > 0 ? ` (${verdict.otherProblems} below the threshold or warnings)` : '';
    lines.push(`${p.green(p.bold('✓ PASS'))}  nothing at or above ${options.failOn} fails${extra}`);
  }
  lines.push(`   ${statusTally(result.summary)}`);

  const note = accountSourceNote(result);
  if (note) lines.push('', p.yellow(`! ${note}`));

  const areas = brokenAreas(result, options.checks);
  if (areas.length > 0) {
    lines.push('', p.bold('What is broken'));
    for (const area of areas) {
      lines.push(`  ${p.bold(area.label)}`);
      for (const f of area.problems) {
        const mark = tripsGate(f, options.failOn) ? '' : p.dim(' (does not fail the run)');
        lines.push(
          `    ${status(f.status)}  ${severityText(p, f)}  ${p.cyan(f.checkId)}  ${t(f.message)}${mark}`,
        );
      }
    }
  }

  if (result.lockout.length > 0) {
    lines.push('', p.bold('Emergency sign-in (browser, Azure portal, unknown network, unregistered device)'));
    for (const v of result.lockout) {
      const who = t(v.userPrincipalName);
      if (v.verdict === 'allowed') {
        lines.push(`  ${p.green('✓ allowed')}  ${who}`);
      } else {
        lines.push(`  ${p.red('✗ blocked')}  ${who}`);
        for (const policy of blockingPolicies(v)) {
          lines.push(`      by "${t(policy.displayName)}": ${t(describeReason(policy))}`);
        }
      }
      for (const policy of v.reportOnlyBlocking ?? []) {
        lines.push(
          p.dim(`      report-only "${t(policy.displayName)}" would block: ${t(describeReason(policy))}`),
        );
      }
    }
  }

  const groups = groupByCheck(result, options.checks);
  const detailed = groups.filter((g) => g.findings.some((f) => f.status !== 'pass'));
  if (detailed.length > 0) {
    lines.push('', p.bold('Details'));
    for (const { info, findings } of detailed) {
      lines.push('', `  ${p.cyan(info.id)}  ${p.bold(t(info.title))}  ${p.dim(info.severity)}`);
      for (const f of findings.filter((x) => x.status !== 'pass')) {
        lines.push(`    ${status(f.status)}  ${t(subjectLabel(f.subject))}`);
        lines.push(`       ${t(f.message)}`);
        if (f.status === 'skip') lines.push(p.dim(`       skipped: ${skipReasonText(f)}`));
        const fix = fixFor(f, info);
        if (fix) lines.push(`       ${p.bold('Fix:')} ${t(fix)}`);
      }
      if (info.doc) lines.push(p.dim(`    see ${info.doc}`));
    }
  }

  const passed = groups.filter((g) => g.findings.every((f) => f.status === 'pass')).map((g) => g.info.id);
  if (passed.length > 0) {
    lines.push(
      '',
      `${p.green('✓')} ${passed.length} ${plural(passed.length, 'check')} passed: ${passed.join(', ')}`,
    );
  }

  if (result.interop && result.interop.length > 0) {
    lines.push('', p.bold('How other auditors will read this tenant'));
    for (const i of result.interop) {
      const word =
        i.expected === 'pass' ? p.green('pass') : i.expected === 'fail' ? p.yellow('fail') : p.dim('unknown');
      lines.push(`  ${t(i.tool)} ${t(i.test)}: ${word} — ${t(i.explanation)}`);
    }
  }

  if (result.signIns && result.signIns.length > 0) {
    const unexplained = result.signIns.filter((x) => x.classification === 'unexplained').length;
    lines.push('', p.bold(`Sign-ins of the accounts: ${result.signIns.length} (${unexplained} unexplained)`));
    for (const x of result.signIns) {
      const tag = x.classification === 'drill' ? p.green('drill      ') : p.red('unexplained');
      const where = [x.appDisplayName, x.ipAddress, x.location]
        .filter(Boolean)
        .map((v) => t(v!))
        .join(' · ');
      lines.push(`  ${tag}  ${t(x.createdDateTime)}  ${t(x.userPrincipalName)}${where ? `  ${where}` : ''}`);
    }
  }

  if (result.whatIf) {
    lines.push('', p.bold("Cross-check with Graph's What If API (which policies apply)"));
    if (result.whatIf.length === 0)
      lines.push(p.dim('  nothing compared: no account or no policies were read'));
    for (const w of result.whatIf) {
      const who = t(w.userPrincipalName);
      const n = w.disagreements.length;
      const tally = whatIfTally(w);
      lines.push(
        n === 0
          ? `  ${p.green('✓ agrees')}    ${who}  ${p.dim(tally)}`
          : `  ${p.yellow('! disagrees')} ${who}  ${tally}, ${n} ${plural(n, 'disagreement')}`,
      );
      for (const d of w.disagreements) {
        lines.push(
          `      "${t(d.displayName)}": breakglass says ${appliesText(d.product.applies)} (${t(d.product.reason)})`,
        );
        lines.push(`        What If says ${appliesText(d.whatIf.applies)} (${t(d.whatIf.reason)})`);
      }
    }
  }

  return `${lines.join('\n')}\n`;
}

function statusColour(p: Paint, status: Status): (text: string) => string {
  switch (status) {
    case 'fail':
      return p.red;
    case 'error':
      return p.magenta;
    case 'warn':
      return p.yellow;
    case 'skip':
      return p.dim;
    case 'pass':
      return p.green;
  }
}

function severityText(p: Paint, f: Finding): string {
  const padded = f.severity.padEnd(8);
  return f.severity === 'critical' ? p.bold(padded) : padded;
}
