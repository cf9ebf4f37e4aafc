/**
 * The demo's story, as data: each step has a title and a function over a shared context, so the
 * runner can number them, time them and stop cleanly on the first failure. Every step goes through
 * the product's own code paths (collector, audit, plan, apply, review, drills) over HTTPS; the
 * emulator's control plane only plays the people: the key custodians and the admin who signs in.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Connection } from '../clients/connection.js';
import { GraphClient } from '../clients/graph.js';
import { collectSnapshot } from '../collect/collect.js';
import { runAudit } from '../audit/run.js';
import { loadCheckCatalogue } from '../audit/check-catalogue.js';
import { checks } from '../checks/registry.js';
import type { AuditResult } from '../checks/types.js';
import { configSchema, type BreakglassConfig } from '../config/schema.js';
import { declaredAccounts } from '../config/accounts.js';
import { buildPlan } from '../plan/plan.js';
import { applyPlan } from '../apply/apply.js';
import { graphPort } from '../apply/graph-port.js';
import { armPort } from '../apply/arm-port.js';
import { lockoutGate } from '../apply/gate.js';
import { StateStore } from '../state/store.js';
import { findReportFormat } from '../report/registry.js';
import { reportOptions } from '../report/options.js';
import { addRecordedDrills } from '../drills/snapshot.js';
import { auditSignInReview } from '../review/audit-section.js';
import { signins } from '../cli/commands/signins.js';
import { drillStart, drillVerify } from '../cli/commands/drill.js';
import type { CommandIo } from '../review/session.js';
import { tenantNow } from '../review/tenant.js';
import type { Snapshot } from '../snapshot/schema.js';

export interface DemoContext {
  connection: Connection;
  /** Where the demo writes its reports, state and secrets. */
  dir: string;
  config?: BreakglassConfig;
  say(line: string): void;
}

export interface DemoStep {
  title: string;
  /** Returns the lines to show under the step's title. */
  run(context: DemoContext): Promise<string[]>;
}

const STATE = 'state.db';
const CONFIG = 'breakglass.yaml';
/** Two keys per account, as the guide asks (a primary and a backup in separate safes). */
const KEYS = [
  { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', model: 'YubiKey 5 NFC', displayName: 'Safe A key' },
  { aaGuid: 'ee882879-721c-4913-9775-3dfcce97072a', model: 'YubiKey 5 Nano', displayName: 'Safe B key' },
];

/** Reads the tenant as of its own clock (the emulator's, which the story moves forward). */
const collect = async (context: DemoContext): Promise<Snapshot> =>
  (
    await collectSnapshot(context.connection, {
      ...(context.config ? { config: context.config } : {}),
      now: await tenantNow(context.connection),
    })
  ).snapshot;

const accountUpns = (context: DemoContext): string[] =>
  declaredAccounts(context.config!, context.config!.tenant.initialDomain).map((a) => a.userPrincipalName!);

/** The CLI commands the demo runs in-process: the demo's directory, its config and state, its emulator. */
function commandIo(
  context: DemoContext,
  lines: string[],
): { io: CommandIo; options: { emulator: string; config: string; state: string } } {
  const sink = { write: (text: string) => void lines.push(...text.replace(/\n$/, '').split('\n')) };
  return {
    io: { cwd: context.dir, env: {}, stdout: sink, stderr: sink },
    options: { emulator: context.connection.emulator!.url, config: CONFIG, state: STATE },
  };
}

/** Audits the tenant (with the drills on record), writes the HTML report, returns a summary. */
async function audit(context: DemoContext, name: string): Promise<string[]> {
  const startedAt = new Date();
  const collected = await collect(context);
  const snapshot = existsSync(join(context.dir, STATE))
    ? await addRecordedDrills(collected, { cwd: context.dir, path: STATE })
    : collected;
  const signIns = context.config ? auditSignInReview(snapshot, context.config) : undefined;
  const result: AuditResult = runAudit({
    snapshot,
    ...(context.config ? { config: context.config } : {}),
    ...(signIns ? { signIns } : {}),
    startedAt,
    finishedAt: new Date(),
  });
  const html = findReportFormat('html')!.render(
    result,
    reportOptions({ checks: loadCheckCatalogue(checks) }),
  );
  const file = join(context.dir, `${name}.html`);
  await writeFile(file, html);
  const failing = [...new Set(result.findings.filter((f) => f.status === 'fail').map((f) => f.checkId))];
  const blocked = result.lockout.filter((l) => l.verdict === 'blocked').map((l) => l.userPrincipalName);
  return [
    `${result.summary.fail} failing, ${result.summary.warn} warnings, ${result.summary.pass} passing — ${file}`,
    ...(failing.length
      ? [`failing checks: ${failing.slice(0, 8).join(', ')}${failing.length > 8 ? ', …' : ''}`]
      : []),
    ...(blocked.length
      ? [`locked out in an emergency: ${blocked.join(', ')}`]
      : ['every emergency account can sign in during an emergency']),
  ];
}

async function apply(context: DemoContext): Promise<string[]> {
  const config = context.config!;
  const current = await collect(context);
  const plan = buildPlan(current, config, { now: new Date() });
  const store = new StateStore(join(context.dir, STATE));
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
    const made = result.steps.filter((s) => s.outcome === 'done').map((s) => s.address);
    return [
      `${made.length} change${made.length === 1 ? '' : 's'} made${made.length ? `: ${made.slice(0, 4).join(', ')}${made.length > 4 ? ', …' : ''}` : ''}`,
      ...(plan.changes.some((c) => c.kind === 'temporary-access-pass' && c.action === 'create')
        ? [`passwords and Temporary Access Passes in ${join(context.dir, 'secrets')} (mode 0600)`]
        : []),
      ...plan.deferred.map((d) => `deferred: ${d.reason}`),
    ];
  } finally {
    store.close();
  }
}

