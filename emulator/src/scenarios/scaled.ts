/**
 * Tenants of a given size for benchmarks: the guide's setup done right, in an organisation with
 * a generated crowd of users and groups, extra Conditional Access policies up to a count, and
 * exclusion groups that nest the break-glass group (so exclusions must be resolved transitively).
 */
import type { AppKind } from './apps.js';
import { strengths } from './baseline-policies.js';
import { ScenarioContext, type TenantIdentity } from './context.js';
import type { GroupObject, ScenarioOptions, TenantDocument } from './document.js';
import { group } from './directory.js';
import { buildGuideTenant } from './guide-tenant.js';
import { firstPartyApps, skus } from './microsoft.js';
import { caPolicy, type PolicySpec } from './policies.js';
import { generatedStaff } from './population.js';

/** Size and shape of a scaled tenant. */
export interface ScaleSpec {
  readonly identity: TenantIdentity;
  /** Users in total (emergency accounts included). */
  readonly users: number;
  /** Groups in total (break-glass and exclusion groups included). */
  readonly groups: number;
  /** Conditional Access policies in total (the dedicated one included). */
  readonly policies: number;
  readonly accounts: number;
  /** Exclusion groups that nest `CA-Exclusion-Global` (which nests the break-glass group). */
  readonly exclusionAreas: readonly string[];
  readonly staffSignIns: number;
  readonly apps: readonly AppKind[];
}

const targetApps = [
  'Office365',
  firstPartyApps.outlook.appId,
  firstPartyApps.sharePoint.appId,
  firstPartyApps.teams.appId,
  'MicrosoftAdminPortals',
];

type Filler = (
  n: number,
  include: PolicySpec['include'],
  exclude: string[],
  app: string,
) => Omit<PolicySpec, 'key' | 'createdDaysAgo'>;

/** Kinds of generated policy, as data: each yields a plausible policy for one app and audience. */
const fillers: readonly Filler[] = [
  (n, include, exclude, app) => ({
    displayName: `CA6${pad(n)}-App-MFA`,
    include,
    exclude: { groups: exclude },
    applications: { include: [app] },
    grant: { controls: ['mfa'] },
  }),
  (n, include, exclude, app) => ({
    displayName: `CA6${pad(n)}-App-CompliantDevice`,
    include,
    exclude: { groups: exclude },
    applications: { include: [app] },
    grant: { controls: ['compliantDevice'] },
  }),
  (n, include, exclude, app) => ({
    displayName: `CA6${pad(n)}-App-SignInFrequency12h`,
    include,
    exclude: { groups: exclude },
    applications: { include: [app] },
    grant: null,
    session: { signInFrequencyHours: 12 },
  }),
  (n, include, exclude, app) => ({
    displayName: `CA6${pad(n)}-App-PasswordlessMFA`,
    include,
    exclude: { groups: exclude },
    applications: { include: [app] },
    grant: { strength: strengths.passwordless },
  }),
  (n, include, exclude) => ({
    displayName: `CA6${pad(n)}-Global-BLOCK-UnknownPlatforms`,
    include,
    exclude: { groups: exclude },
    platforms: { include: ['all'], exclude: ['android', 'iOS', 'windows', 'macOS'] },
    grant: { controls: ['block'] },
  }),
];

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

/** Generates a scaled tenant; throws if the counts do not come out exactly as asked. */
export function scaledTenant(spec: ScaleSpec, options?: ScenarioOptions): TenantDocument {
  const ctx = new ScenarioContext(spec.identity, options);
  const exclusionGroupCount = 1 + spec.exclusionAreas.length;
  const population = generatedStaff(ctx, {
    users: spec.users - spec.accounts,
    groups: spec.groups - 1 - exclusionGroupCount,
  });
  const staffGroups = population.groups;
  const tenant = buildGuideTenant(ctx, {
    basics: {
      licences: [
        { sku: skus.microsoft365E5, enabled: spec.users + 500, consumed: spec.users - spec.accounts },
        { sku: skus.entraIdP2, enabled: spec.accounts + 2, consumed: spec.accounts },
      ],
      securityDefaultsEnabled: false,
      onPremisesSyncEnabled: true,
    },
    accountCount: spec.accounts,
    population,
    subscriptionName: `${spec.identity.displayName} Production`,
    staffSignIns: spec.staffSignIns,
    apps: spec.apps,
  });
  const g = tenant.doc.graph;

  // Exclusion groups: Global nests the break-glass group, each area group nests Global.
  const serviceAccounts = population.users.slice(-3).map((u) => u.id);
  const global = group(ctx, {
    key: 'exclusion-global',
    displayName: 'CA-Exclusion-Global',
    description: 'Excluded from every Conditional Access policy',
    members: [tenant.group.id, ...serviceAccounts],
    createdDaysAgo: 400,
  });
  const areas: GroupObject[] = spec.exclusionAreas.map((area) =>
    group(ctx, {
      key: `exclusion-${area}`,
      displayName: `CA-Exclusion-${area}`,
      description: `Excluded from the ${area} policies`,
      members: [global.id],
      createdDaysAgo: 380,
    }),
  );
  g.groups.push(global, ...areas);

  const fillerCount = spec.policies - g.conditionalAccessPolicies.length;
  for (let i = 0; i < fillerCount; i++) {
    const make = fillers[i % fillers.length];
    if (!make) throw new Error('no filler kinds');
    const include: PolicySpec['include'] = i % 3 === 0 ? 'All' : { groups: [ctx.pick(staffGroups).id] };
    const area = areas.length > 0 ? areas[i % areas.length] : undefined;
    const exclude = [(area ?? global).id];
    const roll = ctx.random();
    const state = roll < 0.05 ? 'disabled' : roll < 0.15 ? 'enabledForReportingButNotEnforced' : 'enabled';
    g.conditionalAccessPolicies.push(
      caPolicy(ctx, {
        ...make(i + 1, include, exclude, ctx.pick(targetApps)),
        key: `filler-${i}`,
        state,
        createdDaysAgo: 20 + ctx.int(700),
      }),
    );
  }

  const counts = {
    users: g.users.length,
    groups: g.groups.length,
    policies: g.conditionalAccessPolicies.length,
  };
  if (counts.users !== spec.users || counts.groups !== spec.groups || counts.policies !== spec.policies) {
    throw new Error(`scaled tenant ${spec.identity.key}: got ${JSON.stringify(counts)}`);
  }
  return tenant.doc;
}
