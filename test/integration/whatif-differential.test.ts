/**
 * Differential test of two independently written Conditional Access evaluators: the product's
 * lockout analysis (src/lockout/) and the emulator's What If API (emulator/src/evaluate/, reached
 * only over HTTPS through `POST /beta/identity/conditionalAccess/evaluate`). For each tenant, each
 * emergency account's emergency sign-in is judged by both, and they must agree on which policies
 * apply — the one thing What If answers.
 *
 * Tenants: every framework of test/fixtures/ca-policies/ (built by test/corpus/corpus-tenant.ts
 * with the exclusion group kept or left out, states as shipped or all on, a FIDO2 key or a password
 * only), and one hand-made tenant per lockout pattern P1–P10 of ca-semantics.md §3 (and variants),
 * each with a FIDO2 key and with a password only. One emulator serves them all; each tenant is
 * loaded with `PUT /_emulator/tenants/{id}`.
 *
 * Last, `breakglass audit --whatif` end to end against the emulator, and its refusal with --snapshot.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WhatIfCheck } from '../../src/checks/types.js';
import { audit, type AuditOptions } from '../../src/cli/commands/audit.js';
import { graphClient } from '../../src/clients/graph.js';
import { UsageError } from '../../src/errors.js';
import { packageRoot } from '../../src/paths.js';
import type { ConditionalAccessPolicy, Snapshot } from '../../src/snapshot/schema.js';
import { createLockoutEngine } from '../../src/lockout/index.js';
import { crossCheckWithWhatIf } from '../../src/whatif/index.js';
import {
  BG1 as CORPUS_BG1,
  BG2 as CORPUS_BG2,
  CORPUS_SOURCES,
  corpusTenant,
  type CorpusOptions,
} from '../corpus/corpus-tenant.js';
import {
  ALICE,
  ALLOWED_COUNTRIES,
  BG1,
  BG2,
  BG_GROUP,
  GLOBAL_ADMIN,
  GUEST,
  OFFICE_LOCATION,
  PASSWORD_METHOD,
  PHISHING_RESISTANT,
  PRIVILEGED_ROLE_ADMIN,
  healthyTenant,
  policy,
} from '../fixtures/tenants/lockout-tenant.js';
import { emulatorSkipReason, startTestEmulator, tempDir, type TestEmulator } from '../helpers/emulator.js';

const skip = emulatorSkipReason();

/** A tenant to compare on, and the accounts to ask about. */
interface DifferentialCase {
  label: string;
  snapshot: Snapshot;
  accounts: string[];
}

/** Totals over the whole file, for the closing sanity checks. */
const totals = { tenants: 0, accounts: 0, policies: 0, applying: 0, notApplying: 0 };

let tenantCounter = 0;
const nextTenantId = (): string =>
  `7e570000-0000-4000-8000-${(++tenantCounter).toString(16).padStart(12, '0')}`;

/** Loads the case's tenant, asks What If for each account, and drops the tenant again. */
async function crossCheck(
  emu: TestEmulator,
  c: DifferentialCase,
  analysed = c.snapshot,
): Promise<WhatIfCheck[]> {
  const tenantId = nextTenantId();
  await emu.control.putTenant(tenantId, c.snapshot);
  const connection = await emu.connect({ tenantId });
  try {
    return await crossCheckWithWhatIf(
      graphClient(connection),
      analysed.graph,
      c.accounts.map((id) => ({ id })),
    );
  } finally {
    await connection.close();
    await emu.control.deleteTenant(tenantId);
  }
}

/** Runs one case and asserts zero disagreements, every policy compared. */
async function assertAgreement(emu: TestEmulator, c: DifferentialCase): Promise<void> {
  const checks = await crossCheck(emu, c);
  const policies = c.snapshot.graph.conditionalAccessPolicies ?? [];
  assert.equal(checks.length, c.accounts.length);
  for (const check of checks) {
    assert.deepEqual(
      check.disagreements,
      [],
      `${c.label}, ${check.userPrincipalName}: the product and What If disagree:\n${JSON.stringify(check.disagreements, null, 2)}`,
    );
    assert.equal(check.compared, policies.length, `${c.label}: What If returned every policy`);
  }
  // Tally what the two sides agreed on, so that the closing test can check the run meant something.
  const applying = appliesCount(c);
  totals.tenants += 1;
  totals.accounts += checks.length;
  totals.policies += policies.length * checks.length;
  totals.applying += applying;
  totals.notApplying += policies.length * checks.length - applying;
}

