/**
 * `breakglass drill`: record a validation of an emergency account and prove it.
 *
 * - `drill start ACCOUNT [--note TEXT]` records that a drill began now (the tenant's clock).
 * - `drill verify [ACCOUNT]` proves the open drill(s): a successful sign-in of the account after
 *   the start reached the logs, the sign-in alert fired, and it notifies someone. A drill that is
 *   not proven stays unverified; the command says which step failed and why, and exits 1.
 * - `drill status` shows, per account, the last verified drill and when the next is due
 *   (`audit.drillIntervalDays`, 90 by default); exit 1 when one is overdue.
 *
 * Drills live in the state store (`--state`, default .breakglass/state.db) and reach the audit's
 * EA-OPS-001 and EA-OPS-002. Needs what `signins` needs, plus Reader on the subscription of the
 * alert rule (fired alerts: Microsoft.AlertsManagement/alerts/read).
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { findAccount } from '../../drills/account.js';
import { tenantDrills, withStateStore, statePath } from '../../drills/state.js';
import { drillStatus, type AccountDrillStatus } from '../../drills/status.js';
import { gatherDrillEvidence, judgeDrill, type DrillVerdict } from '../../drills/verify.js';
import { UsageError } from '../../errors.js';
import { shortTime } from '../../review/render.js';
import {
  configOption,
  processIo,
  stateOption,
  withTenantSession,
  type CommandIo,
  type TenantCommandOptions,
} from '../../review/session.js';
import { textTable } from '../../review/table.js';
import type { DrillRecord, StateStore } from '../../state/store.js';
import { DEFAULT_STATE_PATH } from '../../state/store.js';
import { addConnectionOptions } from '../connection.js';

/** Options of `drill start`. */
export interface DrillStartOptions extends TenantCommandOptions {
  note?: string;
}

/** Options of `drill status`. */
export interface DrillStatusOptions extends TenantCommandOptions {
  output: string;
}

/** `drill start ACCOUNT`: records the drill; resolves with 0. */
export async function drillStart(
  account: string,
  options: DrillStartOptions,
  io: CommandIo,
): Promise<number> {
  return withTenantSession(options, io, async ({ view, now, state }) => {
    const target = findAccount(view.accounts, account);
    const drill: DrillRecord = {
      id: randomUUID(),
      tenantId: view.tenantId,
      accountId: target.id,
      userPrincipalName: target.userPrincipalName,
      startedAt: now.toISOString(),
      verifiedAt: null,
      verified: false,
      signInId: null,
      alertFired: null,
      notes: options.note ?? null,
    };
    await withStateStore(state, { create: true }, async (store) => store!.addDrill(drill));
    io.stdout.write(
      [
        `Drill ${drill.id} started for ${target.userPrincipalName} at ${shortTime(drill.startedAt)} (recorded in ${options.state ?? DEFAULT_STATE_PATH}).`,
        `Now sign in as ${target.userPrincipalName} with its phishing-resistant key, do one admin task, and check that the alert arrives.`,
        `Then prove it: breakglass drill verify ${target.userPrincipalName}`,
        '',
      ].join('\n'),
    );
    return 0;
  });
}

/** The drills `verify` works on: the account's newest, or the newest open drill of each account. */
function drillsToVerify(all: readonly DrillRecord[], accountId: string | undefined): DrillRecord[] {
  const newestFirst = [...all].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  if (accountId) {
    const newest = newestFirst.find((d) => d.accountId.toLowerCase() === accountId);
    return newest ? [newest] : [];
  }
  const seen = new Set<string>();
  const open: DrillRecord[] = [];
  for (const drill of newestFirst) {
    const key = drill.accountId.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (!drill.verified) open.push(drill);
  }
  return open.reverse();
}

function verdictText(drill: DrillRecord, verdict: DrillVerdict): string {
  const head = `Drill of ${drill.userPrincipalName} started ${shortTime(drill.startedAt)}: ${verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}`;
  const steps = verdict.steps.map((s) => `  ${s.ok ? '[ok]  ' : '[FAIL]'} ${s.step}: ${s.detail}`);
  return [head, ...steps].join('\n') + '\n';
}

/** Records the verdict: proven drills become verified; others keep what was learnt but stay unverified. */
function recordVerdict(store: StateStore, drill: DrillRecord, verdict: DrillVerdict, now: Date): void {
  const alertFired = verdict.steps.find((s) => s.step === 'alert')?.ok ?? false;
  store.updateDrill(drill.id, {
    verified: verdict.verified,
    verifiedAt: verdict.verified ? now.toISOString() : null,
    signInId: verdict.signIn?.id ?? drill.signInId,
    alertFired,
  });
}

