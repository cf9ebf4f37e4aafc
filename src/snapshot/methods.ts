/**
 * Authentication methods by what they are worth in an emergency, from their Graph `@odata.type`.
 * Shared by the audit (EA-ACC-007/008/009, the lockout analysis) and the planner (TAP issuance,
 * enabling the dedicated policy).
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

/** Methods that live on one person's phone or app — Microsoft asks that break-glass avoid them. */
const personTiedTypes = new Set([
  '#microsoft.graph.phoneAuthenticationMethod',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  '#microsoft.graph.softwareOathAuthenticationMethod',
]);

interface MethodLike {
  '@odata.type': string;
  [key: string]: unknown;
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
  return personTiedTypes.has(method['@odata.type']);
}

/** Whether a Temporary Access Pass method can still be used. */
export function isUsableTemporaryAccessPass(method: MethodLike): boolean {
  return (
    method['@odata.type'] === '#microsoft.graph.temporaryAccessPassAuthenticationMethod' &&
    method['isUsable'] === true
  );
}
