/**
 * The demo's story, as data: each step has a title and a function over a shared context, so the
 * runner can number them, time them and stop cleanly on the first failure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from '../clients/connection.js';
import { GraphClient } from '../clients/graph.js';
import { collectSnapshot } from '../collect/collect.js';
import { runAudit } from '../audit/run.js';
import { loadCheckCatalogue } from '../audit/check-catalogue.js';
import { checks } from '../checks/registry.js';
import type { AuditResult } from '../checks/types.js';
import { configSchema, type BreakglassConfig } from '../config/schema.js';
import { buildPlan } from '../plan/plan.js';
import { applyPlan } from '../apply/apply.js';
import { graphPort } from '../apply/graph-port.js';
import { armPort } from '../apply/arm-port.js';
import { lockoutGate } from '../apply/gate.js';
import { StateStore } from '../state/store.js';
import { findReportFormat } from '../report/registry.js';
import { reportOptions } from '../report/options.js';
import type { Snapshot } from '../snapshot/schema.js';

export interface DemoContext {
  connection: Connection;
  /** Where the demo writes its reports, state and secrets. */
  dir: string;
  config?: BreakglassConfig;
  lastAudit?: AuditResult;
  say(line: string): void;
}

export interface DemoStep {
  title: string;
  run(context: DemoContext): Promise<string>;
}

const collect = async (context: DemoContext): Promise<Snapshot> =>
  (await collectSnapshot(context.connection, context.config ? { config: context.config } : {})).snapshot;

/** Audits the tenant, writes the HTML report, returns a one-line summary. */
async function audit(context: DemoContext, name: string): Promise<string> {
  const startedAt = new Date();
  const result = runAudit({
    snapshot: await collect(context),
    ...(context.config ? { config: context.config } : {}),
    startedAt,
    finishedAt: new Date(),
  });
  context.lastAudit = result;
  const html = findReportFormat('html')!.render(
    result,
    reportOptions({ checks: loadCheckCatalogue(checks) }),
  );
  const file = join(context.dir, `${name}.html`);
  await writeFile(file, html);
  const failing = result.findings.filter((f) => f.status === 'fail');
  const worst = [...new Set(failing.map((f) => f.checkId))].slice(0, 6).join(', ');
  const blocked = result.lockout.filter((l) => l.verdict === 'blocked').map((l) => l.userPrincipalName);
  return [
    `${result.summary.fail} failing, ${result.summary.warn} warnings, ${result.summary.pass} passing (report: ${file})`,
    ...(worst ? [`failing checks: ${worst}${failing.length > 6 ? ', …' : ''}`] : []),
    ...(blocked.length ? [`locked out in an emergency: ${blocked.join(', ')}`] : []),
  ].join('\n');
}

async function apply(context: DemoContext): Promise<string> {
  const config = context.config!;
  const current = await collect(context);
  const plan = buildPlan(current, config, { now: new Date() });
  const store = new StateStore(join(context.dir, 'state.db'));
  try {
    const result = await applyPlan(
      {
        graph: graphPort(new GraphClient(context.connection)),
        arm: armPort(context.connection),
        collect: () => collect(context),
        store,
        secretsOut: join(context.dir, 'secrets'),
        now: () => new Date(),
        log: () => {},
      },
      {
        plan,
        config,
        tenantId: context.connection.tenantId,
        gate: lockoutGate(() => collect(context), config),
        currentSnapshot: current,
      },
    );
    const made = result.steps.filter((s) => s.outcome === 'done').length;
    return [
      `${made} changes made; secrets in ${join(context.dir, 'secrets')} (mode 0600)`,
      ...plan.deferred.map((d) => `deferred: ${d.reason}`),
    ].join('\n');
  } finally {
    store.close();
  }
}

/** The demo, in order. */
export const demoSteps: DemoStep[] = [
  { title: 'Audit the drifted tenant', run: (c) => audit(c, 'before') },
  {
    title: "Declare the plan (breakglass.yaml with the guide's defaults)",
    async run(context) {
      const snapshot = await collect(context);
      const initialDomain =
        snapshot.graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? undefined;
      context.config = configSchema.parse({
        tenant: { id: context.connection.tenantId, initialDomain },
        monitoring: { actionGroup: { emails: [`security@${initialDomain}`] } },
      });
      const file = join(context.dir, 'breakglass.yaml');
      await writeFile(file, `# written by breakglass demo\n${JSON.stringify(context.config, null, 2)}\n`);
      return `model ${context.config.model}, accounts ${context.config.accounts.naming} × ${context.config.accounts.count} on ${initialDomain}`;
    },
  },
  {
    title: 'Plan',
    async run(context) {
      const plan = buildPlan(await collect(context), context.config!, { now: new Date() });
      const s = plan.summary;
      return `${s.create} to create, ${s.update} to update, ${s.delete} to remove, ${s.manual} manual`;
    },
  },
  { title: 'Apply (paced, journaled, lockout-gated)', run: apply },
  { title: 'Audit again', run: (c) => audit(c, 'after') },
];

export async function prepareDemoDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
