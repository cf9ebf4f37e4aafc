/**
 * The Graph types of the Conditional Access surface as data, and a reader that checks a request
 * body against them the way Graph's OData layer does before the Conditional Access service sees
 * it: unknown properties, values of the wrong JSON kind, bad enum members and metadata references
 * (`#microsoft.graph.restore` blocks copied from a GET) are refused with a 400 and OData's wording.
 *
 * Beta-only properties are marked; a v1.0 request that uses one is refused as unknown.
 */
import { graphError, type EmulatorHttpError } from '../http/errors.js';
import type { GraphVersion } from '../http/types.js';

/** The kind of a property's value. */
export type FieldKind =
  | { readonly kind: 'string' | 'boolean' | 'int' | 'any' | 'dateTime' }
  | { readonly kind: 'enum'; readonly type: string; readonly values: readonly string[] }
  /** A flags enum, written as one comma-separated string. */
  | { readonly kind: 'flags'; readonly type: string; readonly values: readonly string[] }
  | { readonly kind: 'collection'; readonly of: FieldKind }
  | { readonly kind: 'object'; readonly type: string };

/** A property of a type. */
export type Field = FieldKind & { readonly betaOnly?: boolean };

/** A complex or entity type: its properties and (for abstract bases) its derived types. */
export interface TypeDef {
  readonly properties: Readonly<Record<string, Field>>;
  readonly abstract?: boolean;
  readonly derived?: readonly string[];
  readonly base?: string;
}

const str: Field = { kind: 'string' };
const bool: Field = { kind: 'boolean' };
const int: Field = { kind: 'int' };
const date: Field = { kind: 'dateTime' };
const strings: Field = { kind: 'collection', of: { kind: 'string' } };
const obj = (type: string, betaOnly = false): Field => ({ kind: 'object', type, betaOnly });
const enumOf = (type: string, values: readonly string[]): FieldKind => ({ kind: 'enum', type, values });
const enums = (type: string, values: readonly string[], betaOnly = false): Field => ({
  kind: 'collection',
  of: enumOf(type, values),
  betaOnly,
});
const beta = (field: Field): Field => ({ ...field, betaOnly: true });

const riskLevels = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'];