/** How many (account, policy) pairs the product finds applying (equal to What If's once they agree). */
function appliesCount(c: DifferentialCase): number {
  const engine = createLockoutEngine(c.snapshot.graph);
  return c.accounts
    .map(
      (id) => engine.evaluateAccount({ id }).evaluations.filter((e) => e.outcome !== 'notApplicable').length,
    )
    .reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------
// Lockout patterns P1–P10 (ca-semantics.md §3): the healthy tenant plus the pattern's policies,
// none of which excludes the break-glass group.

const noExclusion = { includeUsers: ['All'] };
const block = { operator: 'OR', builtInControls: ['block'] };
const P = (n: number) => `f0000000-0000-4000-8000-0000000000${n.toString().padStart(2, '0')}`;

/** A pattern: its policies, and any change it makes to the rest of the tenant. */
const patterns: Record<string, (snapshot: Snapshot) => ConditionalAccessPolicy[]> = {
  'P1 block everyone': () => [policy(P(1), { users: noExclusion, grantControls: block })],
  'P2 compliant or hybrid-joined device': () => [
    policy(P(2), {
      users: noExclusion,
      grantControls: { operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'] },
    }),
  ],
  'P3 block outside trusted locations (admins)': () => [
    policy(P(3), {
      users: { includeRoles: [GLOBAL_ADMIN] },
      conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } },
      grantControls: block,
    }),
  ],
  'P3 variant: the office named by id': () => [
    policy(P(31), {
      users: noExclusion,
      conditions: { locations: { includeLocations: ['All'], excludeLocations: [OFFICE_LOCATION] } },
      grantControls: block,
    }),
    policy(P(32), {
      displayName: 'Only from the office',
      users: noExclusion,
      conditions: { locations: { includeLocations: [OFFICE_LOCATION] } },
      grantControls: block,
    }),
  ],
  'P4 country allow-list': () => [
    policy(P(4), {
      users: noExclusion,
      conditions: { locations: { includeLocations: ['All'], excludeLocations: [ALLOWED_COUNTRIES] } },
      grantControls: block,
    }),
  ],
  'P5 authentication strength': () => [
    policy(P(5), {
      users: noExclusion,
      grantControls: {
        operator: 'OR',
        builtInControls: [],
        authenticationStrength: { id: PHISHING_RESISTANT },
      },
    }),
  ],
  'P6 Microsoft-managed admin policy (report-only)': () => [
    policy(P(6), {
      displayName: 'Microsoft-managed: Phishing-resistant multifactor authentication for admins',
      state: 'enabledForReportingButNotEnforced',
      users: { includeRoles: [GLOBAL_ADMIN, PRIVILEGED_ROLE_ADMIN] },
      grantControls: { operator: 'OR', authenticationStrength: { id: PHISHING_RESISTANT } },
    }),
  ],
  'P7 risk-based block': () => [
    policy(P(7), {
      users: noExclusion,
      conditions: { signInRiskLevels: ['high', 'medium', 'low'] },
      grantControls: block,
    }),
    policy(P(71), {
      users: noExclusion,
      conditions: { userRiskLevels: ['high'] },
      grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
    }),
    policy(P(72), {
      users: noExclusion,
      conditions: { insiderRiskLevels: 'elevated' },
      grantControls: block,
    }),
    policy(P(73), {
      displayName: 'Risk none listed',
      users: noExclusion,
      conditions: { signInRiskLevels: ['none'] },
      grantControls: block,
    }),
  ],
  'P8 unknown-platform block and device filter': () => [
    policy(P(8), {
      users: noExclusion,
      conditions: {
        platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'macOS'] },
      },
      grantControls: block,
    }),
    policy(P(81), {
      users: noExclusion,
      conditions: {
        devices: {
          deviceFilter: {
            mode: 'include',
            rule: 'device.trustType -ne "AzureAD" -and device.trustType -ne "ServerAD"',
          },
        },
      },
      grantControls: block,
    }),
    policy(P(82), {
      displayName: 'Exclude-mode filter, positive operator',
      users: noExclusion,
      conditions: { devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } },
      grantControls: block,
    }),
    policy(P(83), {
      displayName: 'Windows only',
      users: noExclusion,
      conditions: { platforms: { includePlatforms: ['windows'] } },
      grantControls: block,
    }),
  ],
  'P9 approved or compliant client app': () => [
    policy(P(9), {
      users: noExclusion,
      grantControls: { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] },
    }),
    policy(P(91), {
      displayName: 'Mobile apps only',
      users: noExclusion,
      conditions: { clientAppTypes: ['mobileAppsAndDesktopClients'] },
      grantControls: block,
    }),
  ],
  'P10 registration deadlock': () => [
    policy(P(10), {
      users: noExclusion,
      applications: { includeUserActions: ['urn:user:registersecurityinfo'] },
      conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } },
      grantControls: block,
    }),
    policy(P(11), {
      users: { includeGroups: [BG_GROUP] },
      grantControls: { operator: 'OR', authenticationStrength: { id: PHISHING_RESISTANT } },
    }),
  ],
  'Targets and suites': () => [
    policy(P(20), {
      users: noExclusion,
      applications: { includeApplications: ['MicrosoftAdminPortals'] },
      grantControls: block,
    }),
    policy(P(21), {
      users: noExclusion,
      applications: { includeApplications: ['797f4846-ba00-4fd7-ba43-dac1f8f63013'] },
      grantControls: block,
    }),
    policy(P(22), {
      users: noExclusion,
      applications: { includeApplications: ['Office365'] },
      grantControls: block,
    }),
    policy(P(23), {
      users: noExclusion,
      applications: { includeApplications: ['All'], excludeApplications: ['MicrosoftAdminPortals'] },
      grantControls: block,
    }),
    policy(P(24), {
      users: noExclusion,
      applications: { includeAuthenticationContextClassReferences: ['c1'] },
      grantControls: block,
    }),
    policy(P(25), {
      users: noExclusion,
      conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } },
      grantControls: block,
    }),
    policy(P(26), { users: { includeUsers: ['None'] }, grantControls: block }),
    policy(P(27), { users: { includeUsers: [BG1], excludeRoles: [GLOBAL_ADMIN] }, grantControls: block }),
  ],
  'Device filter rules': () =>
    [
      ['include', 'device.isCompliant -eq True'],
      ['include', 'device.isCompliant -ne True'],
      ['exclude', 'device.trustType -eq "AzureAD" -or device.trustType -eq "ServerAD"'],
      [
        'include',
        'device.extensionAttribute1 -notIn ["PAW", "SAW"] -and device.model -notStartsWith "Surface"',
      ],
      ['include', '(device.operatingSystem -contains "Windows") -or (device.displayName -endsWith "-PAW")'],
      ['include', 'device.deviceOwnership -ne "Company"'],
      ['exclude', 'device.profileType -notContains "Secure"'],
      ['include', 'device.mdmAppId -in ["0000000a-0000-0000-c000-000000000000"]'],
    ].map(([mode, rule], i) =>
      policy(P(40 + i), {
        displayName: `Device filter ${mode}: ${rule}`,
        users: noExclusion,
        conditions: { devices: { deviceFilter: { mode, rule } } },
        grantControls: block,
      }),
    ),
  'Directory: nested groups, roles through groups, scoped and custom roles, guests': (snapshot) => {
    const g = snapshot.graph;
    const NESTED = 'c0000003-0000-4000-8000-000000000003';
    const ROLE_GROUP = 'c0000004-0000-4000-8000-000000000004';
    const CUSTOM_ROLE = 'c0500000-0000-4000-8000-000000000005';
    const SECURITY_ADMIN = '194ae4cb-b126-40b2-bd5b-6091b380977d';
    const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
    // The break-glass group sits inside another group; BG1 also holds roles through a role group,
    // at an administrative-unit scope, and in a custom role.
    g.groups!.push(
      { id: NESTED, displayName: 'All admins', securityEnabled: true, members: [BG_GROUP] },
      {
        id: ROLE_GROUP,
        displayName: 'Security admins',
        securityEnabled: true,
        isAssignableToRole: true,
        members: [BG1],
      },
    );
    g.roleDefinitions!.push(
      {
        id: SECURITY_ADMIN,
        displayName: 'Security Administrator',
        templateId: SECURITY_ADMIN,
        isBuiltIn: true,
      },
      {
        id: EXCHANGE_ADMIN,
        displayName: 'Exchange Administrator',
        templateId: EXCHANGE_ADMIN,
        isBuiltIn: true,
      },
      { id: CUSTOM_ROLE, displayName: 'Custom reader', templateId: CUSTOM_ROLE, isBuiltIn: false },
    );
    g.roleAssignments!.push(
      { id: 'ra-group', roleDefinitionId: SECURITY_ADMIN, principalId: ROLE_GROUP, directoryScopeId: '/' },
      {
        id: 'ra-au',
        roleDefinitionId: EXCHANGE_ADMIN,
        principalId: BG1,
        directoryScopeId: '/administrativeUnits/a0',
      },
      { id: 'ra-custom', roleDefinitionId: CUSTOM_ROLE, principalId: BG2, directoryScopeId: '/' },
    );
    g.roleEligibilitySchedules!.push({
      id: 'eligible',
      roleDefinitionId: PRIVILEGED_ROLE_ADMIN,
      principalId: BG2,
    });
    const guests = {
      guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest',
      externalTenants: { membershipKind: 'all' },
    };
    return [
      policy(P(60), {
        displayName: 'Nested group included',
        users: { includeGroups: [NESTED] },
        grantControls: block,
      }),
      policy(P(61), {
        displayName: 'Nested group excluded',
        users: { includeUsers: ['All'], excludeGroups: [NESTED] },
        grantControls: block,
      }),
      policy(P(62), {
        displayName: 'Role through a group',
        users: { includeRoles: [SECURITY_ADMIN] },
        grantControls: block,
      }),
      policy(P(63), {
        displayName: 'Role at an AU scope',
        users: { includeRoles: [EXCHANGE_ADMIN] },
        grantControls: block,
      }),
      policy(P(64), {
        displayName: 'Custom role',
        users: { includeRoles: [CUSTOM_ROLE] },
        grantControls: block,
      }),
      policy(P(65), {
        displayName: 'Eligible role only',
        users: { includeRoles: [PRIVILEGED_ROLE_ADMIN] },
        grantControls: block,
      }),
      policy(P(66), {
        displayName: 'Guests',
        users: { includeGuestsOrExternalUsers: guests },
        grantControls: block,
      }),
      policy(P(67), {
        displayName: 'All but guests',
        users: { includeUsers: ['All'], excludeGuestsOrExternalUsers: guests },
        grantControls: block,
      }),
      policy(P(68), {
        displayName: 'Guest keyword',
        users: { includeUsers: ['GuestsOrExternalUsers'] },
        grantControls: block,
      }),
      policy(P(69), {
        displayName: 'Unresolved excluded group',
        users: { includeUsers: ['All'], excludeGroups: ['c0000099-0000-4000-8000-000000000099'] },
        grantControls: block,
      }),
    ];
  },
  'Locations: unknown countries, untrusted ranges': (snapshot) => {
    const UNKNOWN_OK = 'e0000003-0000-4000-8000-000000000003';
    const UNTRUSTED = 'e0000004-0000-4000-8000-000000000004';
    snapshot.graph.namedLocations!.push(
      {
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        id: UNKNOWN_OK,
        displayName: 'NL or unknown',
        countriesAndRegions: ['NL'],
        includeUnknownCountriesAndRegions: true,
      },
      {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        id: UNTRUSTED,
        displayName: 'Guest Wi-Fi',
        isTrusted: false,
        ipRanges: [{ cidrAddress: '192.0.2.0/24' }, { cidrAddress: '2001:db8::/48' }],
      },
    );
    return [
      policy(P(80), {
        displayName: 'Block outside NL-or-unknown',
        users: noExclusion,
        conditions: { locations: { includeLocations: ['All'], excludeLocations: [UNKNOWN_OK] } },
        grantControls: block,
      }),
      policy(P(81), {
        displayName: 'Block inside NL-or-unknown',
        users: noExclusion,
        conditions: { locations: { includeLocations: [UNKNOWN_OK] } },
        grantControls: block,
      }),
      policy(P(82), {
        displayName: 'Block from guest Wi-Fi',
        users: noExclusion,
        conditions: { locations: { includeLocations: [UNTRUSTED] } },
        grantControls: block,
      }),
      policy(P(83), {
        displayName: 'Block outside guest Wi-Fi',
        users: noExclusion,
        conditions: { locations: { includeLocations: ['All'], excludeLocations: [UNTRUSTED] } },
        grantControls: block,
      }),
      policy(P(84), {
        displayName: 'Block from trusted',
        users: noExclusion,
        conditions: { locations: { includeLocations: ['AllTrusted'] } },
        grantControls: block,
      }),
    ];
  },
};

