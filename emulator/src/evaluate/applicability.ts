/**
 * Does a policy apply to a sign-in? Each assignment and condition is a small check that answers
 * "matches", or the What If reason it does not. Unconfigured conditions match; a configured
 * condition whose input the sign-in does not supply answers `notEnoughInformation`, as the What
 * If API does. Checks run in a fixed order and the first failure is the reason.
 */
import { DeviceFilterSyntaxError, evaluateDeviceFilter, parseDeviceFilter } from './device-filter.js';
import { flags, includesCi, object, strings } from './json-values.js';
import { inNamedLocation, inTrustedLocation, type LocationMatch } from './locations.js';
import { servicePrincipalInScope, userInScope, type UserFacts } from './user-scope.js';
import {
  adminPortalApps,
  azureManagementAppId,
  azureManagementCovered,
  office365Apps,
  userActions,
} from './well-known.js';
import type { AnalysisReason, DirectoryView, GraphObject, SignIn } from './types.js';

/** What a check sees. `user` is undefined for a service-principal sign-in or an unknown user. */
export interface CheckContext {
  readonly signIn: SignIn;
  readonly directory: DirectoryView;
  readonly user: UserFacts | undefined;
}

type Check = (conditions: GraphObject, ctx: CheckContext) => AnalysisReason;

const ok: AnalysisReason = 'notSet';

/** The keywords and ids under which a requested app is targetable. */
function targetsOf(appId: string): string[] {
  const targets = [appId, 'All'];
  if (includesCi(office365Apps, appId)) targets.push('Office365');
  if (includesCi(adminPortalApps, appId)) targets.push('MicrosoftAdminPortals');
  if (includesCi(azureManagementCovered, appId)) targets.push(azureManagementAppId);
  return targets;
}

const identity: Check = (conditions, { signIn, user }) => {
  const workload = object(conditions['clientApplications']);
  const isWorkloadPolicy = workload !== undefined && strings(workload['includeServicePrincipals']).length > 0;
  if (signIn.identity.kind === 'servicePrincipal') {
    if (!isWorkloadPolicy || !workload) return 'users';
    return servicePrincipalInScope(workload, signIn.identity.servicePrincipalId) ? ok : 'workloadIdentities';
  }
  if (isWorkloadPolicy) return 'workloadIdentities';
  return user && userInScope(object(conditions['users']), user) ? ok : 'users';
};

const resource: Check = (conditions, { signIn }) => {
  const apps = object(conditions['applications']);
  const actions = strings(apps?.['includeUserActions']);
  const contexts = strings(apps?.['includeAuthenticationContextClassReferences']);
  const target = signIn.context;
  if (actions.length > 0) {
    if (target.kind !== 'userAction') return 'userActions';
    return actions.some((urn) => userActions[urn.toLowerCase()] === target.action) ? ok : 'userActions';
  }
  if (contexts.length > 0) {
    if (target.kind !== 'authenticationContext') return 'authenticationContext';
    return includesCi(contexts, target.value) ? ok : 'authenticationContext';
  }
  if (target.kind !== 'application') return 'application';
  if (target.applications.length === 0) return 'notEnoughInformation';
  const include = strings(apps?.['includeApplications']);
  const exclude = strings(apps?.['excludeApplications']);
  // applicationFilter rules read custom security attributes, which no emulated app carries:
  // an include filter adds no app and an exclude filter removes none.
  const inScope = target.applications.some((appId) => {
    const targets = targetsOf(appId);
    return (
      targets.some((t) => includesCi(include, t)) &&
      !targets.some((t) => t !== 'All' && includesCi(exclude, t))
    );
  });
  return inScope ? ok : 'application';
};

const platform: Check = (conditions, { signIn }) => {
  const platforms = object(conditions['platforms']);
  const include = strings(platforms?.['includePlatforms']);
  if (include.length === 0) return ok;
  const actual = signIn.conditions.devicePlatform;
  if (actual === undefined) return 'notEnoughInformation';
  // An unknown platform is matched only by "all" and cannot be excluded.
  if (actual === null || actual === 'all') return includesCi(include, 'all') ? ok : 'devicePlatform';
  const included = includesCi(include, 'all') || includesCi(include, actual);
  return included && !includesCi(strings(platforms?.['excludePlatforms']), actual) ? ok : 'devicePlatform';
};

