import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEmulator, type TestEmulator } from '../test-support.js';
import { minimalTenant } from '../tenant/minimal.js';
import type { TenantDocument } from '../tenant/schema.js';

const ids = {
  bg1: '11111111-1111-4111-8111-111111111111',
  bgGroup: 'aaaaaaaa-0000-4000-8000-000000000001',
  other: 'aaaaaaaa-0000-4000-8000-000000000002',
  managed: 'cccccccc-0000-4000-8000-000000000001',
};

function tenant(): TenantDocument {
  const doc = minimalTenant(7);
  doc.graph.users = [{ id: ids.bg1, userPrincipalName: 'bg1@contoso.onmicrosoft.com', userType: 'Member' }];
  doc.graph.groups = [
    { id: ids.bgGroup, displayName: 'CA-Persona-BreakGlassAccounts', members: [ids.bg1] },
    { id: ids.other, displayName: 'Other', members: [] },
  ];
  doc.graph.roleAssignments = [
    {
      id: 'ra-1',
      roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
      principalId: ids.bg1,
      directoryScopeId: '/',
    },
  ];
  doc.graph.authenticationMethods = {
    [ids.bg1]: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'key-1' }],
  };
  doc.graph.conditionalAccessPolicies = [
    {
      id: ids.managed,
      templateId: '4200930c-0da2-4e33-ca01-000000000007',
      displayName: 'Microsoft-managed: Phishing-resistant multifactor authentication for admins',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] },
        applications: { includeApplications: ['All'] },
      },
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' },
      },
    },
  ];
  return doc;
}

