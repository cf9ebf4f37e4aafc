/**
 * The shape of a generated tenant document: a snapshot document, format v1
 * (../shared/spec/snapshot-format.md), plus the emulator's `emulator` key with apps.
 *
 * The types are deliberately loose: every object is the JSON Graph or ARM returns, so each type
 * names only the properties the builders and tests touch and lets any other property through.
 */

/** Any JSON object as Graph or ARM returns it. */
export type JsonObject = { [key: string]: unknown };

/** A Graph entity: has an `id`. */
export interface GraphObject extends JsonObject {
  id: string;
}

/** A Graph `user`. */
export interface UserObject extends GraphObject {
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
  passwordPolicies: string | null;
  userType: 'Member' | 'Guest';
}

/** A Graph `group`, with the snapshot's added `members` (direct member ids). */
export interface GroupObject extends GraphObject {
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  isAssignableToRole: boolean | null;
  membershipRule: string | null;
  members: string[];
}

/** `conditions.users` of a Conditional Access policy. */
export interface CaUsers extends JsonObject {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers: JsonObject | null;
  excludeGuestsOrExternalUsers: JsonObject | null;
}

/** A Graph `conditionalAccessPolicy` as GET returns it. */
export interface CaPolicy extends GraphObject {
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  templateId: string | null;
  conditions: JsonObject & { users: CaUsers | null; applications: JsonObject; locations: JsonObject | null };
  grantControls:
    (JsonObject & { builtInControls: string[]; authenticationStrength: JsonObject | null }) | null;
  sessionControls: JsonObject | null;
}

/** An authentication method with its `@odata.type`. */
export interface MethodObject extends JsonObject {
  '@odata.type': string;
  id: string;
}

/** An ARM resource as GET returns it. */
export interface ArmResource extends JsonObject {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties: JsonObject;
}

/** A recorded drill (validation of one account). */
export interface Drill extends JsonObject {
  accountId: string;
  at: string;
  verified: boolean;
  signInId?: string | null;
  alertFired?: boolean | null;
}

/** An ARM role an emulated app holds. */
export interface ArmRole {
  role: string;
  scope: string;
}

/** An app the emulator's token endpoint knows (see docs/architecture.md, "The emulator contract"). */
export interface EmulatorApp extends JsonObject {
  displayName: string;
  clientId: string;
  /** Object id of the app's service principal (the token's `oid`). */
  objectId: string;
  clientSecret: string;
  certificateThumbprints: string[];
  graphRoles: string[];
  armRoles: ArmRole[];
  default?: boolean;
}

/** Rows of Log Analytics tables, by table name. */
export type WorkspaceTables = Record<string, JsonObject[]>;

/** A tenant file: snapshot document v1 plus the emulator's key. */
export interface TenantDocument extends JsonObject {
  formatVersion: 1;
  capturedAt: string;
  cloud: 'global' | 'usgov' | 'china';
  graph: JsonObject & {
    organization: GraphObject[];
    subscribedSkus: JsonObject[];
    securityDefaults: JsonObject;
    users: UserObject[];
    groups: GroupObject[];
    roleDefinitions: GraphObject[];
    roleAssignments: GraphObject[];
    roleEligibilitySchedules: GraphObject[];
    roleAssignmentSchedules: GraphObject[];
    conditionalAccessPolicies: CaPolicy[];
    namedLocations: GraphObject[];
    authenticationStrengthPolicies: GraphObject[];
    /** Keyed by user id. */
    authenticationMethods: Record<string, MethodObject[]>;
    signIns: GraphObject[];
    directoryAudits: GraphObject[];
  };
  azure: JsonObject & {
    subscriptions: JsonObject[];
    resources: ArmResource[];
    aadDiagnosticSettings: ArmResource[];
    /** Keyed by workspace resource id. */
    logs: Record<string, WorkspaceTables>;
  };
  drills: Drill[];
  emulator: { tenantId: string; apps: EmulatorApp[] };
}

/** Options every scenario generator accepts. */
export interface ScenarioOptions {
  /**
   * The instant the tenant is captured at; every timestamp in the document is relative to it.
   * Default: a fixed instant, so the same call gives the same bytes. An emulator serving the
   * tenant live should pass its own clock so that "12 days ago" stays 12 days ago.
   */
  now?: Date | string;
}

/** A scenario: a deterministic generator of one tenant document. */
export type ScenarioGenerator = (options?: ScenarioOptions) => TenantDocument;