function patternTenant(name: string, methods: 'fido2' | 'passwordOnly'): DifferentialCase {
  const snapshot = healthyTenant();
  snapshot.graph.conditionalAccessPolicies!.push(...patterns[name]!(snapshot));
  if (methods === 'passwordOnly') {
    snapshot.graph.authenticationMethods = { [BG1]: [PASSWORD_METHOD], [BG2]: [PASSWORD_METHOD] };
  }
  // The member and the guest are compared too, with their per-user data read (the product treats
  // roles of a user without it as unknown, which What If, knowing the tenant, never does).
  snapshot.graph.authenticationMethods![ALICE] = [PASSWORD_METHOD];
  snapshot.graph.authenticationMethods![GUEST] = [PASSWORD_METHOD];
  // An ordinary member and a guest too: the evaluators must agree for everyone, not only break-glass.
  return { label: `${name} (${methods})`, snapshot, accounts: [BG1, BG2, ALICE, GUEST] };
}

// ---------------------------------------------------------------------------------------------

describe('the product and the emulator’s What If agree on which policies apply', { skip }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator({ scenario: 'empty' });
  });
  after(async () => {
    await emu?.stop();
  });

  test('every framework folder has a corpus source', () => {
    const folders = readdirSync(join(packageRoot(), 'test', 'fixtures', 'ca-policies'), {
      withFileTypes: true,
    })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    assert.deepEqual(
      Object.values(CORPUS_SOURCES)
        .map((s) => s.folder)
        .sort(),
      folders,
    );
  });

  for (const source of Object.values(CORPUS_SOURCES)) {
    const label = source.folder.split('__')[0]!;
    for (const withExclusion of [true, false]) {
      for (const states of ['asShipped', 'enabled'] as const) {
        for (const methods of ['fido2', 'passwordOnly'] as const) {
          const options: CorpusOptions = { withExclusion, states, methods };
          test(`corpus ${label}: ${withExclusion ? 'with' : 'without'} the exclusion, ${states}, ${methods}`, async () => {
            const { snapshot } = corpusTenant(source, options);
            await assertAgreement(emu, { label, snapshot, accounts: [CORPUS_BG1, CORPUS_BG2] });
          });
        }
      }
    }
  }

  for (const name of Object.keys(patterns)) {
    for (const methods of ['fido2', 'passwordOnly'] as const) {
      test(`pattern ${name} (${methods})`, async () => {
        await assertAgreement(emu, patternTenant(name, methods));
      });
    }
  }

  test('the harness does see a disagreement: analysis without the exclusion, tenant with it', async () => {
    const loaded = corpusTenant(CORPUS_SOURCES.alexFilipin, {
      withExclusion: true,
      states: 'enabled',
      methods: 'fido2',
    });
    const analysed = corpusTenant(CORPUS_SOURCES.alexFilipin, {
      withExclusion: false,
      states: 'enabled',
      methods: 'fido2',
    });
    const checks = await crossCheck(
      emu,
      { label: 'tampered', snapshot: loaded.snapshot, accounts: [CORPUS_BG1] },
      analysed.snapshot,
    );
    const seen = Object.fromEntries(
      checks[0]!.disagreements.map((d) => [
        loaded.names.get(d.policyId),
        `${d.product.applies ? 'applies' : 'not'} / ${d.whatIf.applies ? 'applies' : `not (${d.whatIf.reason})`}`,
      ]),
    );
    // The product, reading no exclusion, has the framework's policies reach the account, and the
    // dedicated policy (110, which includes the group) reach nobody; the loaded tenant says the opposite.
    assert.equal(seen['101'], 'applies / not (users)');
    assert.equal(seen['102'], 'applies / not (users)');
    assert.equal(seen['110'], 'not / applies');
  });

  test('the comparison covered applying and non-applying policies', (t) => {
    t.diagnostic(
      `${totals.tenants} tenants, ${totals.accounts} account sign-ins, ${totals.policies} policy judgements ` +
        `(${totals.applying} applying, ${totals.notApplying} not), zero disagreements`,
    );
    assert.equal(totals.tenants, Object.keys(CORPUS_SOURCES).length * 8 + Object.keys(patterns).length * 2);
    assert.ok(totals.applying > 100, `applying judgements: ${totals.applying}`);
    assert.ok(totals.notApplying > 100, `non-applying judgements: ${totals.notApplying}`);
  });
});