let t: TestEmulator;
let token: string;
before(async () => {
  t = await startTestEmulator({ tenant: tenant() });
  token = await t.token({ roles: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'] });
});
after(() => t.close());

const policiesPath = '/graph/v1.0/identity/conditionalAccess/policies';

/** The break-glass policy of api-facts §2.6; each validation case changes one thing. */
function goodPolicy(): Record<string, unknown> {
  return {
    displayName: 'CA000-BreakGlass-RequirePhishingResistantMFA',
    state: 'enabledForReportingButNotEnforced',
    conditions: {
      users: { includeGroups: [ids.bgGroup] },
      applications: { includeApplications: ['All'] },
      clientAppTypes: ['all'],
    },
    grantControls: {
      operator: 'OR',
      builtInControls: [],
      authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' },
    },
    sessionControls: {
      signInFrequency: {
        isEnabled: true,
        type: 'hours',
        value: 1,
        authenticationType: 'primaryAndSecondaryAuthentication',
        frequencyInterval: 'timeBased',
      },
    },
  };
}

type Edit = (p: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits arbitrary shapes

const refused: Array<{ name: string; edit: Edit; message: RegExp; version?: string }> = [
  {
    name: 'missing displayName',
    edit: (p) => delete p.displayName,
    message: /^1007: Incoming ConditionalAccessPolicy object is null/,
  },
  {
    name: 'state not in the enum',
    edit: (p) => (p.state = 'on'),
    message:
      /Cannot convert the literal 'on' to the expected type 'microsoft\.graph\.conditionalAccessPolicyState'/,
  },
  {
    name: 'unknown property',
    edit: (p) => (p.owner = 'me'),
    message: /The property 'owner' does not exist on type 'microsoft\.graph\.conditionalAccessPolicy'/,
  },
  {
    name: 'unknown nested property',
    edit: (p) => (p.conditions.users.includeMembers = []),
    message: /does not exist on type 'microsoft\.graph\.conditionalAccessUsers'/,
  },
  {
    name: 'metadata reference copied from a GET',
    edit: (p) => (p['#microsoft.graph.restore'] = { title: 'x' }),
    message: /metadata reference property was found/,
  },
  {
    name: 'array where an object belongs',
    edit: (p) => (p.conditions.locations = []),
    message: /unexpected 'StartArray' node .* 'StartObject' node was expected/,
  },
  {
    name: 'beta-only property on v1.0',
    edit: (p) => (p.sessionControls.secureSignInSession = { isEnabled: true }),
    message: /'secureSignInSession' does not exist/,
  },
  {
    name: 'placeholder group id',
    edit: (p) => (p.conditions.users.excludeGroups = ['<EmergencyAccessAccountsGroup>']),
    message: /^1054: Invalid group value: <EmergencyAccessAccountsGroup>\.$/,
  },
  {
    name: 'group that does not exist',
    edit: (p) => (p.conditions.users.excludeGroups = ['99999999-9999-4999-8999-999999999999']),
    message: /^1054: Invalid group value/,
  },
  {
    name: 'user that does not exist',
    edit: (p) => (p.conditions.users.excludeUsers = ['99999999-9999-4999-8999-999999999999']),
    message: /Invalid user value/,
  },
  {
    name: 'no user include',
    edit: (p) => (p.conditions.users = { excludeGroups: [ids.bgGroup] }),
    message: /must include at least one/,
  },
  { name: 'no applications', edit: (p) => delete p.conditions.applications, message: /^1007/ },
  {
    name: 'apps and user actions together',
    edit: (p) => (p.conditions.applications.includeUserActions = ['urn:user:registersecurityinfo']),
    message: /^1012:/,
  },
  {
    name: 'app that is neither keyword nor GUID',
    edit: (p) => (p.conditions.applications.includeApplications = ['Outlook']),
    message: /Invalid application value: Outlook/,
  },
  {
    name: 'named location that does not exist',
    edit: (p) => (p.conditions.locations = { includeLocations: ['99999999-9999-4999-8999-999999999999'] }),
    message: /Invalid location value/,
  },
  {
    name: 'unknown authentication strength',
    edit: (p) => (p.grantControls.authenticationStrength = { id: '00000000-0000-0000-0000-000000000099' }),
    message: /Invalid authentication strength value/,
  },
  {
    name: 'mfa together with a strength',
    edit: (p) => (p.grantControls.builtInControls = ['mfa']),
    message: /cannot be required in the same policy/,
  },
  {
    name: 'operator missing',
    edit: (p) => delete p.grantControls.operator,
    message: /Invalid grant controls operator/,
  },
  {
    name: 'unknown grant control',
    edit: (p) => (p.grantControls.builtInControls = ['fingerprint']),
    message: /microsoft\.graph\.conditionalAccessGrantControl/,
  },
  {
    name: 'passwordChange without mfa',
    edit: (p) => (p.grantControls = { operator: 'OR', builtInControls: ['passwordChange'] }),
    message: /^1032: ConditionalActionPolicy validation failed due to InvalidPasswordResetControl\.$/,
  },
  {
    name: 'malformed device filter',
    edit: (p) =>
      (p.conditions.devices = { deviceFilter: { mode: 'include', rule: 'device.trustType -like "x"' } }),
    message: /DeviceFilter\.Rule is invalid/,
  },
  {
    name: 'sign-in frequency of 0 hours',
    edit: (p) => (p.sessionControls.signInFrequency.value = 0),
    message: /SignInFrequency\.Value/,
  },
];

for (const { name, edit, message, version } of refused) {
  test(`POST policy refused: ${name}`, async () => {
    const body = goodPolicy();
    edit(body);
    const res = await t.call('POST', policiesPath.replace('v1.0', version ?? 'v1.0'), { token, body });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'BadRequest');
    assert.match(res.body.error.message, message);
  });
}

test('POST policy: created with Graph defaults, strength expanded on read, beta property accepted on beta', async () => {
  const res = await t.call('POST', policiesPath, { token, body: goodPolicy() });
  assert.equal(res.status, 201, res.text);
  const created = res.body;
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal(created.conditions.users.excludeUsers.length, 0);
  assert.deepEqual(created.conditions.signInRiskLevels, []);
  assert.equal(created.grantControls.authenticationStrength.displayName, 'Phishing-resistant MFA');
  assert.deepEqual(created.grantControls.authenticationStrength.allowedCombinations, [
    'windowsHelloForBusiness',
    'fido2',
    'x509CertificateMultiFactor',
  ]);
  const read = await t.call('GET', `${policiesPath}/${created.id}`, { token });
  assert.equal(read.status, 200);
  assert.equal(read.body.displayName, 'CA000-BreakGlass-RequirePhishingResistantMFA');
  const beta = goodPolicy();
  (beta['sessionControls'] as Record<string, unknown>)['secureSignInSession'] = { isEnabled: true };
  beta['displayName'] = 'beta policy';
  const betaRes = await t.call('POST', policiesPath.replace('v1.0', 'beta'), { token, body: beta });
  assert.equal(betaRes.status, 201, betaRes.text);
});

test('PATCH policy: omitted properties kept, arrays replaced wholesale, modifiedDateTime moves', async () => {
  const body = goodPolicy();
  body['displayName'] = 'patch target';
  (body['conditions'] as Record<string, Record<string, unknown>>)['users'] = {
    includeUsers: ['All'],
    excludeGroups: [ids.bgGroup, ids.other],
  };
  const created = (await t.call('POST', policiesPath, { token, body })).body;
  t.emulator.state.clock.advance(5);
  const res = await t.call('PATCH', `${policiesPath}/${created.id}`, {
    token,
    body: { conditions: { users: { excludeGroups: [ids.bgGroup] } } },
  });
  assert.equal(res.status, 204, res.text);
  const read = (await t.call('GET', `${policiesPath}/${created.id}`, { token })).body;
  assert.deepEqual(read.conditions.users.excludeGroups, [ids.bgGroup]);
  assert.deepEqual(read.conditions.users.includeUsers, ['All']);
  assert.deepEqual(read.conditions.applications.includeApplications, ['All']);
  assert.equal(read.displayName, 'patch target');
  assert.notEqual(read.modifiedDateTime, created.modifiedDateTime);
  assert.equal(read.createdDateTime, created.createdDateTime);
  const bad = await t.call('PATCH', `${policiesPath}/${created.id}`, {
    token,
    body: { conditions: { users: { excludeGroups: ['not-a-guid'] } } },
  });
  assert.equal(bad.status, 400);
  const unchanged = (await t.call('GET', `${policiesPath}/${created.id}`, { token })).body;
  assert.deepEqual(unchanged.conditions.users.excludeGroups, [ids.bgGroup]);
});

test('Microsoft-managed policy: exclusions and state may change, nothing else, and it cannot be deleted', async () => {
  const path = `${policiesPath}/${ids.managed}`;
  assert.equal(
    (
      await t.call('PATCH', path, {
        token,
        body: { conditions: { users: { excludeGroups: [ids.bgGroup] } } },
      })
    ).status,
    204,
  );
  assert.equal((await t.call('PATCH', path, { token, body: { state: 'disabled' } })).status, 204);
  const rename = await t.call('PATCH', path, { token, body: { displayName: 'mine now' } });
  assert.equal(rename.status, 400);
  assert.match(rename.body.error.message, /only allow changes to the state and the user exclusions/);
  assert.equal((await t.call('DELETE', path, { token })).status, 400);
  const read = (await t.call('GET', path, { token })).body;
  assert.deepEqual(read.conditions.users.excludeGroups, [ids.bgGroup]);
  assert.equal(read.state, 'disabled');
});

test('CA write limit: the second write within a second is a 429 without Retry-After', async () => {
  t.emulator.state.setFaults({ caWriteLimit: 1 });
  try {
    t.emulator.state.clock.advance(2);
    const first = await t.call('POST', policiesPath, {
      token,
      body: { ...goodPolicy(), displayName: 'limit 1' },
    });
    const second = await t.call('POST', policiesPath, {
      token,
      body: { ...goodPolicy(), displayName: 'limit 2' },
    });
    assert.equal(first.status, 201);
    assert.equal(second.status, 429);
    assert.equal(second.headers['retry-after'], undefined);
    t.emulator.state.clock.advance(1.1);
    assert.equal(
      (await t.call('POST', policiesPath, { token, body: { ...goodPolicy(), displayName: 'limit 3' } }))
        .status,
      201,
    );
  } finally {
    t.emulator.state.setFaults({ caWriteLimit: 0 });
  }
});

test('list: $filter by displayName and paging with $top', async () => {
  const filtered = await t.call(
    'GET',
    `${policiesPath}?$filter=${encodeURIComponent("displayName eq 'patch target'")}`,
    { token },
  );
  assert.equal(filtered.status, 200, filtered.text);
  assert.equal(filtered.body.value.length, 1);
  const page = await t.call('GET', `${policiesPath}?$top=1`, { token });
  assert.equal(page.body.value.length, 1);
  assert.ok(page.body['@odata.nextLink']);
  const next = await t.call('GET', String(page.body['@odata.nextLink']).replace(t.emulator.url, ''), {
    token,
  });
  assert.equal(next.status, 200);
  assert.notEqual(next.body.value[0].id, page.body.value[0].id);
});

test('DELETE policy, then 404', async () => {
  const created = (
    await t.call('POST', policiesPath, { token, body: { ...goodPolicy(), displayName: 'to delete' } })
  ).body;
  assert.equal((await t.call('DELETE', `${policiesPath}/${created.id}`, { token })).status, 204);
  const gone = await t.call('GET', `${policiesPath}/${created.id}`, { token });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, 'Request_ResourceNotFound');
});

test('a token without Policy permissions is refused', async () => {
  const weak = await t.token({ roles: ['User.Read.All'] });
  assert.equal((await t.call('GET', policiesPath, { token: weak })).status, 403);
});

const locationsPath = '/graph/v1.0/identity/conditionalAccess/namedLocations';

test('named locations: IP and country created, malformed ones refused, one in use cannot be deleted', async () => {
  const ip = await t.call('POST', locationsPath, {
    token,
    body: {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'Office',
      isTrusted: true,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' }],
    },
  });
  assert.equal(ip.status, 201, ip.text);
  assert.equal(ip.body['@odata.type'], '#microsoft.graph.ipNamedLocation');
  const country = await t.call('POST', locationsPath, {
    token,
    body: {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'Benelux',
      countriesAndRegions: ['BE', 'NL', 'LU'],
    },
  });
  assert.equal(country.status, 201, country.text);
  assert.equal(country.body.includeUnknownCountriesAndRegions, false);
  for (const body of [
    { displayName: 'no type', countriesAndRegions: ['BE'] },
    {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'wide',
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' }],
    },
    {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'bad',
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '300.1.1.1/24' }],
    },
    {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'lower',
      countriesAndRegions: ['be'],
    },
    {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'NL003',
      locationType: 'countryNamedLocation',
      countriesAndRegions: ['RU'],
    },
  ]) {
    const res = await t.call('POST', locationsPath, { token, body });
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
  }
  const policy = goodPolicy();
  policy['displayName'] = 'uses location';
  (policy['conditions'] as Record<string, unknown>)['locations'] = {
    includeLocations: ['All'],
    excludeLocations: [country.body.id],
  };
  assert.equal((await t.call('POST', policiesPath, { token, body: policy })).status, 201);
  const del = await t.call('DELETE', `${locationsPath}/${country.body.id}`, { token });
  assert.equal(del.status, 400);
  assert.equal((await t.call('DELETE', `${locationsPath}/${ip.body.id}`, { token })).status, 204);
  const patched = await t.call('PATCH', `${locationsPath}/${country.body.id}`, {
    token,
    body: { '@odata.type': '#microsoft.graph.countryNamedLocation', countriesAndRegions: ['BE'] },
  });
  assert.equal(patched.status, 204, patched.text);
  assert.deepEqual(
    (await t.call('GET', `${locationsPath}/${country.body.id}`, { token })).body.countriesAndRegions,
    ['BE'],
  );
});

