/**
 * JUnit XML, for CI systems that show test results (Azure DevOps, GitLab, Jenkins, GitHub test
 * reporters). One `<testsuite>` per check, one `<testcase>` per check and subject:
 * fail → `<failure>`, error → `<error>`, skip → `<skipped>` with the reason, warn → passes with a
 * `<system-out>` note, or `<failure>` when `warnAsFailure` is set. Times are zero: checks are pure
 * and take no measurable time, and fixed bytes diff cleanly.
 */
import type { AuditResult, Finding } from '../checks/types.js';
import { escapeXml as x } from './escape.js';
import type { ReportOptions } from './options.js';
import { fixFor, groupByCheck, skipReasonText, subjectLabel } from './view.js';
import type { CheckInfo } from './check-info.js';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** Renders the JUnit XML document. Ends with a newline. */
export function renderJunit(result: AuditResult, options: ReportOptions): string {
  const suites = groupByCheck(result, options.checks).map(({ info, findings }) => {
    const counts = countOf(findings, options.warnAsFailure);
    const cases = findings.map((f) => testcase(f, info, options));
    return {
      counts,
      xml: [
        `  <testsuite name="${x(`${info.id} ${info.title}`)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0" timestamp="${x(result.startedAt.replace(/Z$/, ''))}">`,
        ...cases,
        '  </testsuite>',
      ],
    };
  });
  const total = suites.reduce<Counts>(
    (t, s) => ({
      tests: t.tests + s.counts.tests,
      failures: t.failures + s.counts.failures,
      errors: t.errors + s.counts.errors,
      skipped: t.skipped + s.counts.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const name = `breakglass audit ${result.tenant.initialDomain}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/** Test counts for one check's findings, as the `<testsuite>` attributes state them. */
export function countOf(findings: readonly Finding[], warnAsFailure: boolean): Counts {
  return {
    tests: findings.length,
    failures: findings.filter((f) => f.status === 'fail' || (warnAsFailure && f.status === 'warn')).length,
    errors: findings.filter((f) => f.status === 'error').length,
    skipped: findings.filter((f) => f.status === 'skip').length,
  };
}

function testcase(f: Finding, info: CheckInfo, options: ReportOptions): string {
  const open = `    <testcase classname="${x(`breakglass.${info.area}.${info.id}`)}" name="${x(`${info.id} ${subjectLabel(f.subject)}`)}" time="0"`;
  const fix = fixFor(f, info);
  const body = [
    f.message,
    `Subject: ${f.subject.type} ${f.subject.id}`,
    fix ? `Fix: ${fix}` : '',
    info.doc ? `See ${info.doc}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  switch (f.status) {
    case 'pass':
      return `${open}/>`;
    case 'fail':
      return `${open}>\n      <failure message="${x(f.message)}" type="${f.severity}">${x(body)}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${x(f.message)}" type="error">${x(body)}</error>\n    </testcase>`;
    case 'skip':
      return `${open}>\n      <skipped message="${x(`${skipReasonText(f)}: ${f.message}`)}"/>\n    </testcase>`;
    case 'warn':
      return options.warnAsFailure
        ? `${open}>\n      <failure message="${x(f.message)}" type="warning">${x(body)}</failure>\n    </testcase>`
        : `${open}>\n      <system-out>${x(`warning: ${body}`)}</system-out>\n    </testcase>`;
  }
}
