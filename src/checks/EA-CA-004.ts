import { perAccount } from './lib/perAccount.js';
import type { CheckDefinition } from './types.js';
import { joinNames, POLICY_SCOPE_COLLECTIONS, skipUnlessCollected } from '../lockout/audit-support.js';
import { buildDirectoryIndex } from '../lockout/directory.js';
import { createLockoutEngine } from '../lockout/evaluate.js';

/**
 * EA-CA-004: one outcome per account — the emergency sign-in scenario of checks.md is allowed by
 * the enabled policies. On `fail` the evidence names each blocking policy and why; report-only
 * policies that would block are listed but do not decide.
 */
export const check: CheckDefinition = {
  id: 'EA-CA-004',
  title: 'Each emergency account can sign in during an emergency',
  area: 'conditionalAccess',
  severity: 'critical',
  rationale:
    'The only test that matters: could this account sign in to the Azure portal today, from a clean laptop on an unknown network, with the methods it has registered? A block, a device requirement or an authentication strength it cannot meet in any enabled policy that reaches it means the account fails exactly when it is needed.',
  doc: 'docs/checks/EA-CA-004.md',
  evaluate(context) {
    const skip = skipUnlessCollected(context, [...POLICY_SCOPE_COLLECTIONS, 'authenticationMethods']);
    if (skip) return [skip];
    const graph = context.snapshot.graph;
    const engine = createLockoutEngine(graph, { index: buildDirectoryIndex(graph) });
    return perAccount(context, ({ user }) => {
      const { verdict } = engine.evaluateAccount({ id: user.id, userPrincipalName: user.userPrincipalName });
      const evidence = {
        scenario: engine.scenario,
        verdict: verdict.verdict,
        decidingPolicies: verdict.decidingPolicies,
        reportOnlyBlocking: verdict.reportOnlyBlocking ?? [],
      };
      const later = verdict.reportOnlyBlocking?.length
        ? ` Report-only ${verdict.reportOnlyBlocking.length === 1 ? 'policy' : 'policies'} ${joinNames(verdict.reportOnlyBlocking.map((p) => `"${p.displayName}"`))} would block it when switched on.`
        : '';
      if (verdict.verdict === 'allowed') {
        return {
          status: 'pass',
          message: `${user.userPrincipalName} can sign in in the emergency scenario.${later}`,
          evidence,
        };
      }
      const why = verdict.decidingPolicies.map(
        (p) => `"${p.displayName}" (${p.reason === 'block' ? 'blocks' : `cannot meet ${p.reason}`})`,
      );
      return {
        status: 'fail',
        message: `${user.userPrincipalName} is locked out in the emergency scenario by ${joinNames(why)}.${later}`,
        evidence,
      };
    });
  },
};
