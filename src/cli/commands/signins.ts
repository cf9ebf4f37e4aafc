/**
 * `breakglass signins`: the emergency accounts' sign-ins and the audit events about them over a
 * window (`--since 30d`), from Log Analytics when the sign-in logs are sent to a workspace,
 * otherwise from Graph; each sign-in matched to a drill recorded in the state store or flagged
 * UNEXPLAINED. Exit 0 when every sign-in is explained, 1 when one is not, 2 when the review could
 * not run.
 *
 * Needs: Graph AuditLog.Read.All (sign-in and audit logs; the tenant needs Entra ID P1/P2) and what
 * the collector reads (User.Read.All, GroupMember.Read.All, Directory.Read.All); for Log Analytics,
 * Log Analytics Reader on the workspace (and Reader to find it).
 */
import { Option, type Command } from 'commander';
import { tenantDrills, withStateStore } from '../../drills/state.js';
import { UsageError } from '../../errors.js';
import { renderReviewJson, renderReviewTable } from '../../review/render.js';
import { runReview, unexplainedSignIns } from '../../review/review.js';
import {
  configOption,
  processIo,
  stateOption,
  withTenantSession,
  type CommandIo,
  type TenantCommandOptions,
} from '../../review/session.js';
import type { SourcePreference } from '../../review/sources.js';
import { DEFAULT_SINCE, parseSince } from '../../review/window.js';
import { addConnectionOptions } from '../connection.js';

/** The options of `breakglass signins`. */
export interface SigninsOptions extends TenantCommandOptions {
  since: string;
  output: string;
  source: SourcePreference;
}

const OUTPUTS = ['table', 'json'] as const;

/** Runs the review; resolves with the exit code (0 or 1). Failures throw (exit 2). */
export async function signins(options: SigninsOptions, io: CommandIo): Promise<number> {
  if (!(OUTPUTS as readonly string[]).includes(options.output)) {
    throw new UsageError(`--output ${options.output}: one of ${OUTPUTS.join(', ')}`);
  }
  // Refuse a malformed --since before connecting; the window itself is taken on the tenant's clock.
  parseSince(options.since, new Date());
  return withTenantSession(options, io, async (session) => {
    const window = parseSince(options.since, session.now);
    const drills = await withStateStore(session.state, { create: false }, async (store) =>
      store ? tenantDrills(store, session.view.tenantId) : undefined,
    );
    const review = await runReview(session.connection, session.view, window, drills, options.source);
    io.stdout.write(options.output === 'json' ? renderReviewJson(review) : renderReviewTable(review));
    return unexplainedSignIns(review).length > 0 ? 1 : 0;
  });
}

/** Registers `breakglass signins`. */
export function register(program: Command): void {
  addConnectionOptions(program.command('signins'))
    .description(
      "review the emergency accounts' sign-ins and audit events: each sign-in matched to a recorded drill or flagged UNEXPLAINED (exit 1); needs AuditLog.Read.All, and Log Analytics Reader for the workspace",
    )
    .option('--since <when>', 'window start: 30d, 7d, 12h, or an ISO date', DEFAULT_SINCE)
    .addOption(new Option('-o, --output <format>', 'table or json').choices([...OUTPUTS]).default('table'))
    .addOption(
      new Option(
        '--source <source>',
        'where to read: auto (Log Analytics when a workspace receives the sign-in logs), logAnalytics, graph',
      )
        .choices(['auto', 'logAnalytics', 'graph'])
        .default('auto'),
    )
    .addOption(configOption())
    .addOption(stateOption())
    .action(async (options: SigninsOptions) => {
      process.exitCode = await signins(options, processIo());
    });
}
