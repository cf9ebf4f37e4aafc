/**
 * Can the signing-in user satisfy an applying policy's grant controls? Each control is checked
 * against the user's registered methods and the sign-in (device, platform, client, flow); the
 * policy's operator combines them (`AND` = all, `OR` = any). `block` is its own outcome.
 */
import { flags, object, strings } from './json-values.js';
import { findStrength, satisfyingCombination, type AvailableMode } from './method-modes.js';
import { multifactorStrengthId } from './well-known.js';
import type { GraphObject, GrantOutcome, SignInConditions } from './types.js';

/** What a grant check sees. */
export interface GrantContext {
  readonly modes: readonly AvailableMode[];
  readonly conditions: SignInConditions;
  readonly customStrengths: readonly GraphObject[];
}

const legacyClients = ['exchangeActiveSync', 'easSupported', 'other'];

function strengthMet(id: string, ctx: GrantContext): boolean {
  const strength = findStrength(id, ctx.customStrengths);
  return strength !== undefined && satisfyingCombination(strength, ctx.modes) !== undefined;
}

/** Whether one control (a built-in control name, `authenticationStrength:<id>`, `termsOfUse:<id>`, `custom:<id>`) is satisfiable. */
export function controlSatisfiable(control: string, ctx: GrantContext): boolean {
  const { conditions } = ctx;
  // Legacy clients cannot do MFA or present device state, so only `block` means anything to them.
  if (conditions.clientAppType !== undefined && legacyClients.includes(conditions.clientAppType))
    return false;
  const device = conditions.device ?? null;
  const deviceCode = conditions.authenticationFlow === 'deviceCodeFlow';
  const [kind, id = ''] = control.split(':');
  switch (kind) {
    case 'mfa':
      return strengthMet(multifactorStrengthId, ctx);
    case 'authenticationStrength':
      return strengthMet(id, ctx);
    case 'compliantDevice':
      return !deviceCode && device?.['isCompliant'] === true;
    case 'domainJoinedDevice':
      return !deviceCode && device?.['trustType'] === 'ServerAD';
    case 'approvedApplication':
    case 'compliantApplication':
      // Brokered mobile apps only: never a desktop browser, CLI or PowerShell.
      return (
        (conditions.devicePlatform === 'iOS' || conditions.devicePlatform === 'android') &&
        conditions.clientAppType === 'mobileAppsAndDesktopClients'
      );
    case 'passwordChange':
    case 'riskRemediation':
      // Self-remediation needs an MFA-registered user.
      return strengthMet(multifactorStrengthId, ctx);
    case 'termsOfUse':
      return true;
    default:
      // Custom controls (external providers) and unknown controls: nothing here can satisfy them.
      return false;
  }
}

/** The controls of a grant, as `controlSatisfiable` names them. */
export function controlsOf(grant: GraphObject): string[] {
  const controls = strings(grant['builtInControls']).filter((c) => c !== 'block');
  const strength = object(grant['authenticationStrength']);
  if (strength && typeof strength['id'] === 'string')
    controls.push(`authenticationStrength:${strength['id']}`);
  controls.push(...strings(grant['termsOfUse']).map((t) => `termsOfUse:${t}`));
  controls.push(...flags(grant['customAuthenticationFactors']).map((c) => `custom:${c}`));
  return controls;
}

/** The outcome of a policy's grant controls for this sign-in. */
export function grantOutcome(grantControls: unknown, ctx: GrantContext): GrantOutcome {
  const grant = object(grantControls);
  if (!grant) return { kind: 'none' };
  if (strings(grant['builtInControls']).includes('block')) return { kind: 'block' };
  const controls = controlsOf(grant);
  if (controls.length === 0) return { kind: 'none' };
  const met = controls.filter((c) => controlSatisfiable(c, ctx));
  const missing = controls.filter((c) => !met.includes(c));
  const satisfied = grant['operator'] === 'AND' ? missing.length === 0 : met.length > 0;
  return satisfied ? { kind: 'satisfied', by: met } : { kind: 'unsatisfiable', missing };
}
