/**
 * `small`: Tailspin Toys, the benchmarks' small tenant — 20 Conditional Access policies, 500
 * users, 50 groups, healthy break-glass setup.
 */
import type { ScenarioOptions, TenantDocument } from './document.js';
import { tailspin } from './identities.js';
import { scaledTenant, type ScaleSpec } from './scaled.js';

/** The size of `small` (benchmarks.md's small tenant). */
export const smallSpec: ScaleSpec = {
  identity: tailspin,
  users: 500,
  groups: 50,
  policies: 20,
  accounts: 2,
  exclusionAreas: ['Apps', 'Devices'],
  staffSignIns: 60,
  apps: ['admin', 'reader'],
};

/** Generates the `small` tenant. */
export function small(options?: ScenarioOptions): TenantDocument {
  return scaledTenant(smallSpec, options);
}