/** Every type the Conditional Access routes read, keyed by its `microsoft.graph.` name. */
export const caTypes: Readonly<Record<string, TypeDef>> = {
  conditionalAccessPolicy: {
    properties: {
      id: str,
      displayName: str,
      description: str,
      state: enumOf('conditionalAccessPolicyState', [
        'enabled',
        'disabled',
        'enabledForReportingButNotEnforced',
      ]),
      createdDateTime: date,
      modifiedDateTime: date,
      templateId: str,
      deletedDateTime: beta(date),
      partialEnablementStrategy: beta({ kind: 'any' }),
      conditions: obj('conditionalAccessConditionSet'),
      grantControls: obj('conditionalAccessGrantControls'),
      sessionControls: obj('conditionalAccessSessionControls'),
    },
  },
  conditionalAccessConditionSet: {
    properties: {
      applications: obj('conditionalAccessApplications'),
      users: obj('conditionalAccessUsers'),
      clientApplications: obj('conditionalAccessClientApplications'),
      clientAppTypes: enums('conditionalAccessClientApp', [
        'all',
        'browser',
        'mobileAppsAndDesktopClients',
        'exchangeActiveSync',
        'easSupported',
        'other',
        'unknownFutureValue',
      ]),
      devices: obj('conditionalAccessDevices'),
      locations: obj('conditionalAccessLocations'),
      platforms: obj('conditionalAccessPlatforms'),
      signInRiskLevels: enums('riskLevel', riskLevels),
      userRiskLevels: enums('riskLevel', riskLevels),
      servicePrincipalRiskLevels: enums('riskLevel', riskLevels),
      insiderRiskLevels: {
        kind: 'flags',
        type: 'conditionalAccessInsiderRiskLevels',
        values: ['minor', 'moderate', 'elevated', 'unknownFutureValue'],
      },
      authenticationFlows: obj('conditionalAccessAuthenticationFlows'),
      times: beta({ kind: 'any' }),
      deviceStates: beta({ kind: 'any' }),
      clients: beta({ kind: 'any' }),
      agents: beta({ kind: 'any' }),
    },
  },
  conditionalAccessApplications: {
    properties: {
      includeApplications: strings,
      excludeApplications: strings,
      includeUserActions: strings,
      includeAuthenticationContextClassReferences: strings,
      applicationFilter: obj('conditionalAccessFilter'),
      networkAccess: beta({ kind: 'any' }),
      globalSecureAccess: beta({ kind: 'any' }),
    },
  },
  conditionalAccessUsers: {
    properties: {
      includeUsers: strings,
      excludeUsers: strings,
      includeGroups: strings,
      excludeGroups: strings,
      includeRoles: strings,
      excludeRoles: strings,
      includeGuestsOrExternalUsers: obj('conditionalAccessGuestsOrExternalUsers'),
      excludeGuestsOrExternalUsers: obj('conditionalAccessGuestsOrExternalUsers'),
    },
  },
  conditionalAccessGuestsOrExternalUsers: {
    properties: {
      guestOrExternalUserTypes: {
        kind: 'flags',
        type: 'conditionalAccessGuestOrExternalUserTypes',
        values: [
          'none',
          'internalGuest',
          'b2bCollaborationGuest',
          'b2bCollaborationMember',
          'b2bDirectConnectUser',
          'otherExternalUser',
          'serviceProvider',
          'unknownFutureValue',
        ],
      },
      externalTenants: obj('conditionalAccessExternalTenants'),
    },
  },
  conditionalAccessExternalTenants: {
    abstract: true,
    derived: ['conditionalAccessAllExternalTenants', 'conditionalAccessEnumeratedExternalTenants'],
    properties: {
      membershipKind: enumOf('conditionalAccessExternalTenantsMembershipKind', [
        'all',
        'enumerated',
        'unknownFutureValue',
      ]),
    },
  },
  conditionalAccessAllExternalTenants: { base: 'conditionalAccessExternalTenants', properties: {} },
  conditionalAccessEnumeratedExternalTenants: {
    base: 'conditionalAccessExternalTenants',
    properties: { members: strings },
  },
  conditionalAccessClientApplications: {
    properties: {
      includeServicePrincipals: strings,
      excludeServicePrincipals: strings,
      servicePrincipalFilter: obj('conditionalAccessFilter'),
      includeAgentIdServicePrincipals: beta(strings),
      excludeAgentIdServicePrincipals: beta(strings),
      agentIdServicePrincipalFilter: beta({ kind: 'any' }),
    },
  },
  conditionalAccessFilter: { properties: { mode: enumOf('filterMode', ['include', 'exclude']), rule: str } },
  conditionalAccessDevices: {
    properties: {
      deviceFilter: obj('conditionalAccessFilter'),
      includeDevices: beta(strings),
      excludeDevices: beta(strings),
      includeDeviceStates: beta(strings),
      excludeDeviceStates: beta(strings),
    },
  },
  conditionalAccessLocations: { properties: { includeLocations: strings, excludeLocations: strings } },
  conditionalAccessPlatforms: {
    properties: {
      includePlatforms: enums('conditionalAccessDevicePlatform', [
        'android',
        'iOS',
        'windows',
        'windowsPhone',
        'macOS',
        'all',
        'unknownFutureValue',
        'linux',
      ]),
      excludePlatforms: enums('conditionalAccessDevicePlatform', [
        'android',
        'iOS',
        'windows',
        'windowsPhone',
        'macOS',
        'all',
        'unknownFutureValue',
        'linux',
      ]),
    },
  },
  conditionalAccessAuthenticationFlows: {
    properties: {
      transferMethods: {
        kind: 'flags',
        type: 'conditionalAccessTransferMethods',
        values: ['none', 'deviceCodeFlow', 'authenticationTransfer', 'unknownFutureValue'],
      },
    },
  },
  conditionalAccessGrantControls: {
    properties: {
      operator: str,
      builtInControls: enums('conditionalAccessGrantControl', [
        'block',
        'mfa',
        'compliantDevice',
        'domainJoinedDevice',
        'approvedApplication',
        'compliantApplication',
        'passwordChange',
        'unknownFutureValue',
        'riskRemediation',
      ]),
      customAuthenticationFactors: strings,
      termsOfUse: strings,
      authenticationStrength: obj('authenticationStrengthPolicy'),
    },
  },
  conditionalAccessSessionControls: {
    properties: {
      applicationEnforcedRestrictions: obj('applicationEnforcedRestrictionsSessionControl'),
      cloudAppSecurity: obj('cloudAppSecuritySessionControl'),
      persistentBrowser: obj('persistentBrowserSessionControl'),
      signInFrequency: obj('signInFrequencySessionControl'),
      disableResilienceDefaults: bool,
      continuousAccessEvaluation: obj('continuousAccessEvaluationSessionControl', true),
      secureSignInSession: obj('secureSignInSessionControl', true),
      blockSensitiveActions: beta({ kind: 'any' }),
      networkAccessSecurity: beta({ kind: 'any' }),
      globalSecureAccessFilteringProfile: beta({ kind: 'any' }),
    },
  },
  applicationEnforcedRestrictionsSessionControl: { properties: { isEnabled: bool } },
  secureSignInSessionControl: { properties: { isEnabled: bool } },
  cloudAppSecuritySessionControl: {
    properties: {
      isEnabled: bool,
      cloudAppSecurityType: enumOf('cloudAppSecuritySessionControlType', [
        'mcasConfigured',
        'monitorOnly',
        'blockDownloads',
        'unknownFutureValue',
      ]),
    },
  },
  persistentBrowserSessionControl: {
    properties: { isEnabled: bool, mode: enumOf('persistentBrowserSessionMode', ['always', 'never']) },
  },
  signInFrequencySessionControl: {
    properties: {
      isEnabled: bool,
      type: enumOf('signinFrequencyType', ['days', 'hours']),
      value: int,
      authenticationType: enumOf('signInFrequencyAuthenticationType', [
        'primaryAndSecondaryAuthentication',
        'secondaryAuthentication',
        'unknownFutureValue',
      ]),
      frequencyInterval: enumOf('signInFrequencyInterval', ['timeBased', 'everyTime', 'unknownFutureValue']),
    },
  },
  continuousAccessEvaluationSessionControl: {
    properties: {
      mode: enumOf('continuousAccessEvaluationMode', [
        'strictEnforcement',
        'disabled',
        'unknownFutureValue',
        'strictLocation',
      ]),
    },
  },

  namedLocation: {
    abstract: true,
    derived: ['ipNamedLocation', 'countryNamedLocation'],
    properties: {
      id: str,
      displayName: str,
      createdDateTime: date,
      modifiedDateTime: date,
      deletedDateTime: beta(date),
    },
  },
  ipNamedLocation: {
    base: 'namedLocation',
    properties: {
      isTrusted: bool,
      ipRanges: { kind: 'collection', of: { kind: 'object', type: 'ipRange' } },
    },
  },
  countryNamedLocation: {
    base: 'namedLocation',
    properties: {
      countriesAndRegions: strings,
      includeUnknownCountriesAndRegions: bool,
      countryLookupMethod: enumOf('countryLookupMethodType', [
        'clientIpAddress',
        'authenticatorAppGps',
        'unknownFutureValue',
      ]),
    },
  },
  ipRange: { abstract: true, derived: ['iPv4CidrRange', 'iPv6CidrRange'], properties: {} },
  iPv4CidrRange: { base: 'ipRange', properties: { cidrAddress: str } },
  iPv6CidrRange: { base: 'ipRange', properties: { cidrAddress: str } },

  authenticationStrengthPolicy: {
    properties: {
      id: str,
      displayName: str,
      description: str,
      policyType: enumOf('authenticationStrengthPolicyType', ['builtIn', 'custom', 'unknownFutureValue']),
      requirementsSatisfied: enumOf('authenticationStrengthRequirements', [
        'none',
        'mfa',
        'unknownFutureValue',
      ]),
      allowedCombinations: strings,
      createdDateTime: date,
      modifiedDateTime: date,
      combinationConfigurations: {
        kind: 'collection',
        of: { kind: 'object', type: 'authenticationCombinationConfiguration' },
      },
    },
  },
  authenticationCombinationConfiguration: {
    abstract: true,
    derived: ['fido2CombinationConfiguration', 'x509CertificateCombinationConfiguration'],
    properties: { id: str, appliesToCombinations: strings },
  },
  fido2CombinationConfiguration: {
    base: 'authenticationCombinationConfiguration',
    properties: { allowedAAGUIDs: strings },
  },
  x509CertificateCombinationConfiguration: {
    base: 'authenticationCombinationConfiguration',
    properties: { allowedIssuerSkis: strings, allowedPolicyOIDs: strings, allowedIssuers: beta(strings) },
  },
};

