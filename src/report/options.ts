/**
 * The options every formatter receives. Formatters read only what they need; all of it is data the
 * CLI decided at the edge (whether stdout is a TTY, where the docs live), so formatters stay pure.
 */
import type { Severity } from '../checks/types.js';
import { DEFAULT_FAIL_ON } from '../audit/gate.js';
import type { CheckCatalogue } from './check-info.js';

export interface ReportOptions {
  /** Check metadata (titles, rationale, docs, fix hints), keyed by id. */
  checks: CheckCatalogue;
  /** The `--fail-on` threshold, so reports can say which findings fail the run. */
  failOn: Severity;
  /** ANSI colour in the terminal format (the CLI sets it only for a TTY without NO_COLOR). */
  color: boolean;
  /** JUnit: report `warn` outcomes as failures instead of passing test cases with a warning. */
  warnAsFailure: boolean;
  /**
   * Absolute base URI the check docs resolve against (`<base>docs/checks/<id>.md`), used for
   * SARIF `helpUri`. Ends with a slash.
   */
  docsBaseUri?: string;
  /** SARIF: the file results are anchored to (the config or snapshot path), for code-scanning UIs. */
  artifactUri?: string;
}

/** Fills in defaults for the options a caller did not set. */
export function reportOptions(
  partial: Partial<ReportOptions> & Pick<ReportOptions, 'checks'>,
): ReportOptions {
  return { failOn: DEFAULT_FAIL_ON, color: false, warnAsFailure: false, ...partial };
}
