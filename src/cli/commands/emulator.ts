/**
 * `breakglass emulator`: runs the local tenant emulator. The emulator is a separate program that
 * the product never imports (docs/architecture.md); this command starts it as a child process with
 * the same flags, forwards its output, and passes Ctrl-C / SIGTERM on so it can shut down cleanly.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { emulatorEntry } from '../../paths.js';

/** The options of `breakglass emulator`, as commander parses them. */
export interface EmulatorOptions {
  port?: number;
  tenant?: string;
  scenario?: string;
  data?: string;
  faults?: string;
  seed?: number;
}

/** The emulator program's arguments for these options (the flags are the emulator's own, passed through). */
export function emulatorArguments(options: EmulatorOptions): string[] {
  if (options.tenant !== undefined && options.scenario !== undefined) {
    throw new UsageError('give either --tenant FILE or --scenario NAME, not both');
  }
  const args: string[] = [];
  const pass = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(flag, String(value));
  };
  pass('--port', options.port);
  pass('--tenant', options.tenant);
  pass('--scenario', options.scenario);
  pass('--data', options.data);
  pass('--faults', options.faults);
  pass('--seed', options.seed);
  return args;
}

/**
 * Runs the emulator until it exits; resolves with its exit code. Signals this process receives
 * while it runs are forwarded, so Ctrl-C stops the emulator rather than orphaning it.
 */
export function runEmulator(args: readonly string[], entry = emulatorEntry()): Promise<number> {
  if (!existsSync(entry)) {
    throw new UsageError(
      `the emulator program is missing (${entry}); build the package first (npm run build)`,
    );
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(
      (signal) => [signal, forward(signal)] as const,
    );
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const detach = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.once('error', (error) => {
      detach();
      reject(new UsageError(`cannot start the emulator: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      detach();
      // A child ended by the signal we forwarded has stopped as asked: that is a normal exit.
      resolvePromise(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** Registers `breakglass emulator`. */
export function register(program: Command): void {
  program
    .command('emulator')
    .description('run the local Microsoft Graph / Azure emulator (HTTPS on 127.0.0.1) with a seeded tenant')
    .addOption(
      new Option('--port <n>', 'port to listen on (0 = any free port)').argParser(
        integer('--port', 0, 65535),
      ),
    )
    .addOption(new Option('--tenant <file>', 'tenant snapshot file to load').conflicts('scenario'))
    .addOption(
      new Option('--scenario <name>', 'built-in scenario to load (e.g. empty, healthy, drifted, large)'),
    )
    .option('--data <dir>', 'directory for the emulator CA, certificate and state')
    .option('--faults <spec>', 'fault injection, e.g. latency=100,throttle=0.1,caWriteLimit=1')
    .addOption(
      new Option('--seed <n>', 'seed for random ids and faults').argParser(integer('--seed', 0, 2 ** 31 - 1)),
    )
    .action(async (options: EmulatorOptions) => {
      const code = await runEmulator(emulatorArguments(options));
      if (code !== 0) process.exitCode = code;
    });
}
