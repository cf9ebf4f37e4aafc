/**
 * Microsoft-defined identifiers the scenarios use: built-in directory roles, licence SKUs and
 * their service plans, fixed authentication-method ids, FIDO2 authenticator models and the
 * Graph application permissions apps hold. The same in every tenant; data only.
 */

/** A built-in directory role: its template id (also its id) and name. */
export interface BuiltInRole {
  readonly templateId: string;
  readonly displayName: string;
  readonly description: string;
}

/** Template ids of the roles the scenarios assign by name. */
export const roleIds = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
} as const;

/** The built-in role definitions a scenario tenant lists (a realistic subset of Entra's ~100). */
export const builtInRoles: readonly BuiltInRole[] = [
  {
    templateId: roleIds.globalAdministrator,
    displayName: 'Global Administrator',
    description:
      'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  },
  {
    templateId: roleIds.privilegedRoleAdministrator,
    displayName: 'Privileged Role Administrator',
    description:
      'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  },
  {
    templateId: roleIds.securityAdministrator,
    displayName: 'Security Administrator',
    description:
      'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
  },
  {
    templateId: roleIds.conditionalAccessAdministrator,
    displayName: 'Conditional Access Administrator',
    description: 'Can manage Conditional Access capabilities.',
  },
  {
    templateId: roleIds.userAdministrator,
    displayName: 'User Administrator',
    description:
      'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  },
  {
    templateId: roleIds.helpdeskAdministrator,
    displayName: 'Helpdesk Administrator',
    description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
  },
  {
    templateId: roleIds.exchangeAdministrator,
    displayName: 'Exchange Administrator',
    description: 'Can manage all aspects of the Exchange product.',
  },
  {
    templateId: roleIds.sharePointAdministrator,
    displayName: 'SharePoint Administrator',
    description: 'Can manage all aspects of the SharePoint service.',
  },
  {
    templateId: roleIds.globalReader,
    displayName: 'Global Reader',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
  },
  {
    templateId: roleIds.securityReader,
    displayName: 'Security Reader',
    description: 'Can read security information and reports in Microsoft Entra ID and Office 365.',
  },
  {
    templateId: roleIds.intuneAdministrator,
    displayName: 'Intune Administrator',
    description: 'Can manage all aspects of the Intune product.',
  },
  {
    templateId: roleIds.authenticationAdministrator,
    displayName: 'Authentication Administrator',
    description:
      'Can access to view, set and reset authentication method information for any non-admin user.',
  },
  {
    templateId: roleIds.privilegedAuthenticationAdministrator,
    displayName: 'Privileged Authentication Administrator',
    description:
      'Can access to view, set and reset authentication method information for any user (admin or non-admin).',
  },
  {
    templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
    displayName: 'Billing Administrator',
    description: 'Can perform common billing related tasks like updating payment information.',
  },
  {
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    displayName: 'Application Administrator',
    description: 'Can create and manage all aspects of app registrations and enterprise apps.',
  },
  {
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    displayName: 'Cloud Application Administrator',
    description:
      'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
  },
  {
    templateId: '966707d0-3269-4727-9be2-8c3a10f19b9d',
    displayName: 'Password Administrator',
    description: 'Can reset passwords for non-administrators and Password Administrators.',
  },
  {
    templateId: '17315797-102d-40b4-93e0-432062caca18',
    displayName: 'Compliance Administrator',
    description:
      'Can read and manage compliance configuration and reports in Microsoft Entra ID and Microsoft 365.',
  },
  {
    templateId: 'e6d1a23a-da11-4be4-9570-befc86d067a7',
    displayName: 'Compliance Data Administrator',
    description: 'Creates and manages compliance content.',
  },
  {
    templateId: '44367163-eba1-44c3-98af-f5787879f96a',
    displayName: 'Dynamics 365 Administrator',
    description: 'Can manage all aspects of the Dynamics 365 product.',
  },
  {
    templateId: '11648597-926c-4cf3-9c36-bcebb0ba8dcc',
    displayName: 'Power Platform Administrator',
    description:
      'Can create and manage all aspects of Microsoft Dynamics 365, Power Apps and Power Automate.',
  },
  {
    templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    displayName: 'Groups Administrator',
    description:
      'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.',
  },
  {
    templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf',
    displayName: 'Reports Reader',
    description: 'Can read sign-in and audit reports.',
  },
  {
    templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    displayName: 'Directory Readers',
    description:
      'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
  },
  {
    templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8',
    displayName: 'Teams Administrator',
    description: 'Can manage the Microsoft Teams service.',
  },
];

/**
 * The admin roles Microsoft's own admin policies target (the 19 roles of the Baseline Security
 * Mode "phishing-resistant MFA for admins" policy); every one is in {@link builtInRoles}.
 */
export const privilegedRoleTemplateIds: readonly string[] = [
  roleIds.globalAdministrator,
  roleIds.securityAdministrator,
  roleIds.sharePointAdministrator,
  roleIds.exchangeAdministrator,
  roleIds.conditionalAccessAdministrator,
  roleIds.helpdeskAdministrator,
  'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  roleIds.userAdministrator,
  roleIds.authenticationAdministrator,
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  '158c047a-c907-4556-b7ef-446551a6b5f7',
  '966707d0-3269-4727-9be2-8c3a10f19b9d',
  roleIds.privilegedAuthenticationAdministrator,
  roleIds.privilegedRoleAdministrator,
  '17315797-102d-40b4-93e0-432062caca18',
  'e6d1a23a-da11-4be4-9570-befc86d067a7',
  roleIds.intuneAdministrator,
  '44367163-eba1-44c3-98af-f5787879f96a',
  '11648597-926c-4cf3-9c36-bcebb0ba8dcc',
];

/** A service plan inside a SKU. */
export interface ServicePlan {
  readonly servicePlanId: string;
  readonly servicePlanName: string;
}

/** A licence SKU and the plans it carries. */
export interface Sku {
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly servicePlans: readonly ServicePlan[];
}

const plans = {
  entraP1: { servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM' },
  entraP2: { servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998', servicePlanName: 'AAD_PREMIUM_P2' },
  mfa: { servicePlanId: '8a256a2b-b617-496d-b51b-e76466e88db0', servicePlanName: 'MFA_PREMIUM' },
  cloudAppDiscovery: {
    servicePlanId: '932ad362-64a8-4783-9106-97849a1a30b9',
    servicePlanName: 'ADALLOM_S_DISCOVERY',
  },
  exchange: {
    servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
    servicePlanName: 'EXCHANGE_S_ENTERPRISE',
  },
  sharePoint: {
    servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
    servicePlanName: 'SHAREPOINTENTERPRISE',
  },
  teams: { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
  intune: { servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5', servicePlanName: 'INTUNE_A' },
} as const satisfies Record<string, ServicePlan>;

/** The SKUs the scenarios license. */
export const skus = {
  /** Microsoft Entra ID P2 (standalone). */
  entraIdP2: {
    skuId: '84a661c4-e949-4bd2-a560-ed7766fcaf2b',
    skuPartNumber: 'AAD_PREMIUM_P2',
    servicePlans: [plans.entraP1, plans.entraP2, plans.mfa, plans.cloudAppDiscovery],
  },
  /** Microsoft Entra ID P1 (standalone). */
  entraIdP1: {
    skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
    skuPartNumber: 'AAD_PREMIUM',
    servicePlans: [plans.entraP1, plans.mfa, plans.cloudAppDiscovery],
  },
  /** Microsoft 365 E5 (includes Entra ID P2). */
  microsoft365E5: {
    skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
    skuPartNumber: 'SPE_E5',
    servicePlans: [
      plans.entraP1,
      plans.entraP2,
      plans.mfa,
      plans.exchange,
      plans.sharePoint,
      plans.teams,
      plans.intune,
    ],
  },
  /** Microsoft 365 Business Premium (includes Entra ID P1). */
  businessPremium: {
    skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46',
    skuPartNumber: 'SPB',
    servicePlans: [plans.entraP1, plans.mfa, plans.exchange, plans.sharePoint, plans.teams, plans.intune],
  },
} as const satisfies Record<string, Sku>;

/** Method ids Graph fixes for every user. */
export const fixedMethodIds = {
  password: '28c10230-6103-485e-b985-444c60001490',
  mobilePhone: '3179e48a-750b-4051-897c-87b9720928f7',
  email: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f',
} as const;

/** A FIDO2 authenticator model (its AAGUID as registered in the FIDO metadata service). */
export interface Fido2Model {
  readonly aaGuid: string;
  readonly model: string;
}

/** Security-key models; two different ones back each emergency account (the backup key). */
export const fido2Models = {
  yubiKey5: { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', model: 'YubiKey 5 Series' },
  yubiKey5Nfc: { aaGuid: '2fc0579f-8113-47ea-b116-bb5a8db9202a', model: 'YubiKey 5 Series with NFC' },
  feitianEpass: {
    aaGuid: '833b721a-ff5f-4d00-bb2e-bdda3ec01e29',
    model: 'Feitian ePass FIDO2-NFC Authenticator',
  },
} as const satisfies Record<string, Fido2Model>;

/** First-party apps users sign in to in the generated sign-in logs. */
export const firstPartyApps = {
  azurePortal: { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', appDisplayName: 'Azure Portal' },
  officeHome: { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', appDisplayName: 'OfficeHome' },
  teams: { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', appDisplayName: 'Microsoft Teams' },
  office: { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', appDisplayName: 'Microsoft Office' },
  outlook: { appId: '00000002-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 Exchange Online' },
  sharePoint: {
    appId: '00000003-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 SharePoint Online',
  },
} as const;

/** Graph application permissions of an app that reads and changes everything breakglass manages. */
export const adminGraphRoles: readonly string[] = [
  'Application.Read.All',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'Domain.Read.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'Organization.Read.All',
  'Policy.Read.All',
  'Policy.Read.ConditionalAccess',
  'Policy.ReadWrite.AuthenticationMethod',
  'Policy.ReadWrite.ConditionalAccess',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
  'User.ReadWrite.All',
  'UserAuthMethod-Passkey.ReadWrite.All',
  'UserAuthenticationMethod.ReadWrite.All',
];

/** Graph application permissions of a read-only auditor: only `*.Read.All`. */
export const readOnlyGraphRoles: readonly string[] = [
  'Application.Read.All',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'Domain.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Organization.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.All',
  'User.Read.All',
  'UserAuthenticationMethod.Read.All',
];
