/**
 * Running the CLI as a child process for the golden tests (no TTY, colour variables removed).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRoot, packageRoot } from '../../src/paths.js';

/**
 * bin/breakglass.js runs dist/; when the tests were compiled elsewhere (an engineer's own output
 * dir) the same launcher is inlined against that build.
 */
function cliArgs(args: readonly string[]): string[] {
  const root = packageRoot();
  if (buildRoot() === join(root, 'dist')) return [join(root, 'bin', 'breakglass.js'), ...args];
  const main = pathToFileURL(join(buildRoot(), 'src', 'cli', 'main.js')).href;
  const launcher = `import(${JSON.stringify(main)}).then((m) => m.main(['node', 'breakglass', ...process.argv.slice(1)]))`;
  return ['--input-type=module', '-e', launcher, ...args];
}

/** What a CLI run gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `breakglass ...args` in `cwd`. */
export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  delete env['NO_COLOR'];
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(args), { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
