/**
 * `large`: Woodgrove Bank at the limits — 195 Conditional Access policies (the tenant maximum),
 * 50,000 users, 5,000 groups, four emergency accounts, and the break-glass group nested two
 * levels deep in the exclusion groups most policies use.
 */
import type { ScenarioOptions, TenantDocument } from './document.js';
import { woodgrove } from './identities.js';
import { scaledTenant, type ScaleSpec } from './scaled.js';

/** The size of `large` (benchmarks.md's large tenant). */
export const largeSpec: ScaleSpec = {
  identity: woodgrove,
  users: 50_000,
  groups: 5_000,
  policies: 195,
  accounts: 4,
  exclusionAreas: ['Apps', 'Devices', 'Locations', 'Sessions', 'Risk', 'Guests', 'Admins', 'Pilot'],
  staffSignIns: 500,
  apps: ['admin', 'reader'],
};

/** Generates the `large` tenant. */
export function large(options?: ScenarioOptions): TenantDocument {
  return scaledTenant(largeSpec, options);
}
