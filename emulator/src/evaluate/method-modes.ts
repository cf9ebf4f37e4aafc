/**
 * From a user's registered authentication methods to the authentication method modes an
 * authentication strength names, and whether some allowed combination can be completed.
 */
import { builtInStrengths } from './well-known.js';
import type { GraphObject } from './types.js';

/** A mode the user can present, with the FIDO2 key's AAGUID when it is one. */
export interface AvailableMode {
  readonly mode: string;
  readonly aaGuid?: string;
}

const typeName = (method: GraphObject) =>
  String(method['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');

/**
 * The modes one registered method provides. Conservative where the method's configuration is not
 * visible: Microsoft Authenticator counts as push only (phone sign-in may be off), a TAP that is
 * not usable counts for nothing.
 */
export function modesOfMethod(method: GraphObject): AvailableMode[] {
  switch (typeName(method)) {
    case 'passwordAuthenticationMethod':
      return [{ mode: 'password' }];
    case 'fido2AuthenticationMethod': {
      const aaGuid = method['aaGuid'];
      return [typeof aaGuid === 'string' ? { mode: 'fido2', aaGuid } : { mode: 'fido2' }];
    }
    case 'windowsHelloForBusinessAuthenticationMethod':
      return [{ mode: 'windowsHelloForBusiness' }];
    case 'microsoftAuthenticatorAuthenticationMethod':
      return [{ mode: 'microsoftAuthenticatorPush' }];
    case 'phoneAuthenticationMethod':
      return method['phoneType'] === 'mobile' || method['phoneType'] === undefined
        ? [{ mode: 'sms' }, { mode: 'voice' }]
        : [{ mode: 'voice' }];
    case 'softwareOathAuthenticationMethod':
      return [{ mode: 'softwareOath' }];
    case 'hardwareOathAuthenticationMethod':
      return [{ mode: 'hardwareOath' }];
    case 'temporaryAccessPassAuthenticationMethod':
      if (method['isUsable'] === false) return [];
      return [
        {
          mode:
            method['isUsableOnce'] === false ? 'temporaryAccessPassMultiUse' : 'temporaryAccessPassOneTime',
        },
      ];
    case 'x509CertificateAuthenticationMethod':
      return [{ mode: 'x509CertificateMultiFactor' }];
    case 'emailAuthenticationMethod':
      return []; // self-service password reset only; never a sign-in factor here
    default:
      return [];
  }
}

/** Every mode a user can present. Cloud users always have a password, listed or not. */
export function availableModes(methods: readonly GraphObject[] | undefined): AvailableMode[] {
  const modes = (methods ?? []).flatMap(modesOfMethod);
  if (!modes.some((m) => m.mode === 'password')) modes.push({ mode: 'password' });
  return modes;
}

/** A strength as the evaluator needs it. */
export interface StrengthDefinition {
  readonly id: string;
  readonly allowedCombinations: readonly string[];
  /** `fido2CombinationConfiguration` entries restrict FIDO2 to listed AAGUIDs. */
  readonly combinationConfigurations?: readonly GraphObject[];
}

/** Finds a strength by id among the built-ins and the tenant's custom ones. */
export function findStrength(id: string, custom: readonly GraphObject[]): StrengthDefinition | undefined {
  const wanted = id.toLowerCase();
  const builtIn = builtInStrengths.find((s) => s.id === wanted);
  if (builtIn) return builtIn;
  const found = custom.find((s) => String(s['id']).toLowerCase() === wanted);
  if (!found) return undefined;
  return {
    id: String(found['id']),
    allowedCombinations: Array.isArray(found['allowedCombinations'])
      ? found['allowedCombinations'].map(String)
      : [],
    combinationConfigurations: Array.isArray(found['combinationConfigurations'])
      ? (found['combinationConfigurations'] as GraphObject[])
      : [],
  };
}

function fido2Allowed(strength: StrengthDefinition, combination: string, mode: AvailableMode): boolean {
  for (const config of strength.combinationConfigurations ?? []) {
    if (typeName(config) !== 'fido2CombinationConfiguration') continue;
    const applies = Array.isArray(config['appliesToCombinations'])
      ? config['appliesToCombinations'].map(String)
      : [];
    if (!applies.includes(combination)) continue;
    const allowed = Array.isArray(config['allowedAAGUIDs'])
      ? config['allowedAAGUIDs'].map((g) => String(g).toLowerCase())
      : [];
    if (allowed.length > 0 && !(mode.aaGuid && allowed.includes(mode.aaGuid.toLowerCase()))) return false;
  }
  return true;
}

/** The first allowed combination the user can complete, or undefined. */
export function satisfyingCombination(
  strength: StrengthDefinition,
  modes: readonly AvailableMode[],
): string | undefined {
  return strength.allowedCombinations.find((combination) =>
    combination
      .split(',')
      .map((part) => part.trim())
      .every((part) =>
        modes.some((m) => m.mode === part && (part !== 'fido2' || fido2Allowed(strength, combination, m))),
      ),
  );
}
