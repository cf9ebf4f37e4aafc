import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSignIn, emergencySignIn, evaluatePolicies } from './evaluator.js';
import type { DirectoryView, GraphObject, SignIn } from './types.js';

const ids = {
  bg1: '11111111-1111-1111-1111-111111111111',
  alice: '22222222-2222-2222-2222-222222222222',
  guest: '33333333-3333-3333-3333-333333333333',
  bgGroup: 'aaaaaaaa-0000-0000-0000-000000000001',
  outerGroup: 'aaaaaaaa-0000-0000-0000-000000000002',
  office: 'bbbbbbbb-0000-0000-0000-000000000001',
  countries: 'bbbbbbbb-0000-0000-0000-000000000002',
  customStrength: 'cccccccc-0000-0000-0000-000000000001',
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  exchange: '00000002-0000-0ff1-ce00-000000000000',
};

const directory: DirectoryView = {
  users: [
    { id: ids.bg1, userPrincipalName: 'bg1@contoso.onmicrosoft.com', userType: 'Member' },
    { id: ids.alice, userPrincipalName: 'alice@contoso.com', userType: 'Member' },
    { id: ids.guest, userPrincipalName: 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com', userType: 'Guest' },
  ],
  // bg1 is in the break-glass group, which is nested in an outer group.
  groups: [
    { id: ids.bgGroup, members: [ids.bg1] },
    { id: ids.outerGroup, members: [ids.bgGroup] },
  ],
  roleAssignments: [
    { id: 'ra1', roleDefinitionId: ids.globalAdmin, principalId: ids.bg1, directoryScopeId: '/' },
  ],
  roleDefinitions: [],
  namedLocations: [
    {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id: ids.office,
      isTrusted: true,
      ipRanges: [{ cidrAddress: '198.51.100.0/24' }],
    },
    {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      id: ids.countries,
      countriesAndRegions: ['BE', 'NL'],
      includeUnknownCountriesAndRegions: false,
    },
  ],
  authenticationStrengthPolicies: [
    { id: ids.customStrength, policyType: 'custom', allowedCombinations: ['windowsHelloForBusiness'] },
  ],
  authenticationMethods: {
    [ids.bg1]: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k1' }],
    [ids.alice]: [
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'p1', phoneType: 'mobile' },
    ],
  },
};

