/**
 * The Conditional Access service's own checks on a policy, after OData has read the body
 * (conditional-access-schema.ts): required parts, keyword-or-GUID ids, references that must
 * resolve in the tenant, grant-control combinations, device filter syntax.
 *
 * Graph answers these with `400 BadRequest` and a numbered message. The numbers 1007, 1012, 1032
 * and 1054 and their wording are the ones Graph is seen to return (GitHub issues cited in
 * ca-semantics.md / api-facts.md); other messages are the emulator's and carry no number.
 */
import { DeviceFilterSyntaxError, parseDeviceFilter } from '../evaluate/device-filter.js';
import { flags, object, strings } from '../evaluate/json-values.js';
import { builtInStrengths, userActions } from '../evaluate/well-known.js';
import { graphError, type EmulatorHttpError } from '../http/errors.js';

/** What validation may look up in the tenant. Ids are compared case-insensitively. */
export interface ReferenceLookup {
  userExists(id: string): boolean;
  groupExists(id: string): boolean;
  namedLocationExists(id: string): boolean;
  /** Custom strengths; the built-in ones always exist. */
  customStrengthExists(id: string): boolean;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID string. */
export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

const fail = (message: string): EmulatorHttpError => graphError(400, 'BadRequest', message);

const schemaMismatch = () =>
  fail(
    '1007: Incoming ConditionalAccessPolicy object is null or does not match the schema of ConditionalAccessPolicy type. For examples, please see API documentation at https://docs.microsoft.com/en-us/graph/api/conditionalaccessroot-post-policies?view=graph-rest-1.0.',
  );

/** Checks one id list: each entry a listed keyword or a GUID that `exists`. */
function checkIds(
  values: readonly string[],
  keywords: readonly string[],
  exists: ((id: string) => boolean) | undefined,
  invalid: (v: string) => EmulatorHttpError,
): void {
  for (const value of values) {
    if (keywords.includes(value)) continue;
    if (!isGuid(value) || (exists && !exists(value))) throw invalid(value);
  }
}

function validateUsers(
  users: Record<string, unknown>,
  workload: Record<string, unknown> | undefined,
  refs: ReferenceLookup,
): void {
  const includes = ['includeUsers', 'includeGroups', 'includeRoles'].flatMap((k) => strings(users[k]));
  const guests = object(users['includeGuestsOrExternalUsers']);
  const servicePrincipals = strings(workload?.['includeServicePrincipals']);
  if (includes.length === 0 && !guests && servicePrincipals.length === 0) {
    throw fail(
      'Conditions.Users must include at least one user, group, role or guest/external user type (or the policy must target workload identities).',
    );
  }
  const invalidUser = (v: string) => fail(`Invalid user value: ${v}.`);
  const invalidGroup = (v: string) => fail(`1054: Invalid group value: ${v}.`);
  const invalidRole = (v: string) => fail(`Invalid role value: ${v}.`);
  checkIds(
    strings(users['includeUsers']),
    ['All', 'None', 'GuestsOrExternalUsers'],
    refs.userExists,
    invalidUser,
  );
  checkIds(strings(users['excludeUsers']), ['GuestsOrExternalUsers'], refs.userExists, invalidUser);
  checkIds(strings(users['includeGroups']), [], refs.groupExists, invalidGroup);
  checkIds(strings(users['excludeGroups']), [], refs.groupExists, invalidGroup);
  // Role template ids are fixed across tenants; the emulator checks their form only.
  checkIds(strings(users['includeRoles']), [], undefined, invalidRole);
  checkIds(strings(users['excludeRoles']), [], undefined, invalidRole);
  for (const key of ['includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers']) {
    const spec = object(users[key]);
    if (spec && flags(spec['guestOrExternalUserTypes']).length === 0)
      throw fail(`${key}.guestOrExternalUserTypes is required.`);
  }
  const invalidSp = (v: string) => fail(`Invalid service principal value: ${v}.`);
  checkIds(servicePrincipals, ['ServicePrincipalsInMyTenant'], undefined, invalidSp);
  checkIds(strings(workload?.['excludeServicePrincipals']), [], undefined, invalidSp);
}

function validateApplications(apps: Record<string, unknown>): void {
  const include = strings(apps['includeApplications']);
  const actions = strings(apps['includeUserActions']);
  const contexts = strings(apps['includeAuthenticationContextClassReferences']);
  if (
    include.length === 0 &&
    actions.length === 0 &&
    contexts.length === 0 &&
    !object(apps['applicationFilter'])
  ) {
    throw fail(
      'Conditions.Applications must include at least one application, user action or authentication context.',
    );
  }
  if (include.length > 0 && actions.length > 0) {
    throw fail(
      "1012: 'applications' condition cannot include both 'includeApplications' and 'includeUserActions'/'includeProtectionLevels'. Please remove one of the conditions.",
    );
  }
  const invalidApp = (v: string) => fail(`Invalid application value: ${v}.`);
  checkIds(include, ['All', 'None', 'Office365', 'MicrosoftAdminPortals'], undefined, invalidApp);
  checkIds(
    strings(apps['excludeApplications']),
    ['Office365', 'MicrosoftAdminPortals'],
    undefined,
    invalidApp,
  );
  for (const action of actions)
    if (!(action.toLowerCase() in userActions)) throw fail(`Invalid user action value: ${action}.`);
  for (const context of contexts)
    if (!/^c([1-9]|[1-9][0-9])$/.test(context))
      throw fail(`Invalid authentication context value: ${context}.`);
  const filter = object(apps['applicationFilter']);
  if (filter && (typeof filter['rule'] !== 'string' || !filter['mode']))
    throw fail('applicationFilter needs a mode and a rule.');
}

function validateConditions(conditions: Record<string, unknown>, refs: ReferenceLookup): void {
  const apps = object(conditions['applications']);
  const users = object(conditions['users']);
  const workload = object(conditions['clientApplications']);
  if (!apps || (!users && !workload)) throw schemaMismatch();
  validateUsers(users ?? {}, workload, refs);
  validateApplications(apps);

  const locations = object(conditions['locations']);
  if (locations) {
    const invalidLocation = (v: string) => fail(`Invalid location value: ${v}.`);
    const include = strings(locations['includeLocations']);
    if (include.length === 0 && strings(locations['excludeLocations']).length > 0)
      throw fail('Conditions.Locations.includeLocations is required when excludeLocations is set.');
    checkIds(include, ['All', 'AllTrusted'], refs.namedLocationExists, invalidLocation);
    checkIds(
      strings(locations['excludeLocations']),
      ['AllTrusted'],
      refs.namedLocationExists,
      invalidLocation,
    );
  }
  const platforms = object(conditions['platforms']);
  if (
    platforms &&
    strings(platforms['includePlatforms']).length === 0 &&
    strings(platforms['excludePlatforms']).length > 0
  ) {
    throw fail('Conditions.Platforms.includePlatforms is required when excludePlatforms is set.');
  }
  const filter = object(object(conditions['devices'])?.['deviceFilter']);
  if (filter) {
    if (filter['mode'] !== 'include' && filter['mode'] !== 'exclude')
      throw fail('Conditions.Devices.DeviceFilter.Mode must be include or exclude.');
    try {
      parseDeviceFilter(String(filter['rule'] ?? ''));
    } catch (error) {
      if (error instanceof DeviceFilterSyntaxError)
        throw fail(`Conditions.Devices.DeviceFilter.Rule is invalid: ${error.message}.`);
      throw error;
    }
  }
}

function validateGrant(
  grant: Record<string, unknown>,
  conditions: Record<string, unknown>,
  refs: ReferenceLookup,
): void {
  const operator = grant['operator'];
  const builtIn = strings(grant['builtInControls']);
  const strength = object(grant['authenticationStrength']);
  const controls =
    builtIn.length +
    strings(grant['termsOfUse']).length +
    strings(grant['customAuthenticationFactors']).length +
    (strength ? 1 : 0);
  if (controls === 0)
    throw fail(
      'GrantControls must specify at least one control (builtInControls, authenticationStrength, termsOfUse or customAuthenticationFactors).',
    );
  if (operator !== 'AND' && operator !== 'OR')
    throw fail(`Invalid grant controls operator: ${String(operator)}. Use AND or OR.`);
  if (builtIn.includes('block') && controls > 1)
    throw fail('The block control cannot be combined with other grant controls.');
  if (strength) {
    const id = typeof strength['id'] === 'string' ? strength['id'] : '';
    const known =
      builtInStrengths.some((s) => s.id === id.toLowerCase()) ||
      (isGuid(id) && refs.customStrengthExists(id));
    if (!known) throw fail(`Invalid authentication strength value: ${id || '(missing id)'}.`);
    if (builtIn.includes('mfa'))
      throw fail('The mfa control and an authentication strength cannot be required in the same policy.');
  }
  for (const terms of strings(grant['termsOfUse']))
    if (!isGuid(terms)) throw fail(`Invalid terms of use value: ${terms}.`);
  if (builtIn.includes('passwordChange')) {
    const apps = strings(object(conditions['applications'])?.['includeApplications']);
    const clientTypes = strings(conditions['clientAppTypes']);
    const ok =
      operator === 'AND' &&
      (builtIn.includes('mfa') || strength !== undefined) &&
      apps.length === 1 &&
      apps[0] === 'All' &&
      strings(object(conditions['applications'])?.['excludeApplications']).length === 0 &&
      clientTypes.every((t) => t.toLowerCase() === 'all');
    if (!ok)
      throw fail('1032: ConditionalActionPolicy validation failed due to InvalidPasswordResetControl.');
  }
}

function validateSession(session: Record<string, unknown>): void {
  const sif = object(session['signInFrequency']);
  if (sif && sif['isEnabled'] === true && sif['frequencyInterval'] !== 'everyTime') {
    const value = sif['value'];
    const max = sif['type'] === 'days' ? 365 : sif['type'] === 'hours' ? 23 : 0;
    if (max === 0) throw fail('SignInFrequency.Type must be hours or days when the frequency is time based.');
    if (typeof value !== 'number' || value < 1 || value > max)
      throw fail(`SignInFrequency.Value must be between 1 and ${max} ${String(sif['type'])}.`);
  }
}

/** Checks the parts a POST body must spell out itself (before Graph's defaults are filled in). */
export function checkRequiredParts(body: Record<string, unknown>): void {
  const conditions = object(body['conditions']);
  if (
    !conditions ||
    !object(conditions['applications']) ||
    (!object(conditions['users']) && !object(conditions['clientApplications']))
  )
    throw schemaMismatch();
}

/**
 * Validates a whole policy (a POST body, or the result of applying a PATCH). Throws Graph's 400
 * for the first problem.
 */
export function validatePolicy(policy: Record<string, unknown>, refs: ReferenceLookup): void {
  if (typeof policy['displayName'] !== 'string' || policy['displayName'].trim() === '')
    throw schemaMismatch();
  if (typeof policy['state'] !== 'string') throw schemaMismatch();
  const conditions = object(policy['conditions']);
  if (!conditions) throw schemaMismatch();
  validateConditions(conditions, refs);
  const grant = object(policy['grantControls']);
  if (grant) validateGrant(grant, conditions, refs);
  const session = object(policy['sessionControls']);
  if (session) validateSession(session);
}

/** True for a Microsoft-managed policy: only its state and exclusions may change, and it cannot be deleted. */
export function isMicrosoftManaged(policy: Record<string, unknown>): boolean {
  return (
    typeof policy['templateId'] === 'string' &&
    String(policy['displayName'] ?? '').startsWith('Microsoft-managed')
  );
}

/** Paths (under the policy) a PATCH of a Microsoft-managed policy may touch. */
const managedWritable = [
  'state',
  'conditions.users.excludeUsers',
  'conditions.users.excludeGroups',
  'conditions.users.excludeRoles',
  'conditions.users.excludeGuestsOrExternalUsers',
];

/** The leaf paths a PATCH body sets (objects recurse, arrays and scalars are leaves). */
export function patchPaths(body: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(body).flatMap(([key, value]) => {
    if (key.includes('@')) return [];
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = object(value);
    return nested && !managedWritable.includes(path) ? patchPaths(nested, path) : [path];
  });
}

/** Throws when a PATCH of a Microsoft-managed policy changes anything but state and exclusions. */
export function checkManagedPatch(body: Record<string, unknown>): void {
  const forbidden = patchPaths(body).filter((p) => !managedWritable.includes(p));
  if (forbidden.length > 0) {
    throw fail(
      `Microsoft-managed policies only allow changes to the state and the user exclusions; cannot change ${forbidden.join(', ')}.`,
    );
  }
}

/**
 * Applies a PATCH body the way Graph does for this resource: properties left out keep their
 * value, nested objects are merged, arrays (and null) replace what was there.
 */
export function mergePatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.includes('@') && key !== '@odata.type') continue;
    const nested = object(value);
    const existing = object(out[key]);
    out[key] = nested && existing ? mergePatch(existing, nested) : structuredClone(value);
  }
  return out;
}
