/**
 * The `breakglass` command line. Commands live one per file in ./commands and are listed in the
 * explicit registry ./commands/index.ts.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { UsageError, ExitCode } from '../errors.js';
import { version } from '../version.js';

/** Builds the program; exported so golden tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command('breakglass')
    .description('Emergency access (break-glass) as code for Microsoft Entra ID')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Entry point used by bin/breakglass.js. Sets process.exitCode; never calls process.exit mid-write. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version come through here with exit code 0; commander already printed them.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.couldNotRun;
  }
  if (error instanceof UsageError || isOneLineError(error)) {
    process.stderr.write(`breakglass: ${(error as Error).message}\n`);
    return ExitCode.couldNotRun;
  }
  process.stderr.write(`breakglass: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.couldNotRun;
}

/** Errors that carry their own user-facing message (API errors, config errors) set `userFacing`. */
function isOneLineError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { userFacing?: boolean }).userFacing === true;
}
