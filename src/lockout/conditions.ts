/**
 * Target resources and conditions of a Conditional Access policy against one sign-in scenario
 * (ca-semantics.md §1.3, §1.4). All configured conditions are AND-ed; an unconfigured condition
 * matches. Each function returns whether it matches and a sentence saying why.
 */
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';
import { deviceAttributes, evaluateDeviceFilter, parseDeviceFilter } from './device-filter.js';
import type { DirectoryIndex } from './directory.js';
import { matchLocations, type ConditionResult } from './locations.js';
import { applicationsOf, conditionsOf, list, lower, object } from './policy-shape.js';
import type { SignInScenario } from './scenario.js';
import { APPLICATION_ALIASES } from './well-known.js';

export type { ConditionResult } from './locations.js';

const ok = (text: string, notes: string[] = []): ConditionResult => ({ matches: true, text, notes });
const no = (text: string, notes: string[] = []): ConditionResult => ({ matches: false, text, notes });
const unconfigured = (text: string): ConditionResult => ({
  matches: true,
  text,
  notes: [],
  configured: false,
});

/** Every name a policy may use that covers the scenario's application. */
function applicationNames(appId: string): string[] {
  return lower([appId, ...(APPLICATION_ALIASES[appId.toLowerCase()] ?? [])]);
}

/** Target resources: All, suites, app ids; user actions and authentication contexts never match an app sign-in. */
export function matchApplication(policy: ConditionalAccessPolicy, scenario: SignInScenario): ConditionResult {
  const a = applicationsOf(policy);
  const names = applicationNames(scenario.application);
  const include = lower(a.includeApplications);
  const exclude = lower(a.excludeApplications);
  if (include.length === 0) {
    if (a.includeUserActions.length > 0)
      return no(`targets the user action ${a.includeUserActions.join(', ')}, not an application`);
    if (a.includeAuthenticationContextClassReferences.length > 0) {
      return no(
        `targets authentication context ${a.includeAuthenticationContextClassReferences.join(', ')}, which this sign-in does not request`,
      );
    }
    return no('targets no application');
  }
  const hit = include.includes('all') ? 'All resources' : include.find((i) => names.includes(i));
  // Microsoft's own apps carry no custom security attributes, so an application filter selects none of them.
  if (!hit) return no(`does not target ${scenario.application}`);
  const excluded = exclude.find((e) => names.includes(e));
  if (excluded) return no(`excludes ${excluded}`);
  return ok(hit === 'All resources' ? 'All resources' : `resource ${hit}`);
}

function matchPlatforms(value: unknown, scenario: SignInScenario): ConditionResult {
  const p = object(value);
  const include = lower(list(p?.includePlatforms));
  const exclude = lower(list(p?.excludePlatforms));
  if (include.length === 0) return unconfigured('platforms not configured');
  const platform = scenario.platform?.toLowerCase();
  // An unknown platform is matched only by "all" and is never excluded.
  const included = include.includes('all') || (platform !== undefined && include.includes(platform));
  if (!included)
    return no(`platform ${scenario.platform ?? 'unknown'} is not included (${include.join(', ')})`);
  if (platform !== undefined && exclude.includes(platform))
    return no(`platform ${scenario.platform} is excluded`);
  return ok(
    `platform ${scenario.platform ?? 'unknown'} is included${exclude.length ? ` and not among the excluded ${exclude.join(', ')}` : ''}`,
  );
}

function matchClientApps(value: unknown, scenario: SignInScenario): ConditionResult {
  const types = lower(list(value));
  if (types.length === 0 || types.includes('all')) return unconfigured('all client apps');
  if (types.includes(scenario.clientAppType.toLowerCase())) return ok(`client app ${scenario.clientAppType}`);
  return no(`client app ${scenario.clientAppType} is not among ${types.join(', ')}`);
}

function matchRisk(name: string, value: unknown, level: string): ConditionResult {
  const levels = lower(list(value));
  if (levels.length === 0) return unconfigured(`${name} not configured`);
  return levels.includes(level.toLowerCase())
    ? ok(`${name} ${level} is listed`)
    : no(`${name} is ${level}, the policy needs ${levels.join(', ')}`);
}

