/**
 * `audit --whatif`: asks Graph's What If API about each account's emergency sign-in and compares
 * its answer with the product's own analysis of the same tenant read. The thin IO part; the
 * request and the comparison are pure (./request.ts, ./compare.ts).
 */
import { resolveAuditContext, resolvedUsers } from '../checks/context.js';
import type { WhatIfCheck } from '../checks/types.js';
import type { GraphClient } from '../clients/graph.js';
import type { BreakglassConfig } from '../config/schema.js';
import { createLockoutEngine, type LockoutAccount } from '../lockout/index.js';
import type { SignInScenario } from '../lockout/scenario.js';
import type { GraphSnapshot, Snapshot } from '../snapshot/schema.js';
import { compareWithWhatIf, type WhatIfResult } from './compare.js';
import { WHAT_IF_PATH, whatIfRequest } from './request.js';

/** Options of a cross-check. */
export interface CrossCheckOptions {
  /** The sign-in to ask about (default: the emergency scenario, as the audit's lockout analysis). */
  scenario?: SignInScenario;
  signal?: AbortSignal;
}

/** Calls What If for one account; returns its `whatIfAnalysisResult` items. */
export async function evaluateWhatIf(
  graph: GraphClient,
  body: unknown,
  signal?: AbortSignal,
): Promise<WhatIfResult[]> {
  // The action only reads, so a failed attempt may be sent again.
  const answer = await graph.post<{ value?: WhatIfResult[] }>(WHAT_IF_PATH, body, {
    version: 'beta',
    idempotent: true,
    ...(signal ? { signal } : {}),
  });
  return Array.isArray(answer?.value) ? answer.value : [];
}

/**
 * Cross-checks every account, one What If call each (in order, to stay gentle on a beta API).
 * `graph` must point at the tenant `snapshot` was read from.
 */
export async function crossCheckWithWhatIf(
  graph: GraphClient,
  snapshot: GraphSnapshot,
  accounts: readonly LockoutAccount[],
  options: CrossCheckOptions = {},
): Promise<WhatIfCheck[]> {
  const engine = createLockoutEngine(snapshot, options.scenario ? { scenario: options.scenario } : {});
  const policies = snapshot.conditionalAccessPolicies ?? [];
  const checks: WhatIfCheck[] = [];
  for (const account of accounts) {
    const { verdict, evaluations } = engine.evaluateAccount(account);
    const request = whatIfRequest(engine.scenario, account.id, engine.index.namedLocations);
    const results = await evaluateWhatIf(graph, request, options.signal);
    const check: WhatIfCheck = {
      accountId: account.id,
      userPrincipalName: verdict.userPrincipalName,
      ...compareWithWhatIf(evaluations, policies, results),
    };
    if (request.signInConditions.ipAddress) check.ipAddress = request.signInConditions.ipAddress;
    checks.push(check);
  }
  return checks;
}

/**
 * The audit's cross-check: the accounts the audit analyses (from the config, else the break-glass
 * group), each asked about under the emergency scenario. Nothing to compare when the policies could
 * not be read.
 */
export async function crossCheckAudit(
  graph: GraphClient,
  snapshot: Snapshot,
  config: BreakglassConfig | undefined,
  options: CrossCheckOptions = {},
): Promise<WhatIfCheck[]> {
  if (snapshot.graph.conditionalAccessPolicies === undefined) return [];
  const accounts = resolvedUsers(resolveAuditContext(snapshot, config))
    .map((a) => ({ id: a.user.id, userPrincipalName: a.user.userPrincipalName }))
    // The order of the result's lockout verdicts, so that the two read side by side.
    .sort(
      (a, b) =>
        order(a.userPrincipalName.toLowerCase(), b.userPrincipalName.toLowerCase()) || order(a.id, b.id),
    );
  return crossCheckWithWhatIf(graph, snapshot.graph, accounts, options);
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
