/**
 * The emulator's own schema of a tenant file: a snapshot document (format v1,
 * ../shared/spec/snapshot-format.md) plus the optional top-level `emulator` key with apps.
 *
 * The emulator deliberately does not share the product's schema (the two programs never import
 * each other). Only what the emulator relies on is named; every other property is kept, because a
 * tenant loaded and exported again must be the same document.
 */
import { z } from 'zod';

const id = z.string().min(1);
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const objects = <T extends z.ZodRawShape>(shape: T) => z.array(loose(shape)).optional();
const anyObject = z.record(z.string(), z.unknown());

/** An ARM role held by an app: built-in role name (Owner, Contributor, Reader …) at a scope. */
export const armRoleSchema = loose({ role: z.string().min(1), scope: z.string().min(1) });

/** An app registration (client) the emulator's token endpoint knows. */
export const appSchema = loose({
  displayName: z.string().optional(),
  clientId: id,
  /** Object id of the service principal (the token's `oid`); derived from the client id when absent. */
  objectId: z.string().optional(),
  clientSecret: z.string().optional(),
  /** x5t (SHA-1 thumbprint, base64url or hex) of accepted certificates; all of `certificates` when absent. */
  certificateThumbprints: z.array(z.string()).optional(),
  /** PEM certificates whose keys may sign client assertions. */
  certificates: z.array(z.string()).optional(),
  graphRoles: z.array(z.string()).optional(),
  armRoles: z.array(armRoleSchema).optional(),
  default: z.boolean().optional(),
});

/** The `emulator` key of a tenant file. */
export const emulatorSectionSchema = loose({
  tenantId: z.string().optional(),
  apps: z.array(appSchema).optional(),
});

/** A tenant file: a snapshot document plus the emulator's key. */
export const tenantDocumentSchema = loose({
  formatVersion: z.literal(1),
  capturedAt: z.string(),
  cloud: z.enum(['global', 'usgov', 'china']).optional(),
  graph: loose({
    organization: objects({
      id,
      displayName: z.string().nullish(),
      verifiedDomains: z.array(loose({ name: z.string(), isInitial: z.boolean().nullish() })).nullish(),
    }),
    subscribedSkus: z.array(anyObject).optional(),
    securityDefaults: anyObject.optional(),
    users: objects({ id, userPrincipalName: z.string().min(1) }),
    groups: objects({ id, members: z.array(z.string()).optional() }),
    roleDefinitions: objects({ id }),
    roleAssignments: objects({ id, roleDefinitionId: z.string(), principalId: z.string() }),
    roleEligibilitySchedules: objects({ id, roleDefinitionId: z.string(), principalId: z.string() }),
    roleAssignmentSchedules: objects({ id, roleDefinitionId: z.string(), principalId: z.string() }),
    conditionalAccessPolicies: objects({ id }),
    namedLocations: objects({ id }),
    authenticationStrengthPolicies: objects({ id }),
    authenticationMethods: z
      .record(z.string(), z.array(loose({ '@odata.type': z.string(), id: z.string().optional() })))
      .optional(),
    signIns: objects({ id, createdDateTime: z.string() }),
    directoryAudits: objects({ id }),
  }),
  azure: loose({
    subscriptions: objects({ subscriptionId: id }),
    resources: objects({ id, name: z.string(), type: z.string() }),
    aadDiagnosticSettings: objects({ id, name: z.string(), type: z.string() }),
    logs: z.record(z.string(), z.record(z.string(), z.array(anyObject))).optional(),
  }).optional(),
  drills: objects({ accountId: id, at: z.string() }),
  emulator: emulatorSectionSchema.optional(),
});

/** A tenant file as the emulator loads and exports it. */
export type TenantDocument = z.infer<typeof tenantDocumentSchema>;
/** One app of the `emulator` key. */
export type EmulatorApp = z.infer<typeof appSchema>;
/** An ARM role assignment of an app. */
export type ArmRole = z.infer<typeof armRoleSchema>;
/** Any JSON object as Graph or ARM returns it. */
export type JsonObject = Record<string, unknown>;
