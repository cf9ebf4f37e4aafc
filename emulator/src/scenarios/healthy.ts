/**
 * `healthy`: Contoso with exactly the guide's setup and nothing wrong — the tenant an audit must
 * pass cleanly.
 */
import { ScenarioContext } from './context.js';
import type { ScenarioOptions, TenantDocument } from './document.js';
import { buildGuideTenant, type GuideTenant } from './guide-tenant.js';
import { contoso } from './identities.js';
import { skus } from './microsoft.js';
import { namedStaff } from './population.js';
import type { TenantBasics } from './tenant-document.js';
import type { TenantIdentity } from './context.js';
import type { AppKind } from './apps.js';

/** Licences of a mid-size tenant: Microsoft 365 E5 for staff, Entra ID P2 for the emergency accounts. */
export const p2Basics: TenantBasics = {
  licences: [
    { sku: skus.microsoft365E5, enabled: 50, consumed: 22 },
    { sku: skus.entraIdP2, enabled: 5, consumed: 2 },
  ],
  securityDefaultsEnabled: false,
  onPremisesSyncEnabled: true,
};

/** The guide's setup done right for a named-cast tenant (shared with `drifted`). */
export function wellRunTenant(
  identity: TenantIdentity,
  options: ScenarioOptions | undefined,
  apps: readonly AppKind[],
): GuideTenant {
  const ctx = new ScenarioContext(identity, options);
  return buildGuideTenant(ctx, {
    basics: p2Basics,
    accountCount: 2,
    population: namedStaff(ctx, { synced: true }),
    subscriptionName: `${identity.displayName} Production`,
    staffSignIns: 40,
    apps,
  });
}

/** Generates the `healthy` tenant. */
export function healthy(options?: ScenarioOptions): TenantDocument {
  return wellRunTenant(contoso, options, ['admin', 'reader']).doc;
}