const badRequest = (message: string): EmulatorHttpError => graphError(400, 'BadRequest', message);

function propertiesOf(type: string): Record<string, Field> {
  const def = caTypes[type];
  if (!def) return {};
  return { ...(def.base ? propertiesOf(def.base) : {}), ...def.properties };
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'StartArray';
  if (value === null) return 'PrimitiveValue';
  return typeof value === 'object' ? 'StartObject' : 'PrimitiveValue';
}

/** The derived type named by `@odata.type`, or the declared type. Throws for an abstract or unrelated type. */
function resolveType(declared: string, value: Record<string, unknown>): string {
  const annotated = value['@odata.type'];
  if (typeof annotated === 'string') {
    const name = annotated.replace(/^#?microsoft\.graph\./, '');
    const def = caTypes[declared];
    const allowed = name === declared || (def?.derived ?? []).includes(name);
    if (!allowed || !caTypes[name]) {
      throw badRequest(
        `A type named '${annotated.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
      );
    }
    if (caTypes[name]?.abstract)
      throw badRequest(`Cannot create an instance of the abstract type 'microsoft.graph.${name}'.`);
    return name;
  }
  if (caTypes[declared]?.abstract) {
    const options = (caTypes[declared]?.derived ?? []).map((d) => `'#microsoft.graph.${d}'`).join(' or ');
    throw badRequest(
      `Cannot create an instance of the abstract type 'microsoft.graph.${declared}'. Specify '@odata.type' as ${options}.`,
    );
  }
  return declared;
}

function readValue(field: FieldKind, value: unknown, name: string, version: GraphVersion): void {
  if (value === null) return;
  switch (field.kind) {
    case 'any':
      return;
    case 'string':
    case 'dateTime':
      if (typeof value !== 'string')
        throw mismatch(value, 'Edm.' + (field.kind === 'string' ? 'String' : 'DateTimeOffset'), name);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(value, 'Edm.Boolean', name);
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(value, 'Edm.Int32', name);
      return;
    case 'enum':
    case 'flags': {
      if (typeof value !== 'string') throw mismatch(value, `microsoft.graph.${field.type}`, name);
      const members = field.kind === 'flags' ? value.split(',').map((v) => v.trim()) : [value];
      for (const member of members) {
        // Graph matches enum members case-insensitively (real exports carry "All" for "all").
        if (!field.values.some((v) => v.toLowerCase() === member.toLowerCase())) {
          throw badRequest(
            `Cannot convert the literal '${value}' to the expected type 'microsoft.graph.${field.type}'.`,
          );
        }
      }
      return;
    }
    case 'collection':
      if (!Array.isArray(value))
        throw badRequest(
          `An unexpected '${jsonKind(value)}' node was found when reading from the JSON reader. A 'StartArray' node was expected.`,
        );
      for (const item of value) readValue(field.of, item, name, version);
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw badRequest(
          `An unexpected '${jsonKind(value)}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`,
        );
      }
      readObject(field.type, value as Record<string, unknown>, version);
      return;
  }
}

function mismatch(value: unknown, edmType: string, name: string): EmulatorHttpError {
  if (typeof value === 'object' && value !== null) {
    return badRequest(
      `An unexpected '${jsonKind(value)}' node was found when reading from the JSON reader. A 'PrimitiveValue' node was expected.`,
    );
  }
  return badRequest(
    `Cannot convert the literal '${String(value)}' to the expected type '${edmType}' for property '${name}'.`,
  );
}

/**
 * Reads an object of `type` (or the derived type its `@odata.type` names) and throws Graph's 400
 * for the first thing OData would refuse. Returns the resolved type name.
 */
export function readObject(type: string, value: Record<string, unknown>, version: GraphVersion): string {
  const resolved = resolveType(type, value);
  const properties = propertiesOf(resolved);
  for (const [key, propertyValue] of Object.entries(value)) {
    if (key.startsWith('#')) {
      throw badRequest(
        'A metadata reference property was found in a JSON Light request payload. Metadata reference properties are only supported in responses.',
      );
    }
    // Instance annotations (@odata.type, @odata.context …) and property annotations (x@odata.type) are allowed.
    if (key.includes('@')) continue;
    const field = properties[key];
    if (!field || (field.betaOnly && version === 'v1.0')) {
      throw badRequest(
        `The property '${key}' does not exist on type 'microsoft.graph.${resolved}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    readValue(field, propertyValue, key, version);
  }
  return resolved;
}

/** Reads a request body: it must be a JSON object of `type`. Returns the resolved type name. */
export function readBody(type: string, body: unknown, version: GraphVersion): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`Empty Payload. JSON content expected.`);
  }
  return readObject(type, body as Record<string, unknown>, version);
}

/** Removes annotations and metadata so stored objects hold only properties. */
export function withoutAnnotations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutAnnotations) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@odata.type') out[k] = v;
    else if (!k.includes('@') && !k.startsWith('#')) out[k] = withoutAnnotations(v);
  }
  return out as T;
}
