/**
 * Authentication method classification by `@odata.type`, shared by the method checks and the
 * lockout analysis.
 */
import { methodTypeName, personTiedMethodCollections } from '../../snapshot/methods.js';

export type MethodClass = 'phishing-resistant' | 'person-tied' | 'other';

/** A registered method as the snapshot holds it. */
export interface MethodLike {
  '@odata.type': string;
  id?: string;
  [property: string]: unknown;
}

export { methodTypeName };

/** Phishing-resistant: FIDO2 security keys and passkeys, Windows Hello for Business, platform credentials (macOS), multifactor certificates. */
const PHISHING_RESISTANT = new Set([
  'fido2AuthenticationMethod',
  'passkeyAuthenticationMethod',
  'windowsHelloForBusinessAuthenticationMethod',
  'platformCredentialAuthenticationMethod',
  'x509CertificateAuthenticationMethod',
]);

/**
 * Tied to one person's phone or app: phone (SMS/voice), Microsoft Authenticator, software OATH
 * tokens. Defined once beside the snapshot, where the planner's removal reads it too.
 */
const PERSON_TIED = new Set<string>(Object.keys(personTiedMethodCollections));

/** True when a certificate method says it is single-factor (then it is not phishing-resistant MFA). */
function isSingleFactorCertificate(method: MethodLike): boolean {
  return Object.entries(method).some(
    ([name, value]) =>
      /mode|strength|factor/i.test(name) && typeof value === 'string' && /single/i.test(value),
  );
}

export function classifyMethod(method: MethodLike): MethodClass {
  const type = methodTypeName(method);
  if (PHISHING_RESISTANT.has(type)) {
    return type === 'x509CertificateAuthenticationMethod' && isSingleFactorCertificate(method)
      ? 'other'
      : 'phishing-resistant';
  }
  return PERSON_TIED.has(type) ? 'person-tied' : 'other';
}

/** A short description of a method for evidence: its type and display name or id. */
export function describeMethod(method: MethodLike): { type: string; id?: string; displayName?: string } {
  const displayName = typeof method['displayName'] === 'string' ? method['displayName'] : undefined;
  return {
    type: methodTypeName(method),
    ...(method.id ? { id: method.id } : {}),
    ...(displayName ? { displayName } : {}),
  };
}
