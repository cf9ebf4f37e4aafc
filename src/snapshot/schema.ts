/**
 * The tenant snapshot, format version 1 (../shared/spec/snapshot-format.md).
 *
 * Every object is the JSON Microsoft Graph or Azure Resource Manager returns; we name only the
 * properties the product reads and keep all others (`.passthrough()` / `looseObject`), because a
 * snapshot is also an archive of the tenant and must round-trip. A missing optional collection
 * means "not collected", which the checks report as `skip`, never as `pass`.
 */
import { z } from 'zod';

const id = z.string().min(1);
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const userSchema = loose({
  id,
  userPrincipalName: z.string(),
  displayName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  onPremisesSyncEnabled: z.boolean().nullish(),
  passwordPolicies: z.string().nullish(),
  usageLocation: z.string().nullish(),
  userType: z.string().nullish(),
  /**
   * Added by breakglass: ids of the groups the user belongs to, directly or through nested groups
   * (Graph `transitiveMemberOf`). Collected for the emergency accounts only, so membership in a large
   * group a policy targets is known without reading that group's members. Absent = not collected.
   */
  transitiveMemberOf: z.array(z.string()).optional(),
});

export const groupSchema = loose({
  id,
  displayName: z.string().nullish(),
  securityEnabled: z.boolean().nullish(),
  mailEnabled: z.boolean().nullish(),
  groupTypes: z.array(z.string()).nullish(),
  isAssignableToRole: z.boolean().nullish(),
  membershipRule: z.string().nullish(),
  /** Added by breakglass: ids of the direct members (users or groups). Absent = not collected. */
  members: z.array(z.string()).optional(),
});

const conditionUsersSchema = loose({
  includeUsers: z.array(z.string()).nullish(),
  excludeUsers: z.array(z.string()).nullish(),
  includeGroups: z.array(z.string()).nullish(),
  excludeGroups: z.array(z.string()).nullish(),
  includeRoles: z.array(z.string()).nullish(),
  excludeRoles: z.array(z.string()).nullish(),
  includeGuestsOrExternalUsers: z.unknown().nullish(),
  excludeGuestsOrExternalUsers: z.unknown().nullish(),
});

export const conditionalAccessPolicySchema = loose({
  id,
  displayName: z.string().nullish(),
  state: z.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced']),
  templateId: z.string().nullish(),
  conditions: loose({
    users: conditionUsersSchema.nullish(),
    clientApplications: z.unknown().nullish(),
    applications: z.unknown().nullish(),
  }),
  grantControls: loose({
    operator: z.string().nullish(),
    builtInControls: z.array(z.string()).nullish(),
    customAuthenticationFactors: z.array(z.string()).nullish(),
    termsOfUse: z.array(z.string()).nullish(),
    authenticationStrength: loose({ id: z.string().nullish() }).nullish(),
  }).nullish(),
  sessionControls: z.unknown().nullish(),
});

const odataTyped = loose({ '@odata.type': z.string(), id: z.string().optional() });

export const armResourceSchema = loose({
  id,
  name: z.string(),
  type: z.string(),
  location: z.string().nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

export const signInSchema = loose({ id, createdDateTime: z.string(), userId: z.string().nullish() });

export const drillSchema = loose({
  accountId: id,
  at: z.string(),
  verified: z.boolean(),
  signInId: z.string().nullish(),
  alertFired: z.boolean().nullish(),
});

/** Why one collection could not be read (SkipReason of ../checks/types.ts, minus not-applicable). */
export const collectionErrorSchema = z.object({
  reason: z.enum(['missing-permission', 'not-licensed', 'not-collected']),
  detail: z.string(),
});

export const snapshotSchema = z.looseObject({
  formatVersion: z.literal(1),
  capturedAt: z.string(),
  cloud: z.enum(['global', 'usgov', 'china']).default('global'),
  graph: z.looseObject({
    organization: z
      .array(
        loose({
          id,
          displayName: z.string().nullish(),
          verifiedDomains: z.array(loose({ name: z.string(), isInitial: z.boolean().nullish() })).nullish(),
        }),
      )
      .optional(),
    subscribedSkus: z
      .array(
        loose({
          skuPartNumber: z.string().nullish(),
          servicePlans: z.array(loose({ servicePlanName: z.string().nullish() })).nullish(),
        }),
      )
      .optional(),
    securityDefaults: loose({ isEnabled: z.boolean().nullish() }).optional(),
    users: z.array(userSchema).optional(),
    groups: z.array(groupSchema).optional(),
    roleDefinitions: z
      .array(loose({ id, displayName: z.string().nullish(), templateId: z.string().nullish() }))
      .optional(),
    roleAssignments: z
      .array(
        loose({
          id,
          roleDefinitionId: z.string(),
          principalId: z.string(),
          directoryScopeId: z.string().nullish(),
        }),
      )
      .optional(),
    roleEligibilitySchedules: z
      .array(loose({ id, roleDefinitionId: z.string(), principalId: z.string() }))
      .optional(),
    roleAssignmentSchedules: z
      .array(
        loose({
          id,
          roleDefinitionId: z.string(),
          principalId: z.string(),
          assignmentType: z.string().nullish(),
          scheduleInfo: z.unknown().nullish(),
        }),
      )
      .optional(),
    conditionalAccessPolicies: z.array(conditionalAccessPolicySchema).optional(),
    namedLocations: z.array(odataTyped).optional(),
    authenticationStrengthPolicies: z
      .array(
        loose({
          id,
          displayName: z.string().nullish(),
          policyType: z.string().nullish(),
          allowedCombinations: z.array(z.string()),
        }),
      )
      .optional(),
    authenticationMethods: z.record(z.string(), z.array(odataTyped)).optional(),
    signIns: z.array(signInSchema).optional(),
    directoryAudits: z.array(loose({ id, activityDateTime: z.string().nullish() })).optional(),
  }),
  azure: z
    .looseObject({
      subscriptions: z
        .array(
          loose({
            subscriptionId: z.string(),
            displayName: z.string().nullish(),
            state: z.string().nullish(),
          }),
        )
        .optional(),
      resources: z.array(armResourceSchema).optional(),
      aadDiagnosticSettings: z.array(armResourceSchema).optional(),
      logs: z.record(z.string(), z.record(z.string(), z.array(z.record(z.string(), z.unknown())))).optional(),
    })
    .optional(),
  drills: z.array(drillSchema).optional(),
  /**
   * Added by breakglass: why a collection is absent (a 403, no licence), keyed by collection name
   * (see collectionErrorSchema). Lets an offline audit skip with the same reason as a live one.
   */
  collectionErrors: z.record(z.string(), collectionErrorSchema).optional(),
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type GraphSnapshot = Snapshot['graph'];
export type User = z.infer<typeof userSchema>;
export type Group = z.infer<typeof groupSchema>;
export type ConditionalAccessPolicy = z.infer<typeof conditionalAccessPolicySchema>;
export type ArmResource = z.infer<typeof armResourceSchema>;
export type SignIn = z.infer<typeof signInSchema>;
export type Drill = z.infer<typeof drillSchema>;
export type CollectionError = z.infer<typeof collectionErrorSchema>;