/** The base policy: everyone, every app, require MFA, enabled. Each case changes one thing. */
const base: GraphObject = {
  id: 'p-base',
  displayName: 'base',
  state: 'enabled',
  conditions: {
    users: { includeUsers: ['All'] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['all'],
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

type Patch = { conditions?: GraphObject; grantControls?: GraphObject | null; state?: string };
const policy = (patch: Patch): GraphObject => ({
  ...base,
  ...patch,
  conditions: { ...(base['conditions'] as GraphObject), ...patch.conditions },
});
const block = { operator: 'OR', builtInControls: ['block'] };

const decisionCases: Array<{ name: string; patch: Patch; user?: string; expected: 'allowed' | 'blocked' }> = [
  { name: 'MFA for all: FIDO2 satisfies it', patch: {}, expected: 'allowed' },
  { name: 'block for all users', patch: { grantControls: block }, expected: 'blocked' },
  {
    name: 'block, break-glass group excluded',
    patch: {
      grantControls: block,
      conditions: { users: { includeUsers: ['All'], excludeGroups: [ids.bgGroup] } },
    },
    expected: 'allowed',
  },
  {
    name: 'block, outer (nesting) group excluded',
    patch: {
      grantControls: block,
      conditions: { users: { includeUsers: ['All'], excludeGroups: [ids.outerGroup] } },
    },
    expected: 'allowed',
  },
  {
    name: 'block, user excluded by id',
    patch: {
      grantControls: block,
      conditions: { users: { includeUsers: ['All'], excludeUsers: [ids.bg1] } },
    },
    expected: 'allowed',
  },
  {
    name: 'block for Global Administrators (active role)',
    patch: { grantControls: block, conditions: { users: { includeRoles: [ids.globalAdmin] } } },
    expected: 'blocked',
  },
  {
    name: 'block for GA, GA role excluded',
    patch: {
      grantControls: block,
      conditions: { users: { includeUsers: ['All'], excludeRoles: [ids.globalAdmin] } },
    },
    expected: 'allowed',
  },
  {
    name: 'block for guests only',
    patch: { grantControls: block, conditions: { users: { includeUsers: ['GuestsOrExternalUsers'] } } },
    expected: 'allowed',
  },
  {
    name: 'block for guests, signing in as a guest',
    patch: {
      grantControls: block,
      conditions: {
        users: {
          includeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest',
            externalTenants: { membershipKind: 'all' },
          },
        },
      },
    },
    user: ids.guest,
    expected: 'blocked',
  },
  {
    name: 'block in report-only does not decide',
    patch: { grantControls: block, state: 'enabledForReportingButNotEnforced' },
    expected: 'allowed',
  },
  { name: 'block, disabled', patch: { grantControls: block, state: 'disabled' }, expected: 'allowed' },
  {
    name: 'block for Exchange only',
    patch: { grantControls: block, conditions: { applications: { includeApplications: [ids.exchange] } } },
    expected: 'allowed',
  },
  {
    name: 'block for admin portals',
    patch: {
      grantControls: block,
      conditions: { applications: { includeApplications: ['MicrosoftAdminPortals'] } },
    },
    expected: 'blocked',
  },
  {
    name: 'block for Azure management API covers the portal',
    patch: {
      grantControls: block,
      conditions: { applications: { includeApplications: ['797f4846-ba00-4fd7-ba43-dac1f8f63013'] } },
    },
    expected: 'blocked',
  },
  {
    name: 'block for Office365 only',
    patch: { grantControls: block, conditions: { applications: { includeApplications: ['Office365'] } } },
    expected: 'allowed',
  },
  {
    name: 'block All apps minus admin portals',
    patch: {
      grantControls: block,
      conditions: {
        applications: { includeApplications: ['All'], excludeApplications: ['MicrosoftAdminPortals'] },
      },
    },
    expected: 'allowed',
  },
  {
    name: 'block on registering security info does not fire on an app sign-in',
    patch: {
      grantControls: block,
      conditions: { applications: { includeUserActions: ['urn:user:registersecurityinfo'] } },
    },
    expected: 'allowed',
  },
  {
    name: 'block unknown platforms (Windows is excluded)',
    patch: {
      grantControls: block,
      conditions: {
        platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'macOS'] },
      },
    },
    expected: 'allowed',
  },
  {
    name: 'block on macOS only',
    patch: { grantControls: block, conditions: { platforms: { includePlatforms: ['macOS'] } } },
    expected: 'allowed',
  },
  {
    name: 'block outside trusted locations',
    patch: {
      grantControls: block,
      conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } },
    },
    expected: 'blocked',
  },
  {
    name: 'block outside allowed countries (unknown country)',
    patch: {
      grantControls: block,
      conditions: { locations: { includeLocations: ['All'], excludeLocations: [ids.countries] } },
    },
    expected: 'blocked',
  },
  {
    name: 'block inside a country list (unknown country is not inside)',
    patch: { grantControls: block, conditions: { locations: { includeLocations: [ids.countries] } } },
    expected: 'allowed',
  },
  {
    name: 'block legacy clients',
    patch: { grantControls: block, conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] } },
    expected: 'allowed',
  },
  {
    name: 'block on any sign-in risk',
    patch: { grantControls: block, conditions: { signInRiskLevels: ['low', 'medium', 'high'] } },
    expected: 'allowed',
  },
  {
    name: 'block on high user risk',
    patch: { grantControls: block, conditions: { userRiskLevels: ['high'] } },
    expected: 'allowed',
  },
  {
    name: 'block on elevated insider risk',
    patch: { grantControls: block, conditions: { insiderRiskLevels: 'elevated' } },
    expected: 'allowed',
  },
  {
    name: 'block device code flow',
    patch: {
      grantControls: block,
      conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } },
    },
    expected: 'allowed',
  },
  {
    name: 'block with negative device filter (unregistered device)',
    patch: {
      grantControls: block,
      conditions: {
        devices: {
          deviceFilter: {
            mode: 'include',
            rule: 'device.trustType -ne "AzureAD" -and device.trustType -ne "ServerAD"',
          },
        },
      },
    },
    expected: 'blocked',
  },
  {
    name: 'block with positive device filter (unregistered device)',
    patch: {
      grantControls: block,
      conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' } } },
    },
    expected: 'allowed',
  },
  {
    name: 'block except devices matching a filter',
    patch: {
      grantControls: block,
      conditions: { devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } },
    },
    expected: 'blocked',
  },
  {
    name: 'compliant device required',
    patch: { grantControls: { operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'] } },
    expected: 'blocked',
  },
  {
    name: 'compliant device OR MFA',
    patch: { grantControls: { operator: 'OR', builtInControls: ['compliantDevice', 'mfa'] } },
    expected: 'allowed',
  },
  {
    name: 'compliant device AND MFA',
    patch: { grantControls: { operator: 'AND', builtInControls: ['compliantDevice', 'mfa'] } },
    expected: 'blocked',
  },
  {
    name: 'approved client app required',
    patch: {
      grantControls: { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] },
    },
    expected: 'blocked',
  },
  {
    name: 'terms of use required',
    patch: { grantControls: { operator: 'OR', builtInControls: [], termsOfUse: ['tou-1'] } },
    expected: 'allowed',
  },
  {
    name: 'phishing-resistant strength (FIDO2 registered)',
    patch: {
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' },
      },
    },
    expected: 'allowed',
  },
  {
    name: 'phishing-resistant strength, password+SMS user',
    patch: {
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' },
      },
    },
    user: ids.alice,
    expected: 'blocked',
  },
  { name: 'MFA, password+SMS user', patch: {}, user: ids.alice, expected: 'allowed' },
  {
    name: 'custom strength allowing only WHfB',
    patch: { grantControls: { operator: 'OR', authenticationStrength: { id: ids.customStrength } } },
    expected: 'blocked',
  },
  {
    name: 'strength id that does not exist',
    patch: {
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000099' },
      },
    },
    expected: 'blocked',
  },
  { name: 'session-only policy never blocks', patch: { grantControls: null }, expected: 'allowed' },
  {
    name: 'custom control cannot be satisfied',
    patch: { grantControls: { operator: 'OR', customAuthenticationFactors: ['Duo'] } },
    expected: 'blocked',
  },
];

