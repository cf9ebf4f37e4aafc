/**
 * Grant controls against what the account can present in the scenario (ca-semantics.md §1.5):
 * `block` blocks; `mfa` needs any MFA method; an authentication strength needs one of its allowed
 * combinations from the account's registered methods (FIDO2 AAGUID restrictions included); device
 * and app controls need a managed device or a brokered mobile app; password change and terms of
 * use can be completed interactively. `OR` needs one control, `AND` all.
 */
import { classifyMethod } from '../checks/lib/methods.js';
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';
import type { AuthenticationMethod, AuthStrength, DirectoryIndex } from './directory.js';
import { list, object } from './policy-shape.js';
import type { SignInScenario } from './scenario.js';
import { BUILT_IN_STRENGTHS, STRENGTH_MFA } from './well-known.js';

/** What the account can present: authentication method modes plus the AAGUIDs of its FIDO2 keys. */
export interface Credentials {
  modes: Set<string>;
  fido2Aaguids: string[];
  /** Methods registered but unusable in this scenario, and why. */
  notes: string[];
  /** False when the account's methods were not collected. */
  known: boolean;
}

const methodType = (m: AuthenticationMethod): string =>
  String(m['@odata.type']).replace(/^#?microsoft\.graph\./i, '');

/** Map registered methods to the authentication-method modes strengths are written in. */
export function credentialsOf(
  methods: readonly AuthenticationMethod[] | undefined,
  scenario: SignInScenario,
): Credentials {
  const creds: Credentials = { modes: new Set(), fido2Aaguids: [], notes: [], known: methods !== undefined };
  for (const m of methods ?? []) {
    switch (methodType(m)) {
      case 'passwordAuthenticationMethod':
        creds.modes.add('password');
        break;
      case 'fido2AuthenticationMethod':
      case 'passkeyAuthenticationMethod':
        creds.modes.add('fido2');
        if (typeof m.aaGuid === 'string') creds.fido2Aaguids.push(m.aaGuid.toLowerCase());
        break;
      case 'windowsHelloForBusinessAuthenticationMethod':
        // Windows Hello lives on one registered device; a clean laptop in an emergency has none.
        if (scenario.device.registered) creds.modes.add('windowsHelloForBusiness');
        else
          creds.notes.push(
            'Windows Hello for Business is bound to its device and cannot be used on an unregistered device',
          );
        break;
      case 'x509CertificateAuthenticationMethod':
        // The same rule EA-ACC-007 uses: a certificate counts as multifactor unless it says otherwise.
        creds.modes.add(
          classifyMethod(m) === 'phishing-resistant'
            ? 'x509CertificateMultiFactor'
            : 'x509CertificateSingleFactor',
        );
        break;
      case 'microsoftAuthenticatorAuthenticationMethod':
        creds.modes.add('microsoftAuthenticatorPush');
        break;
      case 'softwareOathAuthenticationMethod':
        creds.modes.add('softwareOath');
        break;
      case 'hardwareOathAuthenticationMethod':
        creds.modes.add('hardwareOath');
        break;
      case 'phoneAuthenticationMethod':
        if (String(m.phoneType ?? 'mobile').toLowerCase() === 'mobile') creds.modes.add('sms');
        creds.modes.add('voice');
        break;
      case 'temporaryAccessPassAuthenticationMethod':
        if (m.isUsable === false) creds.notes.push('the Temporary Access Pass is no longer usable');
        else
          creds.modes.add(
            m.isUsableOnce === false ? 'temporaryAccessPassMultiUse' : 'temporaryAccessPassOneTime',
          );
        break;
      default:
        break; // email (SSPR only), platform credentials and unknown types satisfy no strength here
    }
  }
  return creds;
}

/** Resolve a strength: the tenant's policy, the expanded object on the CA policy, or a built-in. */
export function resolveStrength(
  reference: Record<string, unknown> | undefined,
  index: DirectoryIndex,
): AuthStrength | undefined {
  const id = typeof reference?.id === 'string' ? reference.id.toLowerCase() : undefined;
  if (!id) return undefined;
  const fromTenant = index.strength(id);
  if (fromTenant) return fromTenant;
  const embedded = list(reference?.allowedCombinations);
  const configs = Array.isArray(reference?.combinationConfigurations)
    ? (reference.combinationConfigurations as Record<string, unknown>[])
    : [];
  if (embedded.length > 0) {
    return {
      id,
      displayName: String(reference?.displayName ?? id),
      allowedCombinations: embedded,
      combinationConfigurations: configs,
    };
  }
  return BUILT_IN[id];
}

const BUILT_IN: Record<string, AuthStrength> = Object.fromEntries(
  Object.entries(BUILT_IN_STRENGTHS).map(([id, s]) => [
    id,
    {
      id,
      displayName: s.displayName,
      allowedCombinations: [...s.allowedCombinations],
      combinationConfigurations: [],
    },
  ]),
);

export interface StrengthResult {
  satisfied: boolean;
  /** The combination that works, or why none does. */
  text: string;
}

// Each account meets the same strength the same way in every policy: remember the answer.
const strengthCache = new WeakMap<Credentials, Map<AuthStrength, StrengthResult>>();

/** Can the credentials meet one of the strength's allowed combinations? */
export function meetsStrength(strength: AuthStrength, creds: Credentials): StrengthResult {
  let perAccount = strengthCache.get(creds);
  if (!perAccount) strengthCache.set(creds, (perAccount = new Map()));
  let result = perAccount.get(strength);
  if (!result) perAccount.set(strength, (result = computeStrength(strength, creds)));
  return result;
}

function computeStrength(strength: AuthStrength, creds: Credentials): StrengthResult {
  const restrictions = (mode: string): Record<string, unknown>[] =>
    strength.combinationConfigurations.filter((c) =>
      list(c.appliesToCombinations).some((x) => x.toLowerCase() === mode.toLowerCase()),
    );
  const usable = (mode: string): { ok: boolean; why?: string } => {
    if (!creds.modes.has(mode)) return { ok: false };
    for (const config of restrictions(mode)) {
      const type = String(config['@odata.type'] ?? '').toLowerCase();
      if (type.includes('fido2')) {
        const allowed = list(config.allowedAAGUIDs).map((a) => a.toLowerCase());
        if (allowed.length > 0 && !creds.fido2Aaguids.some((a) => allowed.includes(a))) {
          return {
            ok: false,
            why: `no registered FIDO2 key has an AAGUID allowed by "${strength.displayName}"`,
          };
        }
      } else if (type.includes('x509')) {
        return {
          ok: false,
          why: `"${strength.displayName}" restricts certificates by issuer or policy, which cannot be verified from the registered method`,
        };
      }
    }
    return { ok: true };
  };
  const reasons: string[] = [];
  for (const combination of strength.allowedCombinations) {
    const parts = combination.split(',').map((p) => p.trim());
    const results = parts.map(usable);
    if (results.every((r) => r.ok))
      return { satisfied: true, text: `${combination} meets "${strength.displayName}"` };
    for (const r of results) if (r.why && !reasons.includes(r.why)) reasons.push(r.why);
  }
  const have = creds.known ? [...creds.modes].sort().join(', ') || 'no methods' : 'methods not collected';
  // Long lists (the built-in MFA strength has 19 combinations) are summarised.
  const all = strength.allowedCombinations;
  const combinations =
    all.length <= 5 ? all.join('; ') : `${all.slice(0, 3).join('; ')} and ${all.length - 3} more`;
  return {
    satisfied: false,
    text: `none of the allowed combinations of "${strength.displayName}" (${combinations}) can be met with ${have}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
  };
}

export interface ControlResult {
  /** `mfa`, `compliantDevice`, `authenticationStrength`, `termsOfUse`, … */
  control: string;
  satisfiable: boolean;
  text: string;
}

export interface GrantResult {
  /** `none` = no grant controls (session controls only). */
  decision: 'block' | 'satisfied' | 'unsatisfiable' | 'none';
  operator: 'AND' | 'OR';
  controls: ControlResult[];
  /** Controls the account cannot meet (all of them under OR, the failing ones under AND). */
  unmet: ControlResult[];
  text: string;
}

const DEVICE_OR_APP: Record<string, (s: SignInScenario) => ControlResult> = {
  compliantDevice: (s) => ({
    control: 'compliantDevice',
    satisfiable: s.device.registered && s.device.isCompliant === true,
    text:
      s.device.registered && s.device.isCompliant
        ? 'the device is compliant'
        : 'needs an Intune-compliant device; the sign-in is from an unmanaged device',
  }),
  domainJoinedDevice: (s) => ({
    control: 'domainJoinedDevice',
    satisfiable: s.device.registered && s.device.trustType === 'ServerAD',
    text:
      s.device.trustType === 'ServerAD'
        ? 'the device is hybrid joined'
        : 'needs a hybrid-joined device; the sign-in is from an unmanaged device',
  }),
  approvedApplication: (s) => brokeredApp('approvedApplication', s),
  compliantApplication: (s) => brokeredApp('compliantApplication', s),
};

function brokeredApp(control: string, s: SignInScenario): ControlResult {
  const mobile =
    s.clientAppType === 'mobileAppsAndDesktopClients' && (s.platform === 'iOS' || s.platform === 'android');
  return {
    control,
    satisfiable: mobile,
    text: mobile
      ? 'a brokered mobile app can meet it'
      : `needs an approved/app-protected mobile app; a ${s.clientAppType} on ${s.platform ?? 'an unknown platform'} cannot`,
  };
}

/** Evaluate a policy's grant controls for an account with the given credentials. */
export function evaluateGrant(
  policy: ConditionalAccessPolicy,
  creds: Credentials,
  scenario: SignInScenario,
  index: DirectoryIndex,
): GrantResult {
  const g = object(policy.grantControls);
  const operator = String(g?.operator ?? 'OR').toUpperCase() === 'AND' ? 'AND' : 'OR';
  const builtIns = list(g?.builtInControls);
  if (builtIns.some((c) => c.toLowerCase() === 'block')) {
    return {
      decision: 'block',
      operator,
      controls: [],
      unmet: [{ control: 'block', satisfiable: false, text: 'blocks access' }],
      text: 'blocks access',
    };
  }
  const controls: ControlResult[] = [];
  for (const control of builtIns) {
    const device = DEVICE_OR_APP[control];
    if (device) controls.push(device(scenario));
    else if (control === 'mfa') {
      const r = meetsStrength(resolveStrength({ id: STRENGTH_MFA }, index)!, creds);
      controls.push({
        control,
        satisfiable: r.satisfied,
        text: r.satisfied ? `MFA: ${r.text}` : `needs MFA; ${r.text}`,
      });
    } else if (control === 'passwordChange' || control === 'riskRemediation') {
      controls.push({ control, satisfiable: true, text: `${control} can be completed interactively` });
    } else {
      controls.push({
        control,
        satisfiable: false,
        text: `unknown grant control ${control} cannot be shown to be satisfiable`,
      });
    }
  }
  const strengthRef = object(g?.authenticationStrength);
  if (strengthRef && typeof strengthRef.id === 'string') {
    const strength = resolveStrength(strengthRef, index);
    if (!strength) {
      controls.push({
        control: 'authenticationStrength',
        satisfiable: false,
        text: `authentication strength ${strengthRef.id} does not resolve; assumed unsatisfiable`,
      });
    } else {
      const r = meetsStrength(strength, creds);
      controls.push({ control: 'authenticationStrength', satisfiable: r.satisfied, text: r.text });
    }
  }
  for (const terms of list(g?.termsOfUse)) {
    controls.push({
      control: 'termsOfUse',
      satisfiable: true,
      text: `terms of use ${terms} can be accepted in the browser`,
    });
  }
  for (const custom of list(g?.customAuthenticationFactors)) {
    controls.push({
      control: 'customAuthenticationFactor',
      satisfiable: false,
      text: `custom control ${custom} depends on an external provider and cannot be shown to work`,
    });
  }
  if (controls.length === 0)
    return { decision: 'none', operator, controls, unmet: [], text: 'no grant controls' };
  const unmet = controls.filter((c) => !c.satisfiable);
  const satisfied = operator === 'OR' ? unmet.length < controls.length : unmet.length === 0;
  const shown = operator === 'OR' ? controls.find((c) => c.satisfiable) : undefined;
  return {
    decision: satisfied ? 'satisfied' : 'unsatisfiable',
    operator,
    controls,
    unmet: satisfied ? [] : unmet,
    text: satisfied
      ? (shown?.text ?? controls.map((c) => c.text).join('; '))
      : unmet.map((c) => c.text).join(operator === 'OR' ? '; nor ' : '; and '),
  };
}
