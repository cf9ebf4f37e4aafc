/**
 * `breakglass plan`: the difference between breakglass.yaml and the tenant, as a reviewable plan
 * (rendered like a Terraform plan) that `-o FILE` saves for `apply`. Read-only.
 */
import type { Command } from 'commander';
import { addConnectionOptions, withConnection, type ConnectionFlags } from '../connection.js';
import { requireConfig } from '../require-config.js';
import { collectSnapshot } from '../../collect/collect.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render.js';
import { writePlanFile } from '../../plan/file.js';
import { shouldUseColor } from '../../report/color.js';
import type { Snapshot } from '../../snapshot/schema.js';

interface PlanOptions extends ConnectionFlags {
  config?: string;
  out?: string;
  snapshot?: string;
  json?: boolean;
  detailedExitcode?: boolean;
}

export function register(program: Command): void {
  addConnectionOptions(program.command('plan'))
    .description(
      'show what apply would change to make the tenant match breakglass.yaml (read-only); -o saves the plan',
    )
    .option('--config <file>', 'breakglass.yaml (default: ./breakglass.yaml)')
    .option('-o, --out <file>', 'save the plan for `breakglass apply FILE`')
    .option('--snapshot <file>', 'plan against an exported snapshot instead of the tenant')
    .option('--json', 'print the plan as JSON')
    .option('--detailed-exitcode', 'exit 1 when the plan has changes (0 when none)')
    .action(async (options: PlanOptions) => {
      const { config, file } = await requireConfig(options.config);
      const read = async (): Promise<Snapshot> =>
        options.snapshot
          ? readSnapshotFile(options.snapshot)
          : withConnection(
              options,
              config,
              async (connection) => (await collectSnapshot(connection, { config })).snapshot,
            );
      const plan = buildPlan(await read(), config, { now: new Date() });
      if (options.json) process.stdout.write(JSON.stringify(plan, null, 2) + '\n');
      else process.stdout.write(renderPlan(plan, { colour: shouldUseColor(process.stdout, process.env) }));
      if (options.out) {
        await writePlanFile(options.out, plan);
        process.stderr.write(
          `Plan saved to ${options.out} (from ${file}). Apply it with: breakglass apply ${options.out}\n`,
        );
      }
      const changes = plan.summary.create + plan.summary.update + plan.summary.delete;
      process.exitCode = options.detailedExitcode && changes > 0 ? 1 : 0;
    });
}