describe('breakglass audit --whatif', { skip }, () => {
  let emu: TestEmulator;
  const dir = tempDir('breakglass-whatif-');
  const tenantId = '7e57a0d1-0000-4000-8000-000000000001';
  let driftedTenantId: string;
  before(async () => {
    emu = await startTestEmulator({ scenario: 'drifted' });
    driftedTenantId = (await emu.control.info()).tenants[0]!.tenantId;
    await emu.control.putTenant(tenantId, patternTenant('P1 block everyone', 'fido2').snapshot);
  });
  after(async () => {
    await emu?.stop();
    dir.remove();
  });

  async function run(options: Partial<AuditOptions>): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const code = await audit(
      { emulator: emu.emulator.url, tenant: tenantId, output: 'json', report: [], ...options },
      {
        cwd: dir.path,
        env: {},
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: () => true },
        now: () => new Date('2026-11-27T10:00:00Z'),
      },
    );
    return { code, stdout };
  }

  test('adds the cross-check of every account to the JSON result', async () => {
    const { stdout } = await run({ whatif: true });
    const result = JSON.parse(stdout) as { whatIf?: WhatIfCheck[]; lockout: { verdict: string }[] };
    assert.ok(result.whatIf, 'the result has whatIf');
    assert.deepEqual(
      result.whatIf.map((w) => [w.userPrincipalName, w.compared, w.agreements, w.disagreements.length]),
      [
        ['EmergencyAccount_1@contoso.onmicrosoft.com', 3, 3, 0],
        ['EmergencyAccount_2@contoso.onmicrosoft.com', 3, 3, 0],
      ],
    );
    assert.equal(result.whatIf[0]!.ipAddress, '192.0.2.10');
    assert.deepEqual(
      result.lockout.map((l) => l.verdict),
      ['blocked', 'blocked'],
    );
  });

  test('shows it in the terminal report', async () => {
    const { stdout } = await run({ whatif: true, output: 'terminal' });
    assert.match(stdout, /Cross-check with Graph's What If API/);
    assert.match(stdout, /✓ agrees\s+EmergencyAccount_1@contoso\.onmicrosoft\.com\s+3\/3 policies agree/);
  });

  test('on the drifted scenario, read by the collector, disagrees only where the product could not read', async () => {
    // Without a config the accounts are the break-glass group's members, transitively; the
    // collector reads per-account data (methods, groups, roles) only for its direct members, so the
    // product must assume the roles of the others. It may then say "applies" where What If, knowing
    // the tenant, says "does not" — never the reverse, which would read a lockout as safe.
    const { stdout } = await run({ tenant: driftedTenantId, whatif: true });
    const result = JSON.parse(stdout) as { whatIf: WhatIfCheck[]; lockout: { userPrincipalName: string }[] };
    assert.deepEqual(
      result.whatIf.map((w) => w.userPrincipalName),
      result.lockout.map((l) => l.userPrincipalName),
      'one cross-check per analysed account, in the same order',
    );
    const disagreeing: string[] = [];
    for (const w of result.whatIf) {
      assert.equal(w.compared, 16, w.userPrincipalName);
      for (const d of w.disagreements) {
        disagreeing.push(w.userPrincipalName);
        assert.equal(d.product.applies, true, JSON.stringify(d));
        assert.equal(d.whatIf.applies, false, JSON.stringify(d));
        assert.match(d.product.reason, /the user's roles were not collected; assumed held/);
      }
    }
    // Direct members were read in full: they agree.
    for (const upn of [
      'EmergencyAccount_1@fabrikam.onmicrosoft.com',
      'EmergencyAccount_2@fabrikam.onmicrosoft.com',
    ])
      assert.deepEqual(result.whatIf.find((w) => w.userPrincipalName === upn)?.disagreements, [], upn);
    assert.ok(
      disagreeing.every((upn) => upn.startsWith('adm-')),
      disagreeing.join(', '),
    );
  });

  test('without --whatif there is no cross-check', async () => {
    const { stdout } = await run({});
    assert.equal('whatIf' in (JSON.parse(stdout) as object), false);
  });

  test('is refused with --snapshot, in one line', async () => {
    await assert.rejects(
      run({
        whatif: true,
        snapshot: join(packageRoot(), 'test', 'fixtures', 'snapshots', 'healthy-small.json'),
      }),
      (error: unknown) =>
        error instanceof UsageError &&
        /--whatif needs a live tenant or the emulator/.test(error.message) &&
        !error.message.includes('\n'),
    );
  });
});
