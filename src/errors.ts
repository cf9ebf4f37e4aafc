/**
 * Errors the CLI turns into a one-line message and exit code 2 ("could not run"), never a stack
 * trace. Anything else that escapes is a bug and is printed with its stack.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Exit code the CLI uses for this error. */
  readonly exitCode = 2;
}

/** Exit codes: 0 = nothing at or above --fail-on failed, 1 = findings, 2 = could not run. */
export const ExitCode = { ok: 0, findings: 1, couldNotRun: 2 } as const;
