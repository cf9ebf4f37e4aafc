/**
 * Well-known Microsoft identifiers the Conditional Access evaluator needs, as data.
 * Sources: ../shared/docs/reference/ca-semantics.md §1.3, §1.11 and api-facts.md §2.5, §2.7.
 */

/** Azure portal, Microsoft Entra admin center and Intune admin center (one first-party app id). */
export const AZURE_PORTAL_APP_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
/** "Windows Azure Service Management API": ARM, the Azure portal, Entra admin center, Azure CLI/PowerShell. */
export const AZURE_SERVICE_MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const SHAREPOINT_ONLINE_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
export const MICROSOFT_365_ADMIN_CENTER_APP_ID = '00000006-0000-0ff1-ce00-000000000000';
export const TEAMS_APP_ID = 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe';

export const GLOBAL_ADMINISTRATOR_ROLE = '62e90394-69f5-4237-9190-012177145e10';

/**
 * What a policy's application list may name that also covers a given resource: the app itself,
 * its suites (`Office365`, `MicrosoftAdminPortals`) and app ids whose targeting covers it (the
 * Service Management API covers the Azure portal). Apps not listed match only their own id and `All`.
 */
export const APPLICATION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  [AZURE_PORTAL_APP_ID]: ['MicrosoftAdminPortals', AZURE_SERVICE_MANAGEMENT_APP_ID],
  [AZURE_SERVICE_MANAGEMENT_APP_ID]: [AZURE_PORTAL_APP_ID],
  [MICROSOFT_365_ADMIN_CENTER_APP_ID]: ['MicrosoftAdminPortals'],
  [EXCHANGE_ONLINE_APP_ID]: ['Office365'],
  [SHAREPOINT_ONLINE_APP_ID]: ['Office365'],
  [TEAMS_APP_ID]: ['Office365'],
};

/** Built-in authentication strength ids (fixed across tenants). */
export const STRENGTH_MFA = '00000000-0000-0000-0000-000000000002';
export const STRENGTH_PASSWORDLESS = '00000000-0000-0000-0000-000000000003';
export const STRENGTH_PHISHING_RESISTANT = '00000000-0000-0000-0000-000000000004';

/** The built-in strengths and their allowed combinations (api-facts.md §2.7). */
export const BUILT_IN_STRENGTHS: Readonly<
  Record<string, { displayName: string; allowedCombinations: readonly string[] }>
> = {
  [STRENGTH_MFA]: {
    displayName: 'Multifactor authentication',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,x509CertificateSingleFactor',
      'password,x509CertificateMultiFactor',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  },
  [STRENGTH_PASSWORDLESS]: {
    displayName: 'Passwordless MFA',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
    ],
  },
  [STRENGTH_PHISHING_RESISTANT]: {
    displayName: 'Phishing-resistant MFA',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
};

/** Method types (authenticationMethod `@odata.type` without the namespace) that are phishing resistant. */
export const PHISHING_RESISTANT_METHOD_TYPES: readonly string[] = [
  'fido2AuthenticationMethod',
  'windowsHelloForBusinessAuthenticationMethod',
  'x509CertificateAuthenticationMethod',
];
