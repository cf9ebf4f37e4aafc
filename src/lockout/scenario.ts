/**
 * A sign-in the evaluator judges: who, to what, from where, on what device, with which risk.
 * The default is the emergency scenario of ../shared/spec/checks.md: an interactive browser
 * sign-in to the Azure portal from an IP in no named location, on an unregistered Windows device,
 * with no risk.
 */
import { AZURE_PORTAL_APP_ID } from './well-known.js';

export type ClientAppType = 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export type DevicePlatform = 'android' | 'iOS' | 'windows' | 'windowsPhone' | 'macOS' | 'linux';
export type RiskLevel = 'none' | 'low' | 'medium' | 'high';
export type InsiderRiskLevel = 'none' | 'minor' | 'moderate' | 'elevated';

/** Device facts. An unregistered device has no attributes at all (every filter attribute is null). */
export interface DeviceFacts {
  registered: boolean;
  isCompliant?: boolean;
  /** `AzureAD` (Entra joined), `ServerAD` (hybrid joined), `Workplace` (registered). */
  trustType?: string;
  /** Further device-filter attributes (`deviceId`, `displayName`, `model`, `extensionAttribute1`, …). */
  attributes?: Record<string, string | boolean | null>;
}

export interface SignInScenario {
  /** A short name shown in explanations. */
  name: string;
  /** The resource (application id) the sign-in asks a token for. */
  application: string;
  clientAppType: ClientAppType;
  /** From the user agent; `undefined` = a platform Conditional Access does not recognise. */
  platform?: DevicePlatform;
  /** Source IP; `undefined` = an IP that is in no IP named location. */
  ipAddress?: string;
  /** ISO country of the IP; `undefined` = the IP maps to no country. */
  country?: string;
  device: DeviceFacts;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  insiderRisk: InsiderRiskLevel;
  /** `deviceCodeFlow` / `authenticationTransfer`, or `undefined` for an ordinary interactive sign-in. */
  authenticationFlow?: 'deviceCodeFlow' | 'authenticationTransfer';
}

/** The worst realistic emergency (checks.md "The emergency sign-in scenario"). */
export function emergencyScenario(): SignInScenario {
  return {
    name: 'emergency sign-in: browser, Azure portal, unregistered Windows device, untrusted IP, no risk',
    application: AZURE_PORTAL_APP_ID,
    clientAppType: 'browser',
    platform: 'windows',
    device: { registered: false },
    signInRisk: 'none',
    userRisk: 'none',
    insiderRisk: 'none',
  };
}
