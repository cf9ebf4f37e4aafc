import { skipNotApplicable } from './lib/collected.js';
import { tenantSubject } from './lib/subjects.js';
import type { CheckDefinition } from './types.js';
import { policySubject, skipUnlessCollected } from '../lockout/audit-support.js';
import { resolveBreakGlassTargets } from '../lockout/breakglass-targets.js';
import { object } from '../lockout/policy-shape.js';

/** The sign-in frequency a policy sets, in hours; `0` for "every time"; undefined when none. */
export function signInFrequencyHours(sessionControls: unknown): number | undefined {
  const sif = object(object(sessionControls)?.signInFrequency);
  if (!sif || sif.isEnabled !== true) return undefined;
  if (String(sif.frequencyInterval ?? '').toLowerCase() === 'everytime') return 0;
  const value = typeof sif.value === 'number' ? sif.value : undefined;
  if (value === undefined) return undefined;
  const unit = String(sif.type ?? '').toLowerCase();
  return unit === 'hours' ? value : unit === 'days' ? value * 24 : undefined;
}

/**
 * EA-CA-002: the dedicated policy sets a sign-in frequency of at most the configured hours
 * (default 1) and does not disable resilience defaults.
 */
export const check: CheckDefinition = {
  id: 'EA-CA-002',
  title: 'The dedicated policy has a short sign-in frequency and keeps resilience defaults',
  area: 'conditionalAccess',
  severity: 'medium',
  rationale:
    'An emergency session should not outlive the emergency: a one-hour sign-in frequency makes a left-open browser useless soon after. Disabling resilience defaults on the policy would end sessions during an Entra outage — the very moment the account exists for.',
  doc: 'docs/checks/EA-CA-002.md',
  evaluate(context) {
    if (context.model === 'exclude-all') {
      return [
        skipNotApplicable(tenantSubject(context), 'the model is exclude-all, which has no dedicated policy'),
      ];
    }
    const skip = skipUnlessCollected(context, ['conditionalAccessPolicies']);
    if (skip) return [skip];
    const policy = resolveBreakGlassTargets(context).dedicatedPolicy;
    if (!policy)
      return [skipNotApplicable(tenantSubject(context), 'there is no dedicated policy (see EA-CA-001)')];

    const limit = context.config.policy.signInFrequencyHours;
    const hours = signInFrequencyHours(policy.sessionControls);
    const resilienceOff = object(policy.sessionControls)?.disableResilienceDefaults === true;
    const problems: string[] = [];
    if (hours === undefined) problems.push('it sets no sign-in frequency');
    else if (hours > limit) problems.push(`its sign-in frequency is ${hours} hours, more than ${limit}`);
    if (resilienceOff)
      problems.push('it disables resilience defaults, so sessions end during an Entra outage');
    const evidence = {
      policyId: policy.id,
      signInFrequencyHours: hours ?? null,
      requiredHours: limit,
      disableResilienceDefaults: resilienceOff,
    };
    const subject = policySubject(policy);
    if (problems.length > 0)
      return [
        { status: 'fail', subject, message: `The dedicated policy: ${problems.join('; ')}.`, evidence },
      ];
    const frequency = hours === 0 ? 'every time' : `${hours} hour${hours === 1 ? '' : 's'}`;
    return [
      {
        status: 'pass',
        subject,
        message: `The dedicated policy re-authenticates ${frequency === 'every time' ? 'every time' : `every ${frequency}`} and keeps resilience defaults.`,
        evidence,
      },
    ];
  },
};
