/**
 * Builders for Conditional Access: policies (in the full shape Graph v1.0 returns, every
 * collection present, the authentication strength expanded), named locations and the built-in
 * authentication strengths.
 */
import { builtInStrengths, builtInStrengthTimestamp } from '../evaluate/well-known.js';
import type { ScenarioContext } from './context.js';
import type { CaPolicy, CaUsers, GraphObject, JsonObject } from './document.js';

/** Who a policy names: users, groups, built-in role template ids, guests. */
export interface Who {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
  /** All guest and external user types, from all external tenants. */
  readonly guests?: boolean;
}

/** Sign-in frequency and other session controls. */
export interface SessionSpec {
  readonly signInFrequencyHours?: number;
  /** Sign-in frequency "every time" (risk-based policies). */
  readonly everyTime?: boolean;
  readonly persistentBrowser?: 'always' | 'never';
  readonly disableResilienceDefaults?: boolean;
}

/** Grant controls: built-in controls and/or an authentication strength id. */
export interface GrantSpec {
  readonly operator?: 'AND' | 'OR';
  readonly controls?: readonly string[];
  readonly strength?: string;
  readonly termsOfUse?: readonly string[];
}

/** What makes one Conditional Access policy. */
export interface PolicySpec {
  readonly key: string;
  readonly displayName: string;
  readonly state?: CaPolicy['state'];
  readonly templateId?: string | null;
  /** Users in scope; `workloadIdentities` targets service principals instead of users. */
  readonly include: 'All' | 'None' | Who | 'workloadIdentities';
  readonly exclude?: Who;
  readonly applications?: {
    readonly include?: readonly string[];
    readonly exclude?: readonly string[];
    readonly authenticationContexts?: readonly string[];
    readonly userActions?: readonly string[];
  };
  readonly clientAppTypes?: readonly string[];
  readonly platforms?: { readonly include: readonly string[]; readonly exclude?: readonly string[] };
  readonly locations?: { readonly include: readonly string[]; readonly exclude?: readonly string[] };
  readonly signInRiskLevels?: readonly string[];
  readonly userRiskLevels?: readonly string[];
  /** `authenticationFlows.transferMethods`, one comma-separated string. */
  readonly transferMethods?: string;
  readonly grant?: GrantSpec | null;
  readonly session?: SessionSpec | null;
  readonly createdDaysAgo: number;
  readonly modifiedDaysAgo?: number;
}

const allGuests = {
  guestOrExternalUserTypes:
    'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider',
  externalTenants: {
    '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants',
    membershipKind: 'all',
  },
};

function usersCondition(include: PolicySpec['include'], exclude: Who = {}): CaUsers {
  const who: Who = typeof include === 'string' ? {} : include;
  const keyword =
    include === 'All' ? ['All'] : include === 'None' || include === 'workloadIdentities' ? ['None'] : [];
  return {
    includeUsers: [...keyword, ...(who.users ?? [])],
    excludeUsers: [...(exclude.users ?? [])],
    includeGroups: [...(who.groups ?? [])],
    excludeGroups: [...(exclude.groups ?? [])],
    includeRoles: [...(who.roles ?? [])],
    excludeRoles: [...(exclude.roles ?? [])],
    includeGuestsOrExternalUsers: who.guests ? structuredClone(allGuests) : null,
    excludeGuestsOrExternalUsers: exclude.guests ? structuredClone(allGuests) : null,
  };
}

/** A built-in strength as Graph expands it inside `grantControls.authenticationStrength`. */
function strengthObject(id: string): GraphObject {
  const builtIn = builtInStrengths.find((s) => s.id === id);
  if (!builtIn) throw new Error(`unknown authentication strength ${id}`);
  return {
    id: builtIn.id,
    createdDateTime: builtInStrengthTimestamp,
    modifiedDateTime: builtInStrengthTimestamp,
    displayName: builtIn.displayName,
    description: builtIn.description,
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: [...builtIn.allowedCombinations],
    combinationConfigurations: [],
  };
}

/** The built-in authentication strength policies every tenant lists. */
export function authenticationStrengthPolicies(): GraphObject[] {
  return builtInStrengths.map((s) => strengthObject(s.id));
}