const devices: Check = (conditions, { signIn }) => {
  const filter = object(object(conditions['devices'])?.['deviceFilter']);
  const rule = filter?.['rule'];
  if (typeof rule !== 'string' || rule.trim() === '') return ok;
  if (signIn.conditions.device === undefined) return 'notEnoughInformation';
  let matches: boolean;
  try {
    matches = evaluateDeviceFilter(parseDeviceFilter(rule), signIn.conditions.device);
  } catch (error) {
    if (error instanceof DeviceFilterSyntaxError) return 'invalidCondition';
    throw error;
  }
  const applies = filter?.['mode'] === 'exclude' ? !matches : matches;
  return applies ? ok : 'devices';
};

const clientApps: Check = (conditions, { signIn }) => {
  const types = strings(conditions['clientAppTypes']);
  if (types.length === 0 || includesCi(types, 'all')) return ok;
  const actual = signIn.conditions.clientAppType;
  if (actual === undefined) return 'notEnoughInformation';
  if (actual === 'all') return ok;
  const matches =
    includesCi(types, actual) || (actual === 'exchangeActiveSync' && includesCi(types, 'easSupported'));
  return matches ? ok : 'clientApps';
};

function locationMatch(ids: readonly string[], ctx: CheckContext): LocationMatch {
  const facts = ctx.signIn.conditions;
  const results = ids.map((id): LocationMatch => {
    if (id === 'All') return true;
    if (id === 'AllTrusted') return inTrustedLocation(ctx.directory.namedLocations, facts);
    const location = ctx.directory.namedLocations.find(
      (l) => String(l['id']).toLowerCase() === id.toLowerCase(),
    );
    return location ? inNamedLocation(location, facts) : false;
  });
  if (results.includes(true)) return true;
  return results.includes('unknown') ? 'unknown' : false;
}

const location: Check = (conditions, ctx) => {
  const locations = object(conditions['locations']);
  const include = strings(locations?.['includeLocations']);
  if (include.length === 0) return ok;
  const included = locationMatch(include, ctx);
  if (included === false) return 'location';
  const excluded = locationMatch(strings(locations?.['excludeLocations']), ctx);
  if (excluded === true) return 'location';
  return included === 'unknown' || excluded === 'unknown' ? 'notEnoughInformation' : ok;
};

/** A risk-level list condition: applies only when the current level is listed. */
function riskCheck(
  property: string,
  input: 'signInRiskLevel' | 'userRiskLevel' | 'insiderRiskLevel',
  reason: AnalysisReason,
): Check {
  return (conditions, { signIn }) => {
    const levels = flags(conditions[property]);
    if (levels.length === 0) return ok;
    const actual = signIn.conditions[input];
    if (actual === undefined) return 'notEnoughInformation';
    return includesCi(levels, actual) ? ok : reason;
  };
}

const authenticationFlow: Check = (conditions, { signIn }) => {
  const methods = flags(object(conditions['authenticationFlows'])?.['transferMethods']);
  if (methods.length === 0) return ok;
  const actual = signIn.conditions.authenticationFlow;
  if (actual === undefined) return 'notEnoughInformation';
  return includesCi(methods, actual) ? ok : 'authenticationFlow';
};

/** The checks, in the order their reasons are reported. */
const checks: readonly Check[] = [
  identity,
  resource,
  platform,
  devices,
  clientApps,
  location,
  riskCheck('signInRiskLevels', 'signInRiskLevel', 'signInRisk'),
  riskCheck('userRiskLevels', 'userRiskLevel', 'userRisk'),
  riskCheck('insiderRiskLevels', 'insiderRiskLevel', 'insiderRisk'),
  authenticationFlow,
];

/** `notSet` when the policy applies, else the first reason it does not. State is not considered here. */
export function applicability(policy: GraphObject, ctx: CheckContext): AnalysisReason {
  const conditions = object(policy['conditions']);
  if (!conditions) return 'invalidPolicy';
  for (const check of checks) {
    const reason = check(conditions, ctx);
    if (reason !== ok) return reason;
  }
  return ok;
}
