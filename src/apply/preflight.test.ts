import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preflight, grantedAccessOf } from './preflight.js';
import { buildPlan } from '../plan/plan.js';
import { configSchema } from '../config/schema.js';
import { healthyTenant, ids } from '../../test/fixtures/tenant.js';

const now = new Date('2026-11-27T12:00:00Z');
const config = configSchema.parse({
  accounts: { usageLocation: 'NL' },
  monitoring: { actionGroup: { emails: ['soc@contoso.com'] } },
});
const all = [
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'UserAuthenticationMethod.ReadWrite.All',
  'Directory.Read.All',
];

function driftedPlan() {
  const snapshot = healthyTenant();
  snapshot.graph.conditionalAccessPolicies![1]!.conditions.users!.excludeGroups = [];
  snapshot.graph.groups![0]!.members!.push(ids.alice);
  return { snapshot, plan: buildPlan(snapshot, config, { now }) };
}

test('with every permission, a licence and security defaults off, preflight passes', () => {
  const { snapshot, plan } = driftedPlan();
  assert.deepEqual(preflight(plan, snapshot, { kind: 'application', permissions: all }), []);
});

const cases: {
  name: string;
  change: (s: ReturnType<typeof driftedPlan>['snapshot']) => void;
  permissions?: string[];
  expected: RegExp[];
}[] = [
  {
    name: 'a missing CA write permission is named with the step that needs it',
    change: () => {},
    permissions: all.filter((p) => p !== 'Policy.ReadWrite.ConditionalAccess'),
    expected: [/Policy\.ReadWrite\.ConditionalAccess \(needed by ca-exclusion/],
  },
  {
    name: 'membership of a role-assignable group needs RoleManagement.ReadWrite.Directory',
    change: () => {},
    permissions: all.filter((p) => p !== 'RoleManagement.ReadWrite.Directory'),
    expected: [/RoleManagement\.ReadWrite\.Directory/],
  },
  {
    name: 'security defaults on stop the apply with the portal fix',
    change: (s) => void (s.graph.securityDefaults = { isEnabled: true }),
    expected: [/security defaults are on/],
  },
  {
    name: 'a diagnostic setting the service principal cannot write is the known aadiam trap, with its fix',
    change: (s) => {
      s.azure!.aadDiagnosticSettings = undefined;
      s.collectionErrors = {
        aadDiagnosticSettings: { reason: 'missing-permission', detail: '403 AuthorizationFailed' },
      };
    },
    expected: [/microsoft\.aadiam/],
  },
  {
    name: 'no P1 licence stops the apply',
    change: (s) =>
      void (s.graph.subscribedSkus = [
        { skuPartNumber: 'O365_BUSINESS', servicePlans: [{ servicePlanName: 'EXCHANGE_S_STANDARD' }] },
      ]),
    expected: [/no Entra ID P1/],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const { snapshot } = driftedPlan();
    c.change(snapshot);
    const plan = buildPlan(snapshot, config, { now });
    const problems = preflight(plan, snapshot, { kind: 'application', permissions: c.permissions ?? all });
    assert.equal(problems.length, c.expected.length, JSON.stringify(problems));
    c.expected.forEach((re, i) => assert.match(problems[i]!.what, re));
    for (const p of problems) assert.ok(p.fix.length > 10);
  });
}

test('a plan with nothing to write needs nothing', () => {
  const snapshot = healthyTenant();
  snapshot.graph.securityDefaults = { isEnabled: true };
  assert.deepEqual(
    preflight(buildPlan(snapshot, config, { now }), snapshot, { kind: 'application', permissions: [] }),
    [],
  );
});

test('permissions are read from an app-only or delegated token, and an opaque one says unknown', () => {
  const jwt = (claims: object) => `x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.y`;
  assert.deepEqual(grantedAccessOf(jwt({ roles: ['Policy.Read.All'] })), {
    kind: 'application',
    permissions: ['Policy.Read.All'],
  });
  assert.deepEqual(grantedAccessOf(jwt({ scp: 'User.Read Policy.Read.All' })), {
    kind: 'delegated',
    permissions: ['User.Read', 'Policy.Read.All'],
  });
  assert.deepEqual(grantedAccessOf('opaque'), { kind: 'unknown' });
});

test('removing person-tied methods needs UserAuthenticationMethod.ReadWrite.All, named with the steps', () => {
  const snapshot = healthyTenant();
  snapshot.graph.authenticationMethods![ids.account1]!.push({
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    id: 'auth-1',
  });
  const remove = configSchema.parse({ ...config, methods: { personTied: 'remove' } });
  const plan = buildPlan(snapshot, remove, { now });
  const granted = (permissions: string[]) => preflight(plan, snapshot, { kind: 'application', permissions });
  assert.deepEqual(granted(['UserAuthenticationMethod.ReadWrite.All']), []);
  const problems = granted(['UserAuthenticationMethod.Read.All']);
  assert.deepEqual(
    problems.map((p) => p.what),
    [
      'the credential lacks the Graph application permission UserAuthenticationMethod.ReadWrite.All (needed by person-tied-method[EmergencyAccount_1:microsoftAuthenticatorMethods:auth-1])',
    ],
  );
  assert.match(
    problems[0]!.fix,
    /Add UserAuthenticationMethod\.ReadWrite\.All \(Microsoft Graph, application\)/,
  );
});
