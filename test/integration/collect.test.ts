/**
 * The collector against the emulator: it reads the `healthy` and `drifted` tenants into snapshots
 * that agree with the emulator's own export (`GET /_emulator/snapshot`) on everything collected,
 * in at most three dependent rounds and a handful of requests; and a read the credential may not
 * make leaves its collection out with the reason instead of an empty list.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSnapshot, type CollectResult } from '../../src/collect/collect.js';
import {
  GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
  configSchema,
  type BreakglassConfig,
} from '../../src/config/schema.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { namedAccountUpns } from '../../src/collect/targets.js';
import { emulatorSkipReason, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const skip = emulatorSkipReason();
type Json = Record<string, unknown>;

/** Objects of a list by lower-cased id. */
function byId<T extends { id?: unknown }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((item) => [String(item.id).toLowerCase(), item]));
}

/** A value with null-valued properties removed: v1.0 and the stored object may differ only in which nulls they spell out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** `actual` carries exactly the truth for every key it has ($select leaves the others out). */
function assertSubsetOf(actual: Json, expected: Json | undefined, what: string): void {
  assert.ok(expected, `${what}: not in the emulator's tenant`);
  for (const [key, value] of Object.entries(actual)) {
    if (key.startsWith('@odata') || key === 'members' || key === 'transitiveMemberOf') continue;
    assert.deepEqual(withoutNulls(value) ?? null, withoutNulls(expected[key]) ?? null, `${what}.${key}`);
  }
}

function initialDomain(truth: Snapshot): string {
  return truth.graph.organization?.[0]?.verifiedDomains?.find((d) => d.isInitial)?.name ?? '';
}

function groupOf(truth: Snapshot, name: string) {
  return truth.graph.groups?.find((g) => g.displayName === name);
}

