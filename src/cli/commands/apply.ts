/**
 * `breakglass apply [PLAN]`: carries out a saved plan (the approval), or plans now, shows the plan
 * and asks. Preflight first (permissions named one by one, licence, security defaults), then a
 * journaled, resumable apply whose Conditional Access writes are paced, re-read, guarded against
 * lost ids and — for the dedicated policy — against locking an account out.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { addConnectionOptions, withConnection, type ConnectionFlags } from '../connection.js';
import { requireConfig } from '../require-config.js';
import { collectSnapshot } from '../../collect/collect.js';
import { GraphClient } from '../../clients/graph.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render.js';
import { readPlanFile } from '../../plan/file.js';
import type { Plan } from '../../plan/types.js';
import { applyPlan } from '../../apply/apply.js';
import { graphPort } from '../../apply/graph-port.js';
import { armPort } from '../../apply/arm-port.js';
import { lockoutGate } from '../../apply/gate.js';
import { grantedAccessOf, preflight } from '../../apply/preflight.js';
import { StateStore, DEFAULT_STATE_PATH } from '../../state/store.js';
import { parseCustody } from '../../secrets/vault.js';
import { shouldUseColor } from '../../report/color.js';
import { UsageError } from '../../errors.js';

interface ApplyOptions extends ConnectionFlags {
  config?: string;
  secretsOut?: string;
  split?: string;
  state: string;
  autoApprove?: boolean;
}

const makesSecrets = (plan: Plan) =>
  plan.changes.some(
    (c) => (c.kind === 'account' || c.kind === 'temporary-access-pass') && c.action === 'create',
  );

export function register(program: Command): void {
  addConnectionOptions(program.command('apply [plan]'))
    .description(
      'carry out a saved plan (or plan now and ask), safely: preflight, paced CA writes, journaled and resumable',
    )
    .option('--config <file>', 'breakglass.yaml (default: ./breakglass.yaml)')
    .option(
      '--secrets-out <dir>',
      'directory for new passwords and Temporary Access Passes (files are mode 0600)',
    )
    .option(
      '--split <k-of-n>',
      'split each secret into n shares of which k rebuild it (Shamir), for separate custody',
    )
    .option('--state <file>', 'the state store (apply journal, drills)', DEFAULT_STATE_PATH)
    .option('--auto-approve', 'apply the plan made now without asking')
    .action(async (planFile: string | undefined, options: ApplyOptions) => {
      const { config } = await requireConfig(options.config);
      const custody = options.split ? parseCustody(options.split) : undefined;
      const savedPlan = planFile ? await readPlanFile(planFile) : undefined;
      await withConnection(options, config, async (connection) => {
        const collect = async () => (await collectSnapshot(connection, { config })).snapshot;
        const current = await collect();
        const plan = savedPlan ?? buildPlan(current, config, { now: new Date() });
        if (!savedPlan) {
          process.stdout.write(renderPlan(plan, { colour: shouldUseColor(process.stdout, process.env) }));
          if (plan.summary.create + plan.summary.update + plan.summary.delete === 0) return;
          if (!options.autoApprove && !(await confirm()))
            throw new UsageError('apply cancelled; nothing was written');
        }
        if (makesSecrets(plan) && !options.secretsOut) {
          throw new UsageError(
            'this plan creates passwords or Temporary Access Passes: give --secrets-out DIR to keep them (nothing was written)',
          );
        }
        const token = await connection.credential.getToken(connection.endpoints.scopes.graph);
        const problems = preflight(plan, current, token ? grantedAccessOf(token.token) : { kind: 'unknown' });
        if (problems.length > 0) {
          throw new UsageError(
            // The first line says what is missing; the fixes follow, one per problem.
            `preflight failed, nothing was written: ${problems.map((p) => p.what).join('; ')}\n${problems.map((p) => `  fix: ${p.fix}`).join('\n')}`,
          );
        }
        const store = new StateStore(options.state);
        try {
          const result = await applyPlan(
            {
              graph: graphPort(new GraphClient(connection)),
              arm: armPort(connection),
              collect,
              store,
              secretsOut: options.secretsOut,
              custody,
              now: () => new Date(),
              log: (line) => process.stdout.write(`${line}\n`),
            },
            {
              plan,
              config,
              tenantId: connection.tenantId,
              gate: lockoutGate(collect, config),
              currentSnapshot: current,
            },
          );
          const done = result.steps.filter((s) => s.outcome === 'done').length;
          process.stdout.write(
            `Apply complete: ${done} change${done === 1 ? '' : 's'} made${result.resumed ? ' (resumed)' : ''}.\n`,
          );
        } finally {
          store.close();
        }
      });
    });
}

async function confirm(): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new UsageError(
      'apply without a saved plan asks for approval: run it in a terminal, pass a plan file, or add --auto-approve',
    );
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('Apply these changes? Only "yes" is accepted: ')).trim() === 'yes';
  } finally {
    rl.close();
  }
}
