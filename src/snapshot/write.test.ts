import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeSnapshot, sortCollection } from './write.js';
import type { Snapshot } from './schema.js';

function snapshot(graph: Record<string, unknown>, extra: Record<string, unknown> = {}): Snapshot {
  return {
    formatVersion: 1,
    capturedAt: '2026-01-01T00:00:00Z',
    cloud: 'global',
    graph,
    ...extra,
  } as Snapshot;
}

test('collections are sorted by id, case-insensitively, then by name', () => {
  const sorted = sortCollection([
    { id: 'B', displayName: 'two' },
    { id: 'a', displayName: 'one' },
    { name: 'ws-b' },
    { name: 'ws-a' },
  ]);
  assert.deepEqual(sorted, [
    { id: 'a', displayName: 'one' },
    { id: 'B', displayName: 'two' },
    { name: 'ws-a' },
    { name: 'ws-b' },
  ]);
});

test('two exports of the same tenant in different orders give the same bytes', () => {
  const a = snapshot(
    {
      groups: [
        { id: 'g2', members: ['u2', 'u1'] },
        { id: 'g1', members: [] },
      ],
      users: [
        { id: 'u2', userPrincipalName: 'b@x' },
        { id: 'u1', userPrincipalName: 'a@x' },
      ],
      authenticationMethods: {
        u2: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm2' }],
        u1: [
          { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'm9' },
          { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm1' },
        ],
      },
    },
    {
      azure: {
        resources: [
          { id: '/s/2', name: 'b', type: 't' },
          { id: '/s/1', name: 'a', type: 't' },
        ],
        subscriptions: [],
      },
    },
  );
  const b = snapshot(
    {
      users: [
        { id: 'u1', userPrincipalName: 'a@x' },
        { id: 'u2', userPrincipalName: 'b@x' },
      ],
      authenticationMethods: {
        u1: [
          { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm1' },
          { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'm9' },
        ],
        u2: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm2' }],
      },
      groups: [
        { id: 'g1', members: [] },
        { id: 'g2', members: ['u1', 'u2'] },
      ],
    },
    {
      azure: {
        subscriptions: [],
        resources: [
          { id: '/s/1', name: 'a', type: 't' },
          { id: '/s/2', name: 'b', type: 't' },
        ],
      },
    },
  );
  assert.equal(serializeSnapshot(a), serializeSnapshot(b));
  const text = serializeSnapshot(a);
  // Sections follow the spec's order: users before groups, whatever the input order.
  assert.ok(text.indexOf('"users"') < text.indexOf('"groups"'));
  assert.ok(text.endsWith('}\n'));
});

test('the order inside Graph objects is kept (it is data, e.g. allowedCombinations)', () => {
  const text = serializeSnapshot(
    snapshot({
      authenticationStrengthPolicies: [
        { id: 's', allowedCombinations: ['windowsHelloForBusiness', 'fido2'] },
      ],
    }),
  );
  assert.deepEqual(JSON.parse(text).graph.authenticationStrengthPolicies[0].allowedCombinations, [
    'windowsHelloForBusiness',
    'fido2',
  ]);
});

test('secrets never reach the file', () => {
  const text = serializeSnapshot(
    snapshot(
      {
        users: [{ id: 'u1', userPrincipalName: 'a@x', passwordProfile: { password: 'Sup3r-secret-pw' } }],
        authenticationMethods: {
          u1: [
            {
              '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
              id: 't',
              temporaryAccessPass: 'TAP-VALUE-1',
            },
          ],
        },
      },
      { emulator: { apps: [{ clientId: 'c', clientSecret: 'app-secret-value' }] } },
    ),
  );
  for (const secret of ['Sup3r-secret-pw', 'TAP-VALUE-1', 'app-secret-value'])
    assert.ok(!text.includes(secret), secret);
  // The method itself is kept: only its secret value goes.
  assert.match(text, /temporaryAccessPassAuthenticationMethod/);
});
