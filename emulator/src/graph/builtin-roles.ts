/**
 * Built-in Entra directory roles the emulator knows, as data. Ids are the role templates' ids,
 * which are the same in every tenant (and double as `roleDefinition.id` for built-in roles).
 */
import type { JsonObject } from '../tenant/schema.js';

/** Template ids of the roles the product cares about. */
export const builtInRoleIds = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  groupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
} as const;

const displayNames: Record<keyof typeof builtInRoleIds, [string, string]> = {
  globalAdministrator: [
    'Global Administrator',
    'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  ],
  privilegedRoleAdministrator: [
    'Privileged Role Administrator',
    'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  ],
  privilegedAuthenticationAdministrator: [
    'Privileged Authentication Administrator',
    'Can access to view, set and reset authentication method information for any user (admin or non-admin).',
  ],
  securityAdministrator: [
    'Security Administrator',
    'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
  ],
  conditionalAccessAdministrator: [
    'Conditional Access Administrator',
    'Can manage Conditional Access capabilities.',
  ],
  authenticationAdministrator: [
    'Authentication Administrator',
    'Can access to view, set and reset authentication method information for any non-admin user.',
  ],
  userAdministrator: [
    'User Administrator',
    'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  ],
  groupsAdministrator: [
    'Groups Administrator',
    'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.',
  ],
  globalReader: [
    'Global Reader',
    'Can read everything that a Global Administrator can, but not update anything.',
  ],
  securityReader: [
    'Security Reader',
    'Can read security information and reports in Microsoft Entra ID and Office 365.',
  ],
  reportsReader: ['Reports Reader', 'Can read sign-in and audit reports.'],
  applicationAdministrator: [
    'Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps.',
  ],
  helpdeskAdministrator: [
    'Helpdesk Administrator',
    'Can reset passwords for non-administrators and Helpdesk Administrators.',
  ],
  exchangeAdministrator: ['Exchange Administrator', 'Can manage all aspects of the Exchange product.'],
  sharePointAdministrator: ['SharePoint Administrator', 'Can manage all aspects of the SharePoint service.'],
  billingAdministrator: [
    'Billing Administrator',
    'Can perform common billing related tasks like updating payment information.',
  ],
  directoryReaders: [
    'Directory Readers',
    'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
  ],
};

/** Roles that count as privileged (Graph's `isPrivileged`). */
const privileged = new Set<string>([
  builtInRoleIds.globalAdministrator,
  builtInRoleIds.privilegedRoleAdministrator,
  builtInRoleIds.privilegedAuthenticationAdministrator,
  builtInRoleIds.securityAdministrator,
  builtInRoleIds.conditionalAccessAdministrator,
  builtInRoleIds.authenticationAdministrator,
  builtInRoleIds.userAdministrator,
  builtInRoleIds.applicationAdministrator,
  builtInRoleIds.helpdeskAdministrator,
  builtInRoleIds.billingAdministrator,
]);

/** The built-in roles as Graph returns `unifiedRoleDefinition`s (without rolePermissions detail). */
export function builtInRoleDefinitions(): JsonObject[] {
  return (Object.keys(builtInRoleIds) as (keyof typeof builtInRoleIds)[]).map((key) => {
    const id = builtInRoleIds[key];
    const [displayName, description] = displayNames[key];
    return {
      id,
      description,
      displayName,
      isBuiltIn: true,
      isEnabled: true,
      isPrivileged: privileged.has(id),
      resourceScopes: ['/'],
      templateId: id,
      version: '1',
      rolePermissions: [],
    };
  });
}
