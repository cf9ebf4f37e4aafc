/**
 * A realistic Conditional Access baseline (named after the widely used CA0xx/CA1xx persona
 * scheme), as policy specs. Every scenario that has Conditional Access draws from it; what each
 * user-targeting policy excludes is a parameter, so the same baseline serves a tenant that
 * excludes the break-glass group everywhere and one that never heard of break-glass.
 */
import { privilegedRoleTemplateIds } from './microsoft.js';
import type { PolicySpec, Who } from './policies.js';

/** Built-in strength ids. */
export const strengths = {
  mfa: '00000000-0000-0000-0000-000000000002',
  passwordless: '00000000-0000-0000-0000-000000000003',
  phishingResistant: '00000000-0000-0000-0000-000000000004',
} as const;

/** Template id of one Microsoft-managed policy (seen in a real tenant export). */
export const managedRiskySignInTemplateId = '4200930c-0da2-4e33-ca01-000000000007';

/** What the baseline refers to. */
export interface BaselineRefs {
  /** What every user-targeting policy excludes; `null` = nothing (no break-glass anywhere). */
  readonly exclusion: Who | null;
  /** Named location of the allowed countries. */
  readonly allowedCountriesId: string;
}

/** Keys of the baseline policies, in the order they are listed. */
export type BaselineKey =
  | 'CA001'
  | 'CA002'
  | 'CA003'
  | 'CA004'
  | 'CA100'
  | 'CA101'
  | 'CA200'
  | 'CA201'
  | 'MS-RISKY'
  | 'CA300'
  | 'CA400'
  | 'CA500'
  | 'CA900';

/** The baseline: one spec per key. Workload-identity policies cannot exclude users and do not. */
export function baselinePolicies(refs: BaselineRefs): Record<BaselineKey, PolicySpec> {
  const exclude = (extra: Who = {}): Who => ({
    users: [...(refs.exclusion?.users ?? []), ...(extra.users ?? [])],
    groups: [...(refs.exclusion?.groups ?? []), ...(extra.groups ?? [])],
    roles: [...(refs.exclusion?.roles ?? []), ...(extra.roles ?? [])],
    guests: extra.guests ?? false,
  });
  return {
    CA001: {
      key: 'CA001',
      displayName: 'CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist',
      include: 'All',
      exclude: exclude(),
      locations: { include: ['All'], exclude: [refs.allowedCountriesId] },
      grant: { controls: ['block'] },
      createdDaysAgo: 540,
      modifiedDaysAgo: 200,
    },
    CA002: {
      key: 'CA002',
      displayName: 'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
      include: 'All',
      exclude: exclude(),
      grant: { controls: ['mfa'] },
      createdDaysAgo: 540,
      modifiedDaysAgo: 200,
    },
    CA003: {
      key: 'CA003',
      displayName: 'CA003-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-LegacyAuthentication',
      templateId: '0b2282f9-2862-4178-88b5-d79340b36cb8',
      include: 'All',
      exclude: exclude(),
      clientAppTypes: ['exchangeActiveSync', 'other'],
      grant: { controls: ['block'] },
      createdDaysAgo: 540,
      modifiedDaysAgo: 200,
    },
    CA004: {
      key: 'CA004',
      displayName: 'CA004-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-DeviceCodeFlow',
      include: 'All',
      exclude: exclude(),
      transferMethods: 'deviceCodeFlow',
      grant: { controls: ['block'] },
      createdDaysAgo: 300,
      modifiedDaysAgo: 200,
    },
    CA100: {
      key: 'CA100',
      displayName: 'CA100-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA',
      include: { roles: privilegedRoleTemplateIds },
      exclude: exclude(),
      grant: { strength: strengths.phishingResistant },
      createdDaysAgo: 420,
      modifiedDaysAgo: 200,
    },
    CA101: {
      key: 'CA101',
      displayName: 'CA101-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
      include: { roles: privilegedRoleTemplateIds },
      exclude: exclude(),
      grant: null,
      session: { signInFrequencyHours: 4, persistentBrowser: 'never' },
      createdDaysAgo: 420,
      modifiedDaysAgo: 200,
    },
    CA200: {
      key: 'CA200',
      displayName: 'CA200-Internals-DataProtection-AnyApp-WindowsMacOS-CompliantOrHybridJoined',
      include: 'All',
      exclude: exclude({ guests: true }),
      platforms: { include: ['windows', 'macOS'] },
      grant: { controls: ['compliantDevice', 'domainJoinedDevice'] },
      createdDaysAgo: 360,
      modifiedDaysAgo: 200,
    },
    CA201: {
      key: 'CA201',
      displayName: 'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-HighUserRisk-PasswordChange',
      include: 'All',
      exclude: exclude({ guests: true }),
      userRiskLevels: ['high'],
      grant: { operator: 'AND', controls: ['mfa', 'passwordChange'] },
      session: { everyTime: true },
      createdDaysAgo: 360,
      modifiedDaysAgo: 200,
    },
    'MS-RISKY': {
      key: 'MS-RISKY',
      displayName: 'Microsoft-managed: Multifactor authentication and reauthentication for risky sign-ins',
      templateId: managedRiskySignInTemplateId,
      state: 'enabledForReportingButNotEnforced',
      include: 'All',
      exclude: exclude(),
      signInRiskLevels: ['high'],
      grant: { controls: ['mfa'] },
      session: { everyTime: true },
      createdDaysAgo: 120,
      modifiedDaysAgo: 100,
    },
    CA300: {
      key: 'CA300',
      displayName: 'CA300-WorkloadIdentities-AttackSurfaceReduction-AllApps-BLOCK-UntrustedLocations',
      include: 'workloadIdentities',
      locations: { include: ['All'], exclude: ['AllTrusted'] },
      grant: { controls: ['block'] },
      createdDaysAgo: 250,
    },
    CA400: {
      key: 'CA400',
      displayName: 'CA400-Global-DataProtection-AuthContextC1-AnyPlatform-PhishingResistantMFA',
      include: 'All',
      exclude: exclude(),
      applications: { authenticationContexts: ['c1'] },
      grant: { strength: strengths.phishingResistant },
      createdDaysAgo: 180,
    },
    CA500: {
      key: 'CA500',
      displayName: 'CA500-Guests-IdentityProtection-AnyApp-AnyPlatform-MFA',
      include: { guests: true },
      exclude: exclude(),
      grant: { controls: ['mfa'] },
      createdDaysAgo: 480,
      modifiedDaysAgo: 200,
    },
    CA900: {
      key: 'CA900',
      displayName: 'CA900-Pilot-DataProtection-AnyApp-AnyPlatform-NoPersistentBrowser',
      state: 'disabled',
      include: 'All',
      exclude: exclude(),
      grant: null,
      session: { persistentBrowser: 'never' },
      createdDaysAgo: 90,
    },
  };
}