/** The demo, in order. */
export const demoSteps: DemoStep[] = [
  {
    title: "Audit the drifted tenant (no config yet: the accounts are the group's members)",
    run: (c) => audit(c, 'before'),
  },
  {
    title: "Declare the plan: breakglass.yaml with the guide's defaults",
    async run(context) {
      const snapshot = await collect(context);
      const initialDomain =
        snapshot.graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? undefined;
      context.config = configSchema.parse({
        tenant: { id: context.connection.tenantId, initialDomain },
        // The drifted accounts carry a phone and an Authenticator app: removed once keys are enrolled.
        methods: { personTied: 'remove' },
        monitoring: { actionGroup: { emails: [`security@${initialDomain}`] } },
      });
      await writeFile(
        join(context.dir, CONFIG),
        `# Written by breakglass demo.\n${stringify(context.config)}`,
      );
      return [
        `model ${context.config.model}; accounts ${accountUpns(context).join(', ')}; alerts to security@${initialDomain}`,
      ];
    },
  },
  {
    title: 'Plan',
    async run(context) {
      const plan = buildPlan(await collect(context), context.config!, { now: new Date() });
      const s = plan.summary;
      return [`${s.create} to create, ${s.update} to update, ${s.delete} to remove, ${s['no-op']} unchanged`];
    },
  },
  { title: 'Apply: exclusions first, paced CA writes, the dedicated policy report-only', run: apply },
  {
    title: 'The custodians enrol two FIDO2 keys per account with their Temporary Access Passes',
    async run(context) {
      const control = context.connection.emulator!.control;
      for (const upn of accountUpns(context)) {
        for (const key of KEYS) await control.enrolFido2Key(context.connection.tenantId, upn, key);
      }
      return [
        `${accountUpns(context).length * KEYS.length} keys registered (played by the emulator's control plane)`,
      ];
    },
  },
  { title: 'Apply again: every account has a key, so the dedicated policy is switched on', run: apply },
  { title: 'Audit again', run: (c) => audit(c, 'after') },
  {
    title: 'An emergency: someone signs in as the first account from an unknown network',
    async run(context) {
      const [upn] = accountUpns(context);
      const result = (await context.connection.emulator!.control.signIn({
        user: upn,
        method: 'fido2',
        ipAddress: '198.51.100.23',
      })) as { decision?: string; signInId?: string };
      return [`${upn}: sign-in ${result.decision ?? 'recorded'} (${result.signInId ?? 'no id'})`];
    },
  },
  {
    title: 'Ten minutes later: the alert reaches the security mailbox',
    async run(context) {
      const control = context.connection.emulator!.control;
      await control.advanceClock(600);
      const { messages } = await control.mailbox(`security@${context.config!.tenant.initialDomain}`);
      return messages.length
        ? messages.slice(-2).map((m) => `✉ to ${m.to}: ${m.subject}`)
        : ['no alert arrived — the monitoring is broken'];
    },
  },
  {
    title: 'The sign-in review: `breakglass signins --since 1d`',
    async run(context) {
      const lines: string[] = [];
      const { io, options } = commandIo(context, lines);
      const code = await signins({ ...options, since: '1d', output: 'table', source: 'auto' }, io);
      return [
        ...lines,
        `(exit ${code}: ${code === 1 ? 'an unexplained sign-in needs a post-mortem' : 'every sign-in explained'})`,
      ];
    },
  },
  {
    title: 'A drill, recorded and verified: `breakglass drill start` → sign-in → `breakglass drill verify`',
    async run(context) {
      const lines: string[] = [];
      const { io, options } = commandIo(context, lines);
      const upn = accountUpns(context)[1]!;
      await drillStart(upn, { ...options, note: 'quarterly validation' }, io);
      await context.connection.emulator!.control.signIn({
        user: upn,
        method: 'fido2',
        ipAddress: '203.0.113.10',
      });
      await context.connection.emulator!.control.advanceClock(600);
      const code = await drillVerify(upn, options, io);
      return [...lines, `(exit ${code})`];
    },
  },
  { title: 'Final audit, with the sign-in review in the report', run: (c) => audit(c, 'report') },
];