/** Checks one collection against the emulator's export of the same tenant. */
function assertAgreesWithTruth(
  result: CollectResult,
  truth: Snapshot,
  config: BreakglassConfig | undefined,
): void {
  const groupName = (config ?? configSchema.parse({})).group.displayName;
  const got = result.snapshot.graph;
  const want = truth.graph;

  // Tenant-wide collections are read whole.
  for (const name of [
    'conditionalAccessPolicies',
    'namedLocations',
    'authenticationStrengthPolicies',
  ] as const) {
    assert.deepEqual(
      [...byId(got[name] as Json[]).keys()].sort(),
      [...byId(want[name] as Json[]).keys()].sort(),
      `${name}: same objects`,
    );
    const truthById = byId(want[name] as Json[]);
    for (const item of got[name] as Json[])
      assertSubsetOf(item, truthById.get(String(item.id).toLowerCase()), `${name}[${String(item.id)}]`);
  }
  assert.equal(got.organization?.[0]?.id, want.organization?.[0]?.id);
  assert.deepEqual(got.securityDefaults?.isEnabled, want.securityDefaults?.isEnabled);

  // Every Global Administrator assignment, nothing less.
  const gaIds = (list: Snapshot['graph']['roleAssignments']) =>
    (list ?? [])
      .filter((a) => a.roleDefinitionId.toLowerCase() === GLOBAL_ADMINISTRATOR_TEMPLATE_ID)
      .map((a) => a.id.toLowerCase())
      .sort();
  assert.deepEqual(
    gaIds(got.roleAssignments),
    gaIds(want.roleAssignments),
    'Global Administrator assignments',
  );

  // The break-glass group, its direct members, and each collected user as the directory has it.
  const group = got.groups?.find((g) => g.displayName === groupName);
  const truthGroup = groupOf(truth, groupName);
  assert.ok(group && truthGroup, `group ${groupName} collected`);
  assert.deepEqual(
    [...(group.members ?? [])].map((m) => m.toLowerCase()).sort(),
    [...(truthGroup.members ?? [])].map((m) => m.toLowerCase()).sort(),
    'group members',
  );
  const truthUsers = byId(want.users);
  for (const user of got.users ?? [])
    assertSubsetOf(user, truthUsers.get(user.id.toLowerCase()), `users[${user.userPrincipalName}]`);

  // The accounts' methods, exactly: the configured accounts, or without a config the group's users.
  const accounts = config
    ? namedAccountUpns(config, initialDomain(truth)).flatMap((upn) =>
        (want.users ?? [])
          .filter((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase())
          .map((u) => u.id),
      )
    : (truthGroup.members ?? []).filter((m) => truthUsers.has(m.toLowerCase()));
  assert.ok(accounts.length >= 1, 'the tenant has accounts to compare');
  for (const id of accounts) {
    const key = Object.keys(got.authenticationMethods ?? {}).find(
      (k) => k.toLowerCase() === id.toLowerCase(),
    );
    assert.ok(key, `methods of ${id} collected`);
    const truthKey = Object.keys(want.authenticationMethods ?? {}).find(
      (k) => k.toLowerCase() === id.toLowerCase(),
    );
    const ids = (list: Json[] | undefined) => (list ?? []).map((m) => String(m.id)).sort();
    assert.deepEqual(
      ids(got.authenticationMethods?.[key] as Json[]),
      ids(truthKey ? (want.authenticationMethods?.[truthKey] as Json[]) : []),
      `methods of ${id}`,
    );
  }

  // Azure: diagnostic settings and the monitoring resources, as ARM returns them.
  const truthResources = byId(truth.azure?.resources);
  for (const resource of result.snapshot.azure?.resources ?? []) {
    assertSubsetOf(
      resource as Json,
      truthResources.get(resource.id.toLowerCase()) as Json | undefined,
      `resource ${resource.id}`,
    );
  }
  const kinds = (list: readonly { type: string }[] | undefined) =>
    [...new Set((list ?? []).map((r) => r.type.toLowerCase()))].sort();
  assert.deepEqual(
    kinds(result.snapshot.azure?.resources).filter((t) => t !== 'microsoft.resources/resourcegroups'),
    kinds(truth.azure?.resources).filter((t) => t !== 'microsoft.resources/resourcegroups'),
    'resource types collected',
  );
  assert.deepEqual(
    [...byId(result.snapshot.azure?.aadDiagnosticSettings).keys()].sort(),
    [...byId(truth.azure?.aadDiagnosticSettings).keys()].sort(),
    'Entra diagnostic settings',
  );
}

for (const scenario of ['healthy', 'drifted']) {
  describe(`collecting the ${scenario} tenant`, { skip }, () => {
    let emulator: TestEmulator;
    let truth: Snapshot;
    let tenantId: string;
    before(async () => {
      emulator = await startTestEmulator({ scenario });
      tenantId = emulator.emulator.tenants[0] as string;
      truth = (await emulator.control.snapshot(tenantId)) as unknown as Snapshot;
    });
    after(() => emulator?.stop());

    const configs: [string, () => BreakglassConfig | undefined][] = [
      ['without a config (accounts from the group)', () => undefined],
      [
        "with the default config on the tenant's domain and subscription",
        () =>
          configSchema.parse({
            tenant: { initialDomain: initialDomain(truth) },
            monitoring: { subscriptionId: truth.azure?.subscriptions?.[0]?.subscriptionId },
          }),
      ],
      ['with the default config and no domain (found by UPN prefix)', () => configSchema.parse({})],
    ];
    for (const [name, makeConfig] of configs) {
      test(name, async () => {
        const connection = await emulator.connect();
        const config = makeConfig();
        const result = await collectSnapshot(connection, {
          ...(config ? { config } : {}),
          now: new Date(truth.capturedAt),
        });
        assert.deepEqual(result.collectionErrors, {}, 'everything readable was read');
        assertAgreesWithTruth(result, truth, config);
        assert.ok(result.requests.depth <= 3, `at most 3 dependent rounds (was ${result.requests.depth})`);
        // Graph: one $batch per round (these tenants need at most 20 reads a round). ARM: subscriptions,
        // diagnostic settings, then workspaces, alert rules and action groups of one subscription
        // (and the configured resource group).
        assert.ok(
          (result.requests.byService.graph ?? 0) <= result.requests.depth,
          `one Graph request per round: ${JSON.stringify(result.requests.byService)}`,
        );
        assert.ok(
          (result.requests.byService.arm ?? 0) <= 6,
          `ARM requests: ${JSON.stringify(result.requests.byService)}`,
        );
      });
    }
  });
}

describe('a collection the credential may not read', { skip }, () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator({ scenario: 'healthy' });
  });
  after(() => emulator?.stop());

  test('is left out with the reason, never read as an empty list', async () => {
    const tenantId = emulator.emulator.tenants[0] as string;
    const document = (await emulator.control.snapshot(tenantId, true)) as Json & {
      emulator: { apps: Json[] };
    };
    // The admin app loses the sign-in log permission (and everything that would grant it).
    for (const app of document.emulator.apps) {
      app.graphRoles = (app.graphRoles as string[]).filter(
        (role) => !/^AuditLog\.|^Directory\.(Read|ReadWrite)\.All$/.test(role),
      );
    }
    await emulator.control.putTenant(tenantId, document);
    const connection = await emulator.connect();
    const result = await collectSnapshot(connection, { now: new Date(String(document.capturedAt)) });
    assert.equal(result.snapshot.graph.signIns, undefined, 'no sign-in list at all');
    assert.equal(result.collectionErrors.signIns?.reason, 'missing-permission');
    assert.match(result.collectionErrors.signIns?.detail ?? '', /AuditLog\.Read\.All/);
    assert.deepEqual(
      result.snapshot.collectionErrors,
      result.collectionErrors,
      'the reason travels with the snapshot',
    );
    assert.ok(result.snapshot.graph.conditionalAccessPolicies?.length, 'the rest is still collected');
  });
});
