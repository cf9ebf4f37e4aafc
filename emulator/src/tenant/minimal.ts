/**
 * A minimal tenant: what the emulator serves when started without `--tenant` or `--scenario`, and
 * the stand-in for scenarios while `emulator/src/scenarios/` is not there. A fresh tenant with an
 * Entra ID P1 licence, security defaults off, the built-in roles and no emergency access.
 */
import { deriveSeed, randomGuid, seededRandom } from '../faults/prng.js';
import { builtInRoleDefinitions } from '../graph/builtin-roles.js';
import type { TenantDocument } from './schema.js';

/** A minimal tenant whose ids derive from `seed`. */
export function minimalTenant(seed = 42): TenantDocument {
  const random = seededRandom(deriveSeed(seed, 'minimal-tenant'));
  const tenantId = randomGuid(random);
  return {
    formatVersion: 1,
    capturedAt: '2026-01-01T00:00:00Z',
    cloud: 'global',
    graph: {
      organization: [
        {
          id: tenantId,
          displayName: 'Contoso (emulated)',
          tenantType: 'AAD',
          countryLetterCode: 'US',
          verifiedDomains: [
            {
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: true,
              isInitial: true,
              name: 'contoso.onmicrosoft.com',
              type: 'Managed',
            },
          ],
        },
      ],
      subscribedSkus: [
        {
          id: `${tenantId}_078d2b04-f1bd-4111-bbd4-b4b1b354cef4`,
          accountId: tenantId,
          appliesTo: 'User',
          capabilityStatus: 'Enabled',
          consumedUnits: 0,
          skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
          skuPartNumber: 'AAD_PREMIUM',
          prepaidUnits: { enabled: 25, lockedOut: 0, suspended: 0, warning: 0 },
          servicePlans: [
            {
              servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
              servicePlanName: 'AAD_PREMIUM',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
        },
      ],
      securityDefaults: {
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description:
          'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.',
        isEnabled: false,
      },
      users: [],
      groups: [],
      roleDefinitions: builtInRoleDefinitions() as { id: string }[],
      roleAssignments: [],
      roleEligibilitySchedules: [],
      roleAssignmentSchedules: [],
      conditionalAccessPolicies: [],
      namedLocations: [],
      authenticationMethods: {},
      signIns: [],
      directoryAudits: [],
    },
    azure: { subscriptions: [], resources: [], aadDiagnosticSettings: [] },
  };
}