function session(spec: SessionSpec | null | undefined): JsonObject | null {
  if (!spec) return null;
  const frequency = spec.everyTime
    ? {
        isEnabled: true,
        type: null,
        value: null,
        frequencyInterval: 'everyTime',
        authenticationType: 'primaryAndSecondaryAuthentication',
      }
    : spec.signInFrequencyHours !== undefined
      ? {
          isEnabled: true,
          type: 'hours',
          value: spec.signInFrequencyHours,
          frequencyInterval: 'timeBased',
          authenticationType: 'primaryAndSecondaryAuthentication',
        }
      : null;
  return {
    applicationEnforcedRestrictions: null,
    cloudAppSecurity: null,
    persistentBrowser: spec.persistentBrowser ? { isEnabled: true, mode: spec.persistentBrowser } : null,
    signInFrequency: frequency,
    disableResilienceDefaults: spec.disableResilienceDefaults ?? false,
    secureSignInSession: null,
  };
}

/** A `conditionalAccessPolicy` as `GET /identity/conditionalAccess/policies` returns it. */
export function caPolicy(ctx: ScenarioContext, spec: PolicySpec): CaPolicy {
  const apps = spec.applications ?? {};
  const authContexts = apps.authenticationContexts ?? [];
  const userActions = apps.userActions ?? [];
  const workload = spec.include === 'workloadIdentities';
  const grant = spec.grant;
  return {
    id: ctx.ids.policy(spec.key),
    templateId: spec.templateId ?? null,
    displayName: spec.displayName,
    createdDateTime: ctx.ago(spec.createdDaysAgo),
    modifiedDateTime: spec.modifiedDaysAgo === undefined ? null : ctx.ago(spec.modifiedDaysAgo),
    deletedDateTime: null,
    state: spec.state ?? 'enabled',
    conditions: {
      applications: {
        includeApplications:
          authContexts.length || userActions.length
            ? [...(apps.include ?? [])]
            : [...(apps.include ?? ['All'])],
        excludeApplications: [...(apps.exclude ?? [])],
        includeUserActions: [...userActions],
        includeAuthenticationContextClassReferences: [...authContexts],
        applicationFilter: null,
      },
      users: usersCondition(spec.include, spec.exclude),
      clientApplications: workload
        ? {
            includeServicePrincipals: ['ServicePrincipalsInMyTenant'],
            excludeServicePrincipals: [],
            servicePrincipalFilter: null,
          }
        : null,
      clientAppTypes: [...(spec.clientAppTypes ?? ['all'])],
      platforms: spec.platforms
        ? {
            includePlatforms: [...spec.platforms.include],
            excludePlatforms: [...(spec.platforms.exclude ?? [])],
          }
        : null,
      locations: spec.locations
        ? {
            includeLocations: [...spec.locations.include],
            excludeLocations: [...(spec.locations.exclude ?? [])],
          }
        : null,
      devices: null,
      signInRiskLevels: [...(spec.signInRiskLevels ?? [])],
      userRiskLevels: [...(spec.userRiskLevels ?? [])],
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      authenticationFlows: spec.transferMethods ? { transferMethods: spec.transferMethods } : null,
    },
    grantControls: grant
      ? {
          operator: grant.operator ?? 'OR',
          builtInControls: [...(grant.controls ?? [])],
          customAuthenticationFactors: [],
          termsOfUse: [...(grant.termsOfUse ?? [])],
          authenticationStrength: grant.strength ? strengthObject(grant.strength) : null,
        }
      : null,
    sessionControls: session(spec.session),
  };
}

/** A `countryNamedLocation` (IP geolocation; unknown countries outside unless included). */
export function countryLocation(
  ctx: ScenarioContext,
  key: string,
  displayName: string,
  countries: readonly string[],
  createdDaysAgo: number,
): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.countryNamedLocation',
    id: ctx.ids.namedLocation(key),
    displayName,
    createdDateTime: ctx.ago(createdDaysAgo),
    modifiedDateTime: ctx.ago(createdDaysAgo),
    countriesAndRegions: [...countries],
    includeUnknownCountriesAndRegions: false,
    countryLookupMethod: 'clientIpAddress',
  };
}

/** An `ipNamedLocation` of IPv4 ranges, trusted or not. */
export function ipLocation(
  ctx: ScenarioContext,
  key: string,
  displayName: string,
  cidrs: readonly string[],
  isTrusted: boolean,
  createdDaysAgo: number,
): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    id: ctx.ids.namedLocation(key),
    displayName,
    createdDateTime: ctx.ago(createdDaysAgo),
    modifiedDateTime: ctx.ago(createdDaysAgo),
    isTrusted,
    ipRanges: cidrs.map((cidrAddress) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress })),
  };
}