for (const { name, patch, user, expected } of decisionCases) {
  test(`emergency sign-in: ${name} → ${expected}`, () => {
    const decision = decideSignIn([policy(patch)], directory, emergencySignIn(user ?? ids.bg1));
    assert.equal(decision.verdict, expected);
    assert.equal(decision.deciding.length, expected === 'blocked' ? 1 : 0);
  });
}

test('block beats every grant and names only the blocking policies', () => {
  const policies = [
    {
      ...policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } }),
      id: 'device',
      displayName: 'device',
    },
    { ...policy({ grantControls: block }), id: 'blk', displayName: 'block all' },
    { ...policy({}), id: 'mfa', displayName: 'mfa' },
  ];
  const decision = decideSignIn(policies, directory, emergencySignIn(ids.bg1));
  assert.equal(decision.verdict, 'blocked');
  assert.deepEqual(decision.deciding, [{ id: 'blk', displayName: 'block all', reason: 'block' }]);
});

test('every unsatisfiable policy is named when nothing blocks', () => {
  const policies = [
    { ...policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } }), id: 'd' },
    { ...policy({ grantControls: { operator: 'OR', builtInControls: ['approvedApplication'] } }), id: 'a' },
    { ...policy({}), id: 'm' },
  ];
  const decision = decideSignIn(policies, directory, emergencySignIn(ids.bg1));
  assert.deepEqual(
    decision.deciding.map((d) => [d.id, d.reason]),
    [
      ['d', 'unsatisfiable: compliantDevice'],
      ['a', 'unsatisfiable: approvedApplication'],
    ],
  );
});

test('report-only results are reported, disabled policies are not evaluated', () => {
  const policies = [
    { ...policy({ grantControls: block, state: 'enabledForReportingButNotEnforced' }), id: 'ro-block' },
    { ...policy({ state: 'enabledForReportingButNotEnforced' }), id: 'ro-mfa' },
    {
      ...policy({
        state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['None'] } },
      }),
      id: 'ro-none',
    },
    { ...policy({ grantControls: block, state: 'disabled' }), id: 'off' },
  ];
  const decision = decideSignIn(policies, directory, emergencySignIn(ids.bg1));
  assert.equal(decision.verdict, 'allowed');
  assert.deepEqual(decision.reportOnly, [
    { id: 'ro-block', result: 'reportOnlyFailure' },
    { id: 'ro-mfa', result: 'reportOnlySuccess' },
    { id: 'ro-none', result: 'reportOnlyNotApplied' },
  ]);
  assert.deepEqual(
    decision.policies.map((p) => p.policy['id']),
    ['ro-block', 'ro-mfa', 'ro-none'],
  );
});

/** What If reasons: the emergency sign-in with one input missing or one condition failing. */
const full = emergencySignIn(ids.bg1);
const without = (key: keyof SignIn['conditions']): SignIn => {
  const conditions = { ...full.conditions };
  delete conditions[key];
  return { ...full, conditions };
};