function matchDeviceFilter(value: unknown, scenario: SignInScenario): ConditionResult {
  const filter = object(object(value)?.deviceFilter);
  const rule = typeof filter?.rule === 'string' ? filter.rule : undefined;
  if (!rule) return unconfigured('no device filter');
  const mode = String(filter?.mode ?? 'include').toLowerCase();
  const device = scenario.device.registered ? 'the device' : 'an unregistered device (all attributes null)';
  let matched: boolean;
  try {
    matched = evaluateDeviceFilter(parseDeviceFilter(rule), deviceAttributes(scenario.device));
  } catch (e) {
    // A rule we cannot read is assumed to leave the policy applying (never read as safe).
    return ok(`device filter not understood (${(e as Error).message}); assumed to apply`, [
      `device filter "${rule}" could not be parsed`,
    ]);
  }
  if (mode === 'exclude') {
    return matched
      ? no(`${device} matches the excluding filter ${rule}`)
      : ok(`${device} is not exempted by the filter ${rule}`);
  }
  return matched
    ? ok(`${device} matches the filter ${rule}`)
    : no(`${device} does not match the filter ${rule}`);
}

/** Deprecated `deviceStates`: exclude Compliant / DomainJoined. */
function matchDeviceStates(value: unknown, scenario: SignInScenario): ConditionResult {
  const states = object(value);
  const exclude = lower(list(states?.excludeStates));
  if (exclude.includes('compliant') && scenario.device.isCompliant)
    return no('the device is compliant (excluded state)');
  if (exclude.includes('domainjoined') && scenario.device.trustType === 'ServerAD')
    return no('the device is hybrid joined (excluded state)');
  return unconfigured('device states do not exempt the device');
}

function matchAuthenticationFlows(value: unknown, scenario: SignInScenario): ConditionResult {
  const methods = lower(list(object(value)?.transferMethods));
  if (methods.length === 0) return unconfigured('authentication flows not configured');
  const flow = scenario.authenticationFlow?.toLowerCase();
  return flow && methods.includes(flow)
    ? ok(`the sign-in uses ${scenario.authenticationFlow}`)
    : no(
        `applies only to ${methods.join(', ')}; the sign-in uses ${scenario.authenticationFlow ?? 'an ordinary interactive flow'}`,
      );
}

export interface ConditionsResult {
  matches: boolean;
  /** The first condition that does not match (the What If API's `analysisReasons`), if any. */
  failed?: { condition: string; text: string };
  /** What matched, condition by condition, for explanations. */
  matched: { condition: string; text: string }[];
  notes: string[];
}

/** Evaluate every configured condition (not users, not applications) for the scenario. */
export function matchConditions(
  policy: ConditionalAccessPolicy,
  scenario: SignInScenario,
  index: DirectoryIndex,
): ConditionsResult {
  const c = conditionsOf(policy);
  const checks: [string, () => ConditionResult][] = [
    ['clientApps', () => matchClientApps(c.clientAppTypes, scenario)],
    ['devicePlatform', () => matchPlatforms(c.platforms, scenario)],
    ['location', () => matchLocations(c.locations, scenario, index)],
    ['signInRisk', () => matchRisk('sign-in risk', c.signInRiskLevels, scenario.signInRisk)],
    ['userRisk', () => matchRisk('user risk', c.userRiskLevels, scenario.userRisk)],
    ['insiderRisk', () => matchRisk('insider risk', c.insiderRiskLevels, scenario.insiderRisk)],
    ['devices', () => matchDeviceFilter(c.devices, scenario)],
    ['deviceStates', () => matchDeviceStates(c.deviceStates, scenario)],
    ['authenticationFlow', () => matchAuthenticationFlows(c.authenticationFlows, scenario)],
  ];
  const matched: { condition: string; text: string }[] = [];
  const notes: string[] = [];
  for (const [condition, run] of checks) {
    const r = run();
    notes.push(...r.notes);
    if (!r.matches) return { matches: false, failed: { condition, text: r.text }, matched, notes };
    if (r.configured !== false) matched.push({ condition, text: r.text });
  }
  return { matches: true, matched, notes };
}
