/**
 * Identifiers that are the same in every Entra tenant: built-in authentication strengths, the
 * application suites Conditional Access knows by keyword, and the few first-party apps the
 * emulator's scenarios sign in to. Data only; the evaluator and the Graph routes read it.
 */

/** A built-in authentication strength exactly as Graph returns it (policyType `builtIn`). */
export interface BuiltInStrength {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly allowedCombinations: readonly string[];
}

/** When Microsoft created the built-in strengths; Graph reports this fixed timestamp for all three. */
export const builtInStrengthTimestamp = '2021-12-01T08:00:00Z';

const multifactorCombinations = [
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
] as const;

/** The three built-in strengths, with the combinations Graph's own examples list for them. */
export const builtInStrengths: readonly BuiltInStrength[] = [
  {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    allowedCombinations: multifactorCombinations,
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    description:
      'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
    ],
  },
  {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    description:
      'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
];

/** Id of the built-in "Multifactor authentication" strength, which is what the `mfa` control means. */
export const multifactorStrengthId = '00000000-0000-0000-0000-000000000002';

/** Every authentication method mode a strength combination may name. */
export const authenticationMethodModes: readonly string[] = [
  'password',
  'voice',
  'hardwareOath',
  'softwareOath',
  'sms',
  'fido2',
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPush',
  'deviceBasedPush',
  'temporaryAccessPassOneTime',
  'temporaryAccessPassMultiUse',
  'email',
  'x509CertificateSingleFactor',
  'x509CertificateMultiFactor',
  'federatedSingleFactor',
  'federatedMultiFactor',
  'qrCodePin',
];

/** Azure portal (also the Entra admin center's sign-in app). */
export const azurePortalAppId = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
/** "Windows Azure Service Management API": covers ARM and the Azure portal. */
export const azureManagementAppId = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/**
 * Members of the `Office365` suite keyword the emulator knows (a subset of Microsoft's list:
 * the services a What If request is likely to name).
 */
export const office365Apps: readonly string[] = [
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
  '00000003-0000-0ff1-ce00-000000000000', // Office 365 SharePoint Online
  '00000004-0000-0ff1-ce00-000000000000', // Skype for Business Online
  'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', // Microsoft Teams Services
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Microsoft Teams
  '4765445b-32c6-49b0-83e6-1d93765276ca', // OfficeHome
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
];

/** Members of the `MicrosoftAdminPortals` keyword the emulator knows. */
export const adminPortalApps: readonly string[] = [
  azurePortalAppId,
  '00000006-0000-0ff1-ce00-000000000000', // Microsoft 365 admin center (Office 365 portal)
  '497effe9-df71-4043-a8bb-14cf78c4b63b', // Exchange admin center
];

/**
 * Requests for these apps are also requests to the Windows Azure Service Management API, so a
 * policy naming `797f4846-…` applies to them (Microsoft's cloud-apps documentation).
 */
export const azureManagementCovered: readonly string[] = [
  azurePortalAppId,
  azureManagementAppId,
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46', // Azure CLI
  '1950a258-227b-4e31-a9cf-717495945fc2', // Azure PowerShell
];

/** Application keywords a policy may include; `None` and `All` are not app ids. */
export const applicationKeywords = ['All', 'None', 'Office365', 'MicrosoftAdminPortals'] as const;

/** User-action URNs a policy may target, and the What If API's names for them. */
export const userActions: Readonly<Record<string, string>> = {
  'urn:user:registersecurityinfo': 'registerSecurityInformation',
  'urn:user:registerdevice': 'registerOrJoinDevices',
};
