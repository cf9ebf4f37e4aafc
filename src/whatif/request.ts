/**
 * The What If request (`POST /identity/conditionalAccess/evaluate`, conditionalAccessRoot:
 * evaluate) for one account under a product `SignInScenario`. Pure.
 *
 * What If cannot express "unknown": a configured condition whose input the request leaves out is
 * reported as not applying (ca-semantics.md §1.10). So every input the scenario has is sent, and
 * the scenario's "an IP in no named location" becomes a concrete address that lies in none of the
 * tenant's IP ranges. Documentation addresses (RFC 5737, RFC 3849) are used because they also map
 * to no country, which is what the scenario's missing country means; the country field is then
 * left out so that What If derives it from the address.
 */
import { ipInCidr } from '../lockout/locations.js';
import type { SignInScenario } from '../lockout/scenario.js';
import type { NamedLocation } from '../lockout/directory.js';

/** `signInConditions` of the request (Graph's `signInConditions`); absent keys are not sent. */
export interface WhatIfSignInConditions {
  clientAppType: string;
  devicePlatform?: string;
  ipAddress?: string;
  country?: string;
  signInRiskLevel: string;
  userRiskLevel: string;
  insiderRiskLevel: string;
  /** `transferMethod`: `none` for an ordinary interactive sign-in. */
  authenticationFlow: { transferMethod: string };
  /** Graph's `deviceInfo`; empty for an unregistered device (every filter attribute null). */
  deviceInfo: Record<string, string | boolean | null>;
}

/** The request body of the evaluate action. */
export interface WhatIfRequest {
  signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn'; userId: string };
  signInContext: { '@odata.type': '#microsoft.graph.applicationContext'; includeApplications: string[] };
  signInConditions: WhatIfSignInConditions;
  /** Always false: the cross-check compares every policy, not only the applying ones. */
  appliedPoliciesOnly: false;
}

/** The Graph path of the action (beta: the version the product's Conditional Access reads use). */
export const WHAT_IF_PATH = '/identity/conditionalAccess/evaluate';

/** Documentation addresses tried, in order, for "an IP in no named location" (no country either). */
const DOCUMENTATION_NETWORKS: readonly ((n: number) => string)[] = [
  (n) => `192.0.2.${n}`,
  (n) => `198.51.100.${n}`,
  (n) => `203.0.113.${n}`,
  (n) => `2001:db8::${n.toString(16)}`,
];

const cidrsOf = (location: NamedLocation): string[] =>
  (Array.isArray(location.ipRanges) ? location.ipRanges : []).flatMap((range) => {
    const cidr = (range as { cidrAddress?: unknown } | null)?.cidrAddress;
    return typeof cidr === 'string' ? [cidr] : [];
  });

/**
 * An address that lies in none of the IP named locations (trusted or not), or undefined when every
 * documentation address is covered (What If will then find location conditions undecidable, and
 * the comparison says so).
 */
export function addressOutsideNamedLocations(namedLocations: readonly NamedLocation[]): string | undefined {
  const cidrs = namedLocations.flatMap(cidrsOf);
  for (const network of DOCUMENTATION_NETWORKS) {
    for (let n = 10; n < 255; n++) {
      const ip = network(n);
      if (!cidrs.some((cidr) => ipInCidr(ip, cidr))) return ip;
    }
  }
  return undefined;
}

/** Device facts as What If's `deviceInfo`. */
function deviceInfo(scenario: SignInScenario): Record<string, string | boolean | null> {
  const device = scenario.device;
  if (!device.registered) return {};
  const info: Record<string, string | boolean | null> = { ...device.attributes };
  if (device.isCompliant !== undefined) info['isCompliant'] = device.isCompliant;
  if (device.trustType !== undefined) info['trustType'] = device.trustType;
  return info;
}

/**
 * The What If request for `userId` signing in under `scenario`. `namedLocations` are the tenant's,
 * used only when the scenario leaves the IP open.
 */
export function whatIfRequest(
  scenario: SignInScenario,
  userId: string,
  namedLocations: readonly NamedLocation[],
): WhatIfRequest {
  const ipAddress = scenario.ipAddress ?? addressOutsideNamedLocations(namedLocations);
  const conditions: WhatIfSignInConditions = {
    clientAppType: scenario.clientAppType,
    signInRiskLevel: scenario.signInRisk,
    userRiskLevel: scenario.userRisk,
    insiderRiskLevel: scenario.insiderRisk,
    authenticationFlow: { transferMethod: scenario.authenticationFlow ?? 'none' },
    deviceInfo: deviceInfo(scenario),
  };
  // An unknown platform cannot be stated; leaving it out is the closest What If has.
  if (scenario.platform) conditions.devicePlatform = scenario.platform;
  if (ipAddress) conditions.ipAddress = ipAddress;
  if (scenario.country) conditions.country = scenario.country;
  return {
    signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId },
    signInContext: {
      '@odata.type': '#microsoft.graph.applicationContext',
      includeApplications: [scenario.application],
    },
    signInConditions: conditions,
    appliedPoliciesOnly: false,
  };
}
