import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EmulatorState } from '../state.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';
import { parseTenantDocument } from './parse.js';
import type { TenantDocument } from './schema.js';

const tenantId = 'aaaaaaaa-0000-4000-8000-000000000001';

/** A tenant file with collections out of order and properties the emulator does not know. */
function unsortedTenant(): TenantDocument {
  return {
    formatVersion: 1,
    capturedAt: '2026-11-27T10:00:00Z',
    cloud: 'global',
    futureTopLevel: { kept: true },
    graph: {
      organization: [
        {
          id: tenantId,
          displayName: 'Fabrikam',
          verifiedDomains: [{ name: 'fabrikam.onmicrosoft.com', isInitial: true }],
        },
      ],
      users: [
        {
          id: 'C0000000-0000-4000-8000-000000000003',
          userPrincipalName: 'c@fabrikam.onmicrosoft.com',
          extensionProperty: [1, 2],
        },
        { id: 'a0000000-0000-4000-8000-000000000001', userPrincipalName: 'a@fabrikam.onmicrosoft.com' },
        { id: 'b0000000-0000-4000-8000-000000000002', userPrincipalName: 'b@fabrikam.onmicrosoft.com' },
      ],
      groups: [
        {
          id: 'g1',
          displayName: 'G',
          members: ['b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001'],
        },
      ],
      conditionalAccessPolicies: [
        { id: 'p2', displayName: 'Two', state: 'enabled', conditions: {} },
        { id: 'p1', displayName: 'One', state: 'disabled', conditions: {} },
      ],
      authenticationMethods: {
        'b0000000-0000-4000-8000-000000000002': [
          { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm2' },
        ],
        'a0000000-0000-4000-8000-000000000001': [
          {
            '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
            id: '28c10230-6103-485e-b985-444c60001490',
          },
          {
            '@odata.type': '#microsoft.graph.emailAuthenticationMethod',
            id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f',
          },
        ],
      },
      signIns: [
        { id: 's2', createdDateTime: '2026-11-02T00:00:00Z' },
        { id: 's1', createdDateTime: '2026-11-01T00:00:00Z' },
      ],
    },
    azure: {
      subscriptions: [{ subscriptionId: 'sub-2' }, { subscriptionId: 'sub-1' }],
      resources: [
        {
          id: '/subscriptions/sub-1/resourceGroups/rg-b',
          name: 'rg-b',
          type: 'Microsoft.Resources/resourceGroups',
          location: 'westeurope',
        },
        {
          id: '/subscriptions/sub-1/resourceGroups/rg-a',
          name: 'rg-a',
          type: 'Microsoft.Resources/resourceGroups',
          location: 'westeurope',
        },
      ],
    },
    drills: [
      { accountId: 'b', at: '2026-01-02T00:00:00Z', verified: true },
      { accountId: 'a', at: '2026-01-01T00:00:00Z', verified: false },
    ],
    emulator: {
      tenantId,
      apps: [
        { clientId: 'app-1', clientSecret: 's3cret-value', graphRoles: ['User.Read.All'], default: true },
      ],
    },
  } as TenantDocument;
}

/** What "the same document after sorting" means, stated independently of the store's code. */
function sortedByHand(): TenantDocument {
  const doc = unsortedTenant();
  const g = doc.graph;
  g.users = [g.users![1]!, g.users![2]!, g.users![0]!];
  g.groups![0]!.members = ['a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002'];
  g.conditionalAccessPolicies = [g.conditionalAccessPolicies![1]!, g.conditionalAccessPolicies![0]!];
  const m = g.authenticationMethods!;
  const a = m['a0000000-0000-4000-8000-000000000001']!;
  g.authenticationMethods = {
    'a0000000-0000-4000-8000-000000000001': [a[0]!, a[1]!],
    'b0000000-0000-4000-8000-000000000002': m['b0000000-0000-4000-8000-000000000002']!,
  };
  g.signIns = [g.signIns![1]!, g.signIns![0]!];
  doc.azure!.subscriptions = [doc.azure!.subscriptions![1]!, doc.azure!.subscriptions![0]!];
  doc.azure!.resources = [doc.azure!.resources![1]!, doc.azure!.resources![0]!];
  doc.drills = [doc.drills![1]!, doc.drills![0]!];
  return doc;
}

/** Key order does not matter in JSON objects, but array order does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

describe('tenant files round-trip through the emulator', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  it('a tenant loaded over the control plane and exported again is the same document after sorting', async () => {
    const put = await t.call('PUT', `/_emulator/tenants/${tenantId}`, { body: unsortedTenant() });
    assert.equal(put.status, 201, put.text);
    const exported = await t.call('GET', `/_emulator/snapshot?tenant=${tenantId}`);
    assert.deepEqual(canonical(exported.body), canonical(sortedByHand()));
    // And exporting is stable: load the export, export again, nothing changes.
    await t.call('PUT', `/_emulator/tenants/${tenantId}`, { body: exported.body });
    assert.deepEqual((await t.call('GET', `/_emulator/snapshot?tenant=${tenantId}`)).body, exported.body);
  });

  it('a write moves capturedAt to the emulator clock and adds what was written', async () => {
    await t.call('PUT', `/_emulator/tenants/${tenantId}`, { body: unsortedTenant() });
    const token = await t.token({ tenantId, roles: ['User.ReadWrite.All'] });
    const res = await t.call('PATCH', '/graph/v1.0/users/a@fabrikam.onmicrosoft.com', {
      token,
      body: { usageLocation: 'DE' },
    });
    assert.equal(res.status, 204, res.text);
    const exported = (await t.call('GET', `/_emulator/snapshot?tenant=${tenantId}`)).body;
    assert.notEqual(exported.capturedAt, '2026-11-27T10:00:00Z');
    assert.equal(exported.graph.users[0].usageLocation, 'DE');
    assert.equal(exported.graph.namedLocations, undefined, 'collections that were not collected stay absent');
  });

  it('names the JSON path of the first problem', async () => {
    const cases: { change: (d: TenantDocument) => void; path: string }[] = [
      {
        change: (d) => ((d.graph.users![1] as Record<string, unknown>).userPrincipalName = 7),
        path: '$.graph.users[1].userPrincipalName',
      },
      { change: (d) => ((d as Record<string, unknown>).formatVersion = 2), path: '$.formatVersion' },
      {
        change: (d) =>
          ((d.graph.authenticationMethods as Record<string, unknown[]>)['x'] = [{ id: 'no type' }]),
        path: '$.graph.authenticationMethods.x[0]["@odata.type"]',
      },
      {
        change: (d) => ((d.emulator!.apps![0] as Record<string, unknown>).clientId = ''),
        path: '$.emulator.apps[0].clientId',
      },
    ];
    for (const c of cases) {
      const doc = unsortedTenant();
      c.change(doc);
      const res = await t.call('PUT', `/_emulator/tenants/${tenantId}`, { body: doc });
      assert.equal(res.status, 400);
      assert.ok(
        res.body.error.message.includes(`${c.path}:`),
        `${res.body.error.message} should name ${c.path}`,
      );
    }
  });
});

describe('reading tenant files', () => {
  it('accepts UTF-16LE with a byte-order mark', () => {
    const text = JSON.stringify(unsortedTenant());
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(parseTenantDocument(bytes).graph.users?.length, 3);
  });

  it('refuses text that is not JSON in one line', () => {
    assert.throws(
      () => parseTenantDocument(Buffer.from('{ nope'), 'file.json'),
      (err: Error & { userFacing?: boolean }) =>
        err.userFacing === true && /^file\.json: not valid JSON/.test(err.message),
    );
  });
});

describe('default admin app', () => {
  const state = (seed: number) =>
    new EmulatorState(seed, { caCertPem: '', serverCertPem: '', serverKeyPem: '', caFile: '' }, {} as never);
  const withoutApps = () => {
    const doc = unsortedTenant();
    delete doc.emulator;
    return doc;
  };

  it('is generated deterministically from the seed, holds every permission, and is not exported', () => {
    const a = state(5).loadTenant(withoutApps());
    const b = state(5).loadTenant(withoutApps());
    const c = state(6).loadTenant(withoutApps());
    assert.deepEqual(a.apps, b.apps);
    assert.notEqual(a.apps[0]?.clientSecret, c.apps[0]?.clientSecret);
    assert.ok(a.apps[0]?.graphRoles?.includes('RoleManagement.ReadWrite.Directory'));
    assert.ok(a.apps[0]?.graphRoles?.includes('Policy.ReadWrite.ConditionalAccess'));
    assert.equal(a.export().emulator, undefined);
  });
});
