/**
 * Authentication methods by what they are worth in an emergency, from their Graph `@odata.type`.
 * Shared by the audit (EA-ACC-007/008/009, the lockout analysis) and the planner (TAP issuance,
 * enabling the dedicated policy, removing person-tied methods).
 */

/** The authentication-strength "combination" a method satisfies on its own, if any. */
export const methodCombination: Record<string, string> = {
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusiness',
  '#microsoft.graph.platformCredentialAuthenticationMethod': 'windowsHelloForBusiness',
  '#microsoft.graph.x509CertificateAuthenticationMethod': 'x509CertificateMultiFactor',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticatorPush',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOath',
  '#microsoft.graph.hardwareOathAuthenticationMethod': 'hardwareOath',
  '#microsoft.graph.phoneAuthenticationMethod': 'sms',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPassOneTime',
  '#microsoft.graph.passwordAuthenticationMethod': 'password',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
};

const phishingResistantTypes = new Set([
  '#microsoft.graph.fido2AuthenticationMethod',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
  '#microsoft.graph.platformCredentialAuthenticationMethod',
  '#microsoft.graph.x509CertificateAuthenticationMethod',
]);

/**
 * Methods that live on one person's phone or app — phone (SMS/voice), Microsoft Authenticator,
 * software OATH — by Graph type name, each with its collection under `/users/{id}/authentication/`
 * (where it is read and deleted). Microsoft asks that break-glass accounts avoid them. The one
 * definition shared by EA-ACC-009 (through src/checks/lib/methods.ts) and the planner's removal.
 */
export const personTiedMethodCollections = {
  phoneAuthenticationMethod: 'phoneMethods',
  microsoftAuthenticatorAuthenticationMethod: 'microsoftAuthenticatorMethods',
  softwareOathAuthenticationMethod: 'softwareOathMethods',
} as const;

/** A Graph collection that holds person-tied methods, e.g. `phoneMethods`. */
export type PersonTiedCollection =
  (typeof personTiedMethodCollections)[keyof typeof personTiedMethodCollections];

/** Type names of FIDO2 security keys and passkeys (`fido2Methods`). */
const fido2TypeNames = new Set(['fido2AuthenticationMethod', 'passkeyAuthenticationMethod']);

interface MethodLike {
  '@odata.type': string;
  [key: string]: unknown;
}

/** `#microsoft.graph.fido2AuthenticationMethod` → `fido2AuthenticationMethod`. */
export function methodTypeName(method: MethodLike): string {
  const type = method['@odata.type'];
  return type.slice(type.lastIndexOf('.') + 1);
}

/**
 * Whether a method is phishing-resistant. A certificate counts only when it is multifactor (a
 * single-factor certificate is not), which Graph does not say on the method itself: we accept an
 * x509 method unless it is marked single-factor.
 */
export function isPhishingResistant(method: MethodLike): boolean {
  if (!phishingResistantTypes.has(method['@odata.type'])) return false;
  if (method['@odata.type'] === '#microsoft.graph.x509CertificateAuthenticationMethod') {
    return method['authenticationMode'] !== 'x509CertificateSingleFactor';
  }
  return true;
}

/** Whether a method is tied to one person's device (phone, Authenticator, software OATH). */
export function isPersonTied(method: MethodLike): boolean {
  return personTiedCollection(method) !== undefined;
}

/** The collection a person-tied method is deleted from; undefined for any other method. */
export function personTiedCollection(method: MethodLike): PersonTiedCollection | undefined {
  const name = methodTypeName(method);
  return Object.hasOwn(personTiedMethodCollections, name)
    ? personTiedMethodCollections[name as keyof typeof personTiedMethodCollections]
    : undefined;
}

/** Whether a method is a registered FIDO2 security key (or passkey). */
export function isFido2Key(method: MethodLike): boolean {
  return fido2TypeNames.has(methodTypeName(method));
}

/** Whether a Temporary Access Pass method can still be used. */
export function isUsableTemporaryAccessPass(method: MethodLike): boolean {
  return (
    method['@odata.type'] === '#microsoft.graph.temporaryAccessPassAuthenticationMethod' &&
    method['isUsable'] === true
  );
}
