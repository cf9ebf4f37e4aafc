/**
 * The `breakglass` command line. Commands live one per file in ./commands and are listed in the
 * explicit registry ./commands/index.ts.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { UsageError, ExitCode } from '../errors.js';
import { version } from '../version.js';

/**
 * Builds the program; exported so tests can run commands in-process. With `commandName`, only that
 * command's module is loaded and registered in full; the others are listed by name and summary
 * (enough for `--help` and `--version`), and loaded when one of them is asked for.
 */
export async function buildProgram(commandName?: string): Promise<Command> {
  const program = new Command('breakglass')
    .description('Emergency access (break-glass) as code for Microsoft Entra ID')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const entry of commands) {
    if (commandName === undefined || entry.name === commandName) (await entry.load()).register(program);
    else
      program
        .command(entry.name)
        .description(entry.summary)
        .allowUnknownOption()
        .action(() => {});
  }
  return program;
}

/** The command the arguments name (the first word that is not an option), if it is one of ours. */
function commandOf(argv: string[]): string | undefined {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return first === 'help' ? argv.slice(2).filter((arg) => !arg.startsWith('-'))[1] : first;
}

/** Entry point used by bin/breakglass.js. Sets process.exitCode; never calls process.exit mid-write. */
export async function main(argv: string[]): Promise<void> {
  const named = commandOf(argv);
  const entry = commands.find((c) => c.name === named);
  await entry?.prepare?.();
  const program = await buildProgram(entry ? named : '');
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
  process.stderr.write(
    `breakglass: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return ExitCode.couldNotRun;
}

/** Errors that carry their own user-facing message (API errors, config errors) set `userFacing`. */
function isOneLineError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { userFacing?: boolean }).userFacing === true
  );
}
