/**
 * The explicit registry of report formats. `--output` picks one for stdout (terminal, json,
 * markdown); `--report FORMAT=PATH` writes any of them to a file, several per run.
 */
import type { AuditResult } from '../checks/types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { ReportOptions } from './options.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export interface ReportFormat {
  /** The name users type (`--output NAME`, `--report NAME=PATH`). */
  name: string;
  description: string;
  /** Whether it may go to stdout with `--output`. */
  stdout: boolean;
  render(result: AuditResult, options: ReportOptions): string;
}

export const reportFormats: readonly ReportFormat[] = [
  {
    name: 'terminal',
    description: 'human summary then details (colour on a TTY)',
    stdout: true,
    render: renderTerminal,
  },
  {
    name: 'json',
    description: 'the audit JSON contract',
    stdout: true,
    render: (result) => renderJson(result),
  },
  { name: 'markdown', description: 'GitHub Actions step summary', stdout: true, render: renderMarkdown },
  { name: 'html', description: 'one self-contained page', stdout: false, render: renderHtml },
  { name: 'sarif', description: 'SARIF 2.1.0 for code scanning', stdout: false, render: renderSarif },
  {
    name: 'junit',
    description: 'JUnit XML, one test case per check and subject',
    stdout: false,
    render: renderJunit,
  },
];

/** The format with this name, or undefined. */
export function findReportFormat(name: string): ReportFormat | undefined {
  return reportFormats.find((f) => f.name === name.trim().toLowerCase());
}
