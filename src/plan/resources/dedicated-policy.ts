/**
 * The dedicated Conditional Access policy (models `dedicated` and `split`): the emergency accounts,
 * all resources, authentication strength "Phishing-resistant MFA", sign-in frequency 1 hour.
 *
 * Safety: it is created report-only and enabled only when every account has a phishing-resistant
 * method registered — a later `apply` does it. An enabled policy whose accounts lack such a method
 * would lock them out, so the plan puts it back to report-only.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import { groupIdRef, type PlanContext } from '../context.js';
import { PHISHING_RESISTANT_STRENGTH_ID } from '../../config/schema.js';
import { isPhishingResistant } from '../../snapshot/methods.js';
import type { Json } from '../types.js';
import type { ConditionalAccessPolicy } from '../../snapshot/schema.js';

const REPORT_ONLY = 'enabledForReportingButNotEnforced';

/** Accounts that could not satisfy the policy if it were enforced now, by name. */
export function accountsWithoutPhishingResistantMethod(context: PlanContext): string[] {
  return context.accounts
    .filter((account) => {
      if (!account.user) return true;
      const methods = context.snapshot.graph.authenticationMethods?.[account.user.id];
      return !methods || !methods.some(isPhishingResistant);
    })
    .map((account) => account.name);
}

function desiredUsers(context: PlanContext): { [key: string]: Json } {
  if (context.config.model === 'split') {
    const dedicated = context.accounts.filter((a) => a.declared.role !== 'excluded');
    return { includeUsers: dedicated.map((a) => (a.user ? a.user.id : { $ref: `account[${a.name}]#id` })) };
  }
  return { includeGroups: [groupIdRef(context)] };
}

export const dedicatedPolicyPlanner: ResourcePlanner = {
  kind: 'dedicated-policy',
  plan(context) {
    if (context.config.model === 'exclude-all') return [];
    const address = 'dedicated-policy';
    const missingKeys = accountsWithoutPhishingResistantMethod(context);
    const wantedState = missingKeys.length === 0 ? context.config.policy.state : REPORT_ONLY;
    const body = {
      displayName: context.config.policy.displayName,
      state: wantedState,
      conditions: {
        users: desiredUsers(context),
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: {
        operator: 'OR',
        builtInControls: [],
        authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH_ID },
      },
      sessionControls: {
        disableResilienceDefaults: false,
        signInFrequency: {
          isEnabled: true,
          type: 'hours',
          value: context.config.policy.signInFrequencyHours,
          authenticationType: 'primaryAndSecondaryAuthentication',
          frequencyInterval: 'timeBased',
        },
      },
    };
    const dependsOn = [
      ...(typeof groupIdRef(context) === 'string' ? [] : ['group']),
      ...context.accounts.filter((a) => !a.user).map((a) => `account[${a.name}]`),
    ];
    const existing = context.dedicatedPolicy;
    const why = missingKeys.length
      ? `; kept report-only until ${missingKeys.join(', ')} ha${missingKeys.length > 1 ? 've' : 's'} a phishing-resistant method`
      : '';
    if (!existing) {
      return [
        {
          address,
          kind: 'dedicated-policy',
          action: 'create',
          reason: `the dedicated policy does not exist${why}`,
          before: null,
          after: body,
          dependsOn,
          spec: { body },
          conditionalAccessWrite: true,
        },
      ];
    }
    const current = {
      displayName: existing.displayName ?? null,
      state: existing.state,
      conditions: {
        users: pick(existing.conditions.users as Record<string, unknown> | null | undefined, [
          'includeUsers',
          'includeGroups',
        ]),
        applications: pick(existing.conditions.applications as Record<string, unknown>, [
          'includeApplications',
        ]),
        clientAppTypes: (existing.conditions as Record<string, unknown>).clientAppTypes ?? null,
      },
      grantControls: existing.grantControls ?? null,
      sessionControls: existing.sessionControls ?? null,
    } as unknown as Json;
    const differences = describeDifferences(existing, body);
    if (differences.length === 0)
      return [noOp(address, 'dedicated-policy', `the dedicated policy is as declared${why}`, current)];
    return [
      {
        address,
        kind: 'dedicated-policy',
        action: 'update',
        reason: differences.join('; ') + why,
        before: current,
        after: body,
        dependsOn,
        spec: { policyId: existing.id, body },
        conditionalAccessWrite: true,
      },
    ];
  },
};

function pick(object: Record<string, unknown> | null | undefined, keys: string[]): Json {
  const out: Record<string, Json> = {};
  for (const key of keys) if (object?.[key] !== undefined) out[key] = object[key] as Json;
  return out;
}

function sameIds(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    Array.isArray(v)
      ? v
          .map((x) => (typeof x === 'string' ? x.toLowerCase() : JSON.stringify(x)))
          .sort()
          .join()
      : '';
  return norm(a) === norm(b);
}

/** What differs between the policy and the declaration, in review language. */
function describeDifferences(
  existing: ConditionalAccessPolicy,
  body: {
    state: string;
    conditions: { users: { [key: string]: Json } };
    sessionControls: { signInFrequency: { value: number } };
  },
): string[] {
  const out: string[] = [];
  if (existing.state !== body.state) out.push(`state is ${existing.state}, declared ${body.state}`);
  const users = (existing.conditions.users ?? {}) as Record<string, unknown>;
  const wantUsers = body.conditions.users;
  const hasRefs = JSON.stringify(wantUsers).includes('$ref');
  if (
    hasRefs ||
    !sameIds(users.includeGroups ?? [], wantUsers.includeGroups ?? []) ||
    !sameIds(users.includeUsers ?? [], wantUsers.includeUsers ?? [])
  ) {
    out.push('it does not target exactly the emergency accounts');
  }
  const apps = (existing.conditions.applications ?? {}) as { includeApplications?: string[] };
  if (!sameIds(apps.includeApplications ?? [], ['All'])) out.push('it does not cover all resources');
  const grant = existing.grantControls;
  if (
    grant?.authenticationStrength?.id !== PHISHING_RESISTANT_STRENGTH_ID ||
    (grant.builtInControls ?? []).length > 0
  ) {
    out.push('its grant is not exactly "Phishing-resistant MFA"');
  }
  const session = (existing.sessionControls ?? {}) as {
    signInFrequency?: { isEnabled?: boolean; value?: number; type?: string };
    disableResilienceDefaults?: boolean;
  };
  const sif = session.signInFrequency;
  if (!sif?.isEnabled || sif.type !== 'hours' || sif.value !== body.sessionControls.signInFrequency.value) {
    out.push(
      `sign-in frequency is ${sif?.isEnabled ? `${sif.value} ${sif.type}` : 'off'}, declared ${body.sessionControls.signInFrequency.value} hours`,
    );
  }
  if (session.disableResilienceDefaults) out.push('it disables resilience defaults');
  return out;
}
