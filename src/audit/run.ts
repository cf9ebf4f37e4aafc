/**
 * One audit: resolve the context (which accounts, which model), run every check, analyse the
 * emergency sign-in of each account, and assemble the result in contract form. Pure apart from
 * the timestamps passed in: the same snapshot, config and times give the same result.
 */
import type { AuditResult, CheckDefinition, Model, ReviewedSignIn, SkipReason } from '../checks/types.js';
import { resolveAuditContext, resolvedUsers } from '../checks/context.js';
import { checks as allChecks, runChecks } from '../checks/registry.js';
import type { BreakglassConfig } from '../config/schema.js';
import { defaultConfig } from '../config/schema.js';
import { evaluateLockout } from '../lockout/index.js';
import { peerReadouts } from '../interop/peer-readouts.js';
import type { Snapshot } from '../snapshot/schema.js';
import { assembleAuditResult } from './result.js';
import { tenantOf } from './tenant.js';

export interface RunAuditInput {
  snapshot: Snapshot;
  /** The loaded breakglass.yaml; undefined when there is none (the accounts then come from the group). */
  config?: BreakglassConfig;
  /** `--model`: overrides the config's model. */
  model?: Model;
  /** Overrides how the accounts are found (default: `config` with a config, `group` without). */
  accountSource?: 'config' | 'group';
  /** What the collector could not read, so checks skip with the reason. */
  collectionErrors?: Record<string, { reason: SkipReason; detail: string }>;
  /** When the audit started and finished (the CLI reads the clock; tests pin them). */
  startedAt: Date;
  finishedAt?: Date;
  /** Evaluation time for the checks; defaults to the snapshot's capturedAt. */
  now?: Date;
  /** The checks to run (default: the registry's). */
  checks?: readonly CheckDefinition[];
  /** The sign-in review, when one was made. */
  signIns?: ReviewedSignIn[];
  /** Pins the tool version in the result (golden tests). */
  toolVersion?: string;
}

/** Runs the audit and returns the result in contract form. */
export function runAudit(input: RunAuditInput): AuditResult {
  const base = input.config ?? defaultConfig();
  const config: BreakglassConfig = input.model ? { ...base, model: input.model } : base;
  const accountSource = input.accountSource ?? (input.config ? 'config' : 'group');
  const context = resolveAuditContext(input.snapshot, config, {
    accountSource,
    ...(input.now ? { now: input.now } : {}),
    ...(input.collectionErrors ? { collectionErrors: input.collectionErrors } : {}),
  });
  const findings = runChecks(context, input.checks ?? allChecks);
  const lockout =
    input.snapshot.graph.conditionalAccessPolicies === undefined
      ? []
      : evaluateLockout(
          input.snapshot.graph,
          resolvedUsers(context).map((account) => ({
            id: account.user.id,
            userPrincipalName: account.user.userPrincipalName,
          })),
        );
  return assembleAuditResult({
    tenant: tenantOf(input.snapshot, config),
    model: context.model,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt ?? input.startedAt,
    findings,
    lockout,
    accountSource: context.accountSource,
    interop: peerReadouts(context),
    ...(input.signIns ? { signIns: input.signIns } : {}),
    ...(input.toolVersion ? { toolVersion: input.toolVersion } : {}),
  });
}