const reasonCases: Array<{ name: string; patch: Patch; signIn: SignIn; reason: string }> = [
  { name: 'applies', patch: {}, signIn: full, reason: 'notSet' },
  {
    name: 'user not included',
    patch: { conditions: { users: { includeUsers: [ids.alice] } } },
    signIn: full,
    reason: 'users',
  },
  {
    name: 'unknown user',
    patch: {},
    signIn: { ...full, identity: { kind: 'user', userId: '99999999-9999-9999-9999-999999999999' } },
    reason: 'users',
  },
  {
    name: 'app not included',
    patch: { conditions: { applications: { includeApplications: [ids.exchange] } } },
    signIn: full,
    reason: 'application',
  },
  {
    name: 'user action vs app sign-in',
    patch: { conditions: { applications: { includeUserActions: ['urn:user:registersecurityinfo'] } } },
    signIn: full,
    reason: 'userActions',
  },
  {
    name: 'user action matches',
    patch: { conditions: { applications: { includeUserActions: ['urn:user:registersecurityinfo'] } } },
    signIn: { ...full, context: { kind: 'userAction', action: 'registerSecurityInformation' } },
    reason: 'notSet',
  },
  {
    name: 'authentication context not requested',
    patch: { conditions: { applications: { includeAuthenticationContextClassReferences: ['c1'] } } },
    signIn: full,
    reason: 'authenticationContext',
  },
  {
    name: 'authentication context requested',
    patch: { conditions: { applications: { includeAuthenticationContextClassReferences: ['c1', 'c37'] } } },
    signIn: { ...full, context: { kind: 'authenticationContext', value: 'c37' } },
    reason: 'notSet',
  },
  {
    name: 'workload-identity policy vs user',
    patch: {
      conditions: {
        users: { includeUsers: ['None'] },
        clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] },
      },
    },
    signIn: full,
    reason: 'workloadIdentities',
  },
  {
    name: 'workload-identity policy vs service principal',
    patch: {
      conditions: {
        users: { includeUsers: ['None'] },
        clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] },
      },
    },
    signIn: { ...full, identity: { kind: 'servicePrincipal', servicePrincipalId: 'sp-1' } },
    reason: 'notSet',
  },
  {
    name: 'platform excluded',
    patch: { conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: ['windows'] } } },
    signIn: full,
    reason: 'devicePlatform',
  },
  {
    name: 'platform not supplied',
    patch: { conditions: { platforms: { includePlatforms: ['all'] } } },
    signIn: without('devicePlatform'),
    reason: 'notEnoughInformation',
  },
  {
    name: 'device filter, no device info',
    patch: {
      conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' } } },
    },
    signIn: without('device'),
    reason: 'notEnoughInformation',
  },
  {
    name: 'device filter does not match',
    patch: {
      conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' } } },
    },
    signIn: full,
    reason: 'devices',
  },
  {
    name: 'device filter is malformed',
    patch: {
      conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -like "x"' } } },
    },
    signIn: full,
    reason: 'invalidCondition',
  },
  {
    name: 'client app type differs',
    patch: { conditions: { clientAppTypes: ['mobileAppsAndDesktopClients'] } },
    signIn: full,
    reason: 'clientApps',
  },
  {
    name: 'location is trusted',
    patch: { conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } } },
    signIn: { ...full, conditions: { ...full.conditions, ipAddress: '198.51.100.9' } },
    reason: 'location',
  },
  {
    name: 'country location without IP or country',
    patch: { conditions: { locations: { includeLocations: [ids.countries] } } },
    signIn: { ...full, conditions: { ...without('ipAddress').conditions, country: undefined } },
    reason: 'notEnoughInformation',
  },
  {
    name: 'sign-in risk not listed',
    patch: { conditions: { signInRiskLevels: ['high'] } },
    signIn: full,
    reason: 'signInRisk',
  },
  {
    name: 'sign-in risk not supplied',
    patch: { conditions: { signInRiskLevels: ['high'] } },
    signIn: without('signInRiskLevel'),
    reason: 'notEnoughInformation',
  },
  {
    name: 'user risk not listed',
    patch: { conditions: { userRiskLevels: ['high'] } },
    signIn: full,
    reason: 'userRisk',
  },
  {
    name: 'insider risk not listed',
    patch: { conditions: { insiderRiskLevels: 'minor,moderate,elevated' } },
    signIn: full,
    reason: 'insiderRisk',
  },
  {
    name: 'authentication flow not used',
    patch: { conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } } },
    signIn: full,
    reason: 'authenticationFlow',
  },
  {
    name: 'authentication flow used',
    patch: { conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } } },
    signIn: { ...full, conditions: { ...full.conditions, authenticationFlow: 'deviceCodeFlow' } },
    reason: 'notSet',
  },
  {
    name: 'malformed locations array is not configured',
    patch: { conditions: { locations: [] as unknown as GraphObject } },
    signIn: full,
    reason: 'notSet',
  },
  { name: 'disabled', patch: { state: 'disabled' }, signIn: full, reason: 'policyNotEnabled' },
];

for (const { name, patch, signIn, reason } of reasonCases) {
  test(`What If reason: ${name} → ${reason}`, () => {
    const [evaluation] = evaluatePolicies([policy(patch)], directory, signIn);
    assert.equal(evaluation?.reason, reason);
    assert.equal(evaluation?.applies, reason === 'notSet');
  });
}
