import { tenantSubject } from './lib/subjects.js';
import type { CheckDefinition } from './types.js';
import { skipUnlessCollected } from '../lockout/audit-support.js';

/** Service plans that license Conditional Access (Entra ID P1 and P2). */
export const CONDITIONAL_ACCESS_PLANS = ['AAD_PREMIUM', 'AAD_PREMIUM_P2'];

const usableSku = (status: unknown): boolean =>
  status === undefined || status === null || !/suspended|lockedout|deleted/i.test(String(status));

/** EA-CA-005: the tenant can run Conditional Access — security defaults off and a P1/P2 plan present. */
export const check: CheckDefinition = {
  id: 'EA-CA-005',
  title: 'The tenant can run Conditional Access',
  area: 'conditionalAccess',
  severity: 'high',
  rationale:
    'Every EA-CA control depends on Conditional Access. It needs an Entra ID P1 or P2 plan, and security defaults must be off: the two are mutually exclusive, and security defaults have no exclusions at all.',
  doc: 'docs/checks/EA-CA-005.md',
  evaluate(context) {
    const skip = skipUnlessCollected(context, ['securityDefaults', 'subscribedSkus']);
    if (skip) return [skip];
    const graph = context.snapshot.graph;
    const securityDefaults = graph.securityDefaults?.isEnabled === true;
    const plans = (graph.subscribedSkus ?? [])
      .filter((sku) => usableSku((sku as { capabilityStatus?: unknown }).capabilityStatus))
      .flatMap((sku) =>
        (sku.servicePlans ?? [])
          .filter((plan) => CONDITIONAL_ACCESS_PLANS.includes((plan.servicePlanName ?? '').toUpperCase()))
          .filter(
            (plan) =>
              !/disabled/i.test(String((plan as { provisioningStatus?: unknown }).provisioningStatus ?? '')),
          )
          .map((plan) => `${plan.servicePlanName} (${sku.skuPartNumber ?? 'unknown SKU'})`),
      );
    const problems: string[] = [];
    if (securityDefaults)
      problems.push('security defaults are on (they exclude Conditional Access and allow no exclusions)');
    if (plans.length === 0) problems.push('no Entra ID P1 or P2 plan is present');
    const evidence = {
      securityDefaultsEnabled: securityDefaults,
      conditionalAccessPlans: [...new Set(plans)].sort(),
    };
    const subject = tenantSubject(context);
    return problems.length > 0
      ? [
          {
            status: 'fail',
            subject,
            message: `Conditional Access cannot run: ${problems.join('; ')}.`,
            evidence,
          },
        ]
      : [
          {
            status: 'pass',
            subject,
            message: `Conditional Access can run: security defaults are off and ${evidence.conditionalAccessPlans[0]} is present.`,
            evidence,
          },
        ];
  },
};
