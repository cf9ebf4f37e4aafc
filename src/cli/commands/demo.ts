/**
 * `breakglass demo`: the whole story on an embedded emulator, with progress, ending with the path
 * of the HTML report. What `npm start` runs.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { connect } from '../../clients/connection.js';
import { mkdir, rm } from 'node:fs/promises';
import { demoSteps, type DemoContext } from '../../demo/steps.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole story on an embedded emulator: audit a drifted tenant, plan, apply, audit clean, an emergency sign-in, the alert, the review',
    )
    .option('--dir <dir>', 'where the demo writes reports, state and secrets', 'breakglass-demo')
    .option('--scenario <name>', 'the emulator scenario to start from', 'drifted')
    .action(async (options: { dir: string; scenario: string }) => {
      const dir = resolve(options.dir);
      // A fresh story every run: the emulated tenant is new, so yesterday's state and secrets are stale.
      for (const name of [
        'state.db',
        'state.db-wal',
        'state.db-shm',
        'secrets',
        'breakglass.yaml',
        'before.html',
        'after.html',
        'report.html',
      ]) {
        await rm(resolve(dir, name), { recursive: true, force: true });
      }
      await mkdir(dir, { recursive: true });
      const begun = Date.now();
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(`breakglass demo — starting an emulated tenant (scenario "${options.scenario}")…`);
      const connection = await connect({ emulator: true, scenario: options.scenario });
      const context: DemoContext = { connection, dir, say: out };
      try {
        for (const [index, step] of demoSteps.entries()) {
          const started = Date.now();
          out(`\n[${index + 1}/${demoSteps.length}] ${step.title}…`);
          for (const line of await step.run(context)) out(`      ${line}`);
          out(`      (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      } finally {
        await connection.close();
      }
      out(
        `\nDone in ${((Date.now() - begun) / 1000).toFixed(0)} s. Open the report: ${resolve(dir, 'report.html')}`,
      );
    });
}