test('authentication strengths: three built-ins at both paths, custom CRUD, built-ins read-only', async () => {
  for (const path of [
    '/graph/v1.0/policies/authenticationStrengthPolicies',
    '/graph/beta/identity/conditionalAccess/authenticationStrength/policies',
  ]) {
    const list = await t.call('GET', path, { token });
    assert.equal(list.status, 200, list.text);
    const builtIn = list.body.value
      .filter((s: { policyType: string }) => s.policyType === 'builtIn')
      .map((s: { id: string; displayName: string }) => [s.id, s.displayName]);
    assert.deepEqual(builtIn, [
      ['00000000-0000-0000-0000-000000000002', 'Multifactor authentication'],
      ['00000000-0000-0000-0000-000000000003', 'Passwordless MFA'],
      ['00000000-0000-0000-0000-000000000004', 'Phishing-resistant MFA'],
    ]);
  }
  const base = '/graph/v1.0/policies/authenticationStrengthPolicies';
  const created = await t.call('POST', base, {
    token,
    body: { displayName: 'FIDO2 only', allowedCombinations: ['fido2'] },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.policyType, 'custom');
  assert.equal(
    (
      await t.call('POST', base, {
        token,
        body: { displayName: 'bad', allowedCombinations: ['password,retina'] },
      })
    ).status,
    400,
  );
  assert.equal(
    (
      await t.call('PATCH', `${base}/00000000-0000-0000-0000-000000000004`, {
        token,
        body: { displayName: 'x' },
      })
    ).status,
    400,
  );
  assert.equal(
    (await t.call('PATCH', `${base}/${created.body.id}`, { token, body: { description: 'keys only' } }))
      .status,
    204,
  );
  const policy = goodPolicy();
  policy['displayName'] = 'custom strength user';
  (policy['grantControls'] as Record<string, unknown>)['authenticationStrength'] = { id: created.body.id };
  assert.equal((await t.call('POST', policiesPath, { token, body: policy })).status, 201);
  assert.equal((await t.call('DELETE', `${base}/${created.body.id}`, { token })).status, 400, 'in use');
});

test('What If: the emergency sign-in of bg1, with only applying policies and with all', async () => {
  const request = {
    signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: ids.bg1 },
    signInContext: {
      '@odata.type': '#microsoft.graph.applicationContext',
      includeApplications: ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
    },
    signInConditions: {
      devicePlatform: 'windows',
      clientAppType: 'browser',
      signInRiskLevel: 'none',
      userRiskLevel: 'none',
      ipAddress: '203.0.113.7',
      deviceInfo: {},
    },
    appliedPoliciesOnly: true,
  };
  const res = await t.call('POST', '/graph/beta/identity/conditionalAccess/evaluate', {
    token,
    body: request,
  });
  assert.equal(res.status, 200, res.text);
  assert.match(res.body['@odata.context'], /Collection\(microsoft\.graph\.whatIfAnalysisResult\)$/);
  assert.ok(res.body.value.length > 0);
  for (const item of res.body.value) {
    assert.equal(item.policyApplies, true);
    assert.equal(item.analysisReasons, 'notSet');
  }
  assert.ok(
    res.body.value.some(
      (p: { displayName: string }) => p.displayName === 'CA000-BreakGlass-RequirePhishingResistantMFA',
    ),
  );
  const all = await t.call('POST', '/graph/v1.0/identity/conditionalAccess/evaluate', {
    token,
    body: { ...request, appliedPoliciesOnly: false },
  });
  assert.ok(all.body.value.length > res.body.value.length);
  const excluded = all.body.value.find((p: { id: string }) => p.id === ids.managed);
  assert.deepEqual([excluded.policyApplies, excluded.analysisReasons], [false, 'policyNotEnabled']);
  const suite = await t.call('POST', '/graph/v1.0/identity/conditionalAccess/evaluate', {
    token,
    body: {
      ...request,
      signInContext: {
        '@odata.type': '#microsoft.graph.applicationContext',
        includeApplications: ['Office365'],
      },
    },
  });
  assert.equal(suite.status, 400);
});
