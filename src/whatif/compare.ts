/**
 * Compares the product's lockout analysis of one account with Graph's What If answer for the same
 * sign-in. What If only says whether each policy applies (`policyApplies`, and `analysisReasons`
 * when it does not), not whether its grant can be met, so applicability is what is compared: the
 * product's `outcome !== 'notApplicable'` against `policyApplies`. Pure.
 */
import type { WhatIfDisagreement } from '../checks/types.js';
import type { PolicyEvaluation } from '../lockout/evaluate.js';
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';

/** One item of What If's answer (`whatIfAnalysisResult`: the policy plus the verdict); only what is read. */
export interface WhatIfResult {
  id: string;
  displayName?: string | null;
  state?: string;
  policyApplies?: boolean;
  /** `notSet` when the policy applies, else the first reason it does not (`users`, `location`, …). */
  analysisReasons?: string;
}

/** The comparison for one account. */
export interface WhatIfComparison {
  /** Policies compared: every policy What If returned, plus any evaluated one it left out. */
  compared: number;
  agreements: number;
  /** Sorted by display name, then id. */
  disagreements: WhatIfDisagreement[];
}

type Side = WhatIfDisagreement['product'];

/** The product's view of a policy: applies or not, and its own explanation. */
function productSide(
  id: string,
  evaluations: ReadonlyMap<string, PolicyEvaluation>,
  policies: ReadonlyMap<string, ConditionalAccessPolicy>,
): Side {
  const evaluation = evaluations.get(id);
  if (evaluation) {
    return evaluation.notApplicable
      ? { applies: false, reason: `${evaluation.notApplicable.reason}: ${evaluation.notApplicable.text}` }
      : { applies: true, reason: `${evaluation.outcome}: ${evaluation.detail}` };
  }
  // The evaluator skips disabled policies; they apply to nobody.
  if (policies.get(id)?.state === 'disabled')
    return { applies: false, reason: 'disabled: the policy is off' };
  return { applies: null, reason: 'not in the tenant the analysis read (created since?)' };
}

function whatIfSide(result: WhatIfResult | undefined): Side {
  if (!result) return { applies: null, reason: 'not returned by What If' };
  const applies = result.policyApplies === true;
  return { applies, reason: result.analysisReasons ?? (applies ? 'notSet' : 'unknown') };
}

const key = (id: string): string => id.toLowerCase();

/**
 * Compares, policy by policy. `evaluations` are the product's for the account (disabled policies
 * are not evaluated), `policies` the tenant's as the product read them, `results` What If's answer
 * with `appliedPoliciesOnly: false`.
 */
export function compareWithWhatIf(
  evaluations: readonly PolicyEvaluation[],
  policies: readonly ConditionalAccessPolicy[],
  results: readonly WhatIfResult[],
): WhatIfComparison {
  const byId = new Map(evaluations.map((e) => [key(e.policy.id), e]));
  const policyById = new Map(policies.map((p) => [key(p.id), p]));
  const answered = new Map(results.map((r) => [key(r.id), r]));
  const ids = [...new Set([...answered.keys(), ...byId.keys()])];

  const disagreements: WhatIfDisagreement[] = [];
  for (const id of ids) {
    const product = productSide(id, byId, policyById);
    const result = answered.get(id);
    const whatIf = whatIfSide(result);
    if (product.applies !== null && product.applies === whatIf.applies) continue;
    const policy = byId.get(id)?.policy ?? policyById.get(id);
    disagreements.push({
      policyId: policy?.id ?? result?.id ?? id,
      displayName: policy?.displayName ?? result?.displayName ?? policy?.id ?? result?.id ?? id,
      state: policy?.state ?? result?.state ?? 'unknown',
      product,
      whatIf,
    });
  }
  disagreements.sort(
    (a, b) =>
      a.displayName.localeCompare(b.displayName, 'en') ||
      (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0),
  );
  return { compared: ids.length, agreements: ids.length - disagreements.length, disagreements };
}