/** `drill verify [ACCOUNT]`: resolves with 0 when every drill verified, 1 otherwise. */
export async function drillVerify(
  account: string | undefined,
  options: TenantCommandOptions,
  io: CommandIo,
): Promise<number> {
  return withTenantSession(options, io, async (session) => {
    const { view, state, connection } = session;
    return withStateStore(state, { create: false }, async (store) => {
      if (!store) {
        throw new UsageError(
          `no drill to verify: there is no state store at ${statePath(state)} (start one with: breakglass drill start ACCOUNT)`,
        );
      }
      const accountId = account === undefined ? undefined : findAccount(view.accounts, account).id;
      const targets = drillsToVerify(tenantDrills(store, view.tenantId), accountId);
      if (targets.length === 0) {
        throw new UsageError(
          `no ${accountId ? '' : 'open '}drill to verify${account ? ` for ${account}` : ''} in tenant ${view.tenantId} (start one with: breakglass drill start ACCOUNT)`,
        );
      }
      let failed = 0;
      for (const drill of targets) {
        if (drill.verified) {
          io.stdout.write(
            `Drill of ${drill.userPrincipalName} started ${shortTime(drill.startedAt)} was already verified at ${shortTime(drill.verifiedAt ?? drill.startedAt)}.\n`,
          );
          continue;
        }
        const evidence = await gatherDrillEvidence(connection, view, drill, session.now);
        const verdict = judgeDrill(evidence);
        recordVerdict(store, drill, verdict, session.now);
        io.stdout.write(verdictText(drill, verdict));
        if (!verdict.verified) failed++;
      }
      return failed > 0 ? 1 : 0;
    });
  });
}

function statusTable(rows: readonly AccountDrillStatus[], now: Date): string {
  return textTable(
    ['ACCOUNT', 'LAST VERIFIED DRILL', 'NEXT DUE', 'STATUS', 'OPEN DRILL'],
    rows.map((r) => [
      r.userPrincipalName,
      r.lastVerified ? shortTime(r.lastVerified.startedAt) : 'never',
      r.nextDue ? r.nextDue.slice(0, 10) : 'now',
      r.overdue
        ? r.nextDue
          ? `OVERDUE by ${Math.ceil((now.getTime() - Date.parse(r.nextDue)) / 86_400_000)} days`
          : 'OVERDUE (never verified)'
        : 'ok',
      r.open ? `started ${shortTime(r.open.startedAt)}` : '',
    ]),
  );
}

/** `drill status`: resolves with 1 when an account is overdue, else 0. */
export async function drillStatusCommand(options: DrillStatusOptions, io: CommandIo): Promise<number> {
  if (!['table', 'json'].includes(options.output))
    throw new UsageError(`--output ${options.output}: one of table, json`);
  return withTenantSession(options, io, async ({ view, now, state, settings }) => {
    const drills = await withStateStore(state, { create: false }, async (store) =>
      store ? tenantDrills(store, view.tenantId) : undefined,
    );
    const interval = settings.audit.drillIntervalDays;
    const rows = drillStatus(view.accounts, drills ?? [], now, interval);
    if (options.output === 'json') {
      io.stdout.write(
        JSON.stringify(
          {
            tenantId: view.tenantId,
            now: now.toISOString(),
            intervalDays: interval,
            stateStore: drills !== undefined,
            accounts: rows,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const lines = [
        `Drills of tenant ${view.tenantId} (one verified drill every ${interval} days per account)`,
      ];
      if (!drills) lines.push(`No state store at ${statePath(state)}: no drill has been recorded.`);
      lines.push('', statusTable(rows, now), '');
      io.stdout.write(lines.join('\n'));
    }
    return rows.some((r) => r.overdue) ? 1 : 0;
  });
}

/** Registers `breakglass drill` and its subcommands. */
export function register(program: Command): void {
  const drill = program
    .command('drill')
    .description(
      'record and prove a validation of an emergency account (sign-in logged, alert fired), and show when each is due',
    );
  addConnectionOptions(drill.command('start'))
    .description('record that a drill of ACCOUNT (UPN, name or object id) starts now')
    .argument('<account>', 'the emergency account: UPN, display name, the part before @, or object id')
    .option('--note <text>', 'a note kept with the drill (who, why)')
    .addOption(configOption())
    .addOption(stateOption())
    .action(async (account: string, options: DrillStartOptions) => {
      process.exitCode = await drillStart(account, options, processIo());
    });
  addConnectionOptions(drill.command('verify'))
    .description(
      'prove the open drill(s): a sign-in after the start reached the logs and the sign-in alert fired; exit 1 and say why when not',
    )
    .argument('[account]', 'only this account (default: every open drill)')
    .addOption(configOption())
    .addOption(stateOption())
    .action(async (account: string | undefined, options: TenantCommandOptions) => {
      process.exitCode = await drillVerify(account, options, processIo());
    });
  addConnectionOptions(drill.command('status'))
    .description(
      "each account's last verified drill and next due date (audit.drillIntervalDays); exit 1 when one is overdue",
    )
    .addOption(
      new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'),
    )
    .addOption(configOption())
    .addOption(stateOption())
    .action(async (options: DrillStatusOptions) => {
      process.exitCode = await drillStatusCommand(options, processIo());
    });
}
