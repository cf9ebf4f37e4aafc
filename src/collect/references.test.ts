import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArmResource, ConditionalAccessPolicy } from '../snapshot/schema.js';
import {
  groupsReferencedByPolicies,
  subscriptionOf,
  subscriptionsOfDiagnosticTargets,
} from './references.js';
import { relativeNextLink } from './arm-list.js';
import { signInsRead, groupsByIdRead, odataString } from './reads.js';

const policy = (users: Record<string, string[]>): ConditionalAccessPolicy =>
  ({ id: 'p', state: 'enabled', conditions: { users } }) as ConditionalAccessPolicy;

test('groups named by policies: include and exclude, de-duplicated case-insensitively', () => {
  assert.deepEqual(
    groupsReferencedByPolicies([
      policy({ includeUsers: ['All'], excludeGroups: ['G1', 'g2'] }),
      policy({ includeGroups: ['g1', 'G3'] }),
      { id: 'q', state: 'enabled', conditions: {} } as ConditionalAccessPolicy,
    ]),
    ['G1', 'g2', 'G3'],
  );
});

test("subscriptions come from the diagnostic settings' workspace ids", () => {
  const setting = (workspaceId?: string) =>
    ({ id: 'x', name: 'x', type: 't', properties: { workspaceId } }) as ArmResource;
  assert.deepEqual(
    subscriptionsOfDiagnosticTargets([
      setting('/subscriptions/S1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w'),
      setting('/SUBSCRIPTIONS/s1/resourcegroups/rg2/providers/Microsoft.OperationalInsights/workspaces/w2'),
      setting(undefined),
    ]),
    ['S1'],
  );
  assert.equal(subscriptionOf('/providers/microsoft.aadiam/diagnosticSettings/x'), undefined);
});

test('ARM nextLinks are followed below the ARM root only', () => {
  assert.deepEqual(
    relativeNextLink(
      'https://127.0.0.1:9/arm/subscriptions?api-version=2022-12-01&%24skiptoken=abc',
      'https://127.0.0.1:9/arm',
    ),
    {
      path: '/subscriptions?%24skiptoken=abc',
      apiVersion: '2022-12-01',
    },
  );
  assert.throws(
    () => relativeNextLink('https://evil.example/arm/x?api-version=1', 'https://127.0.0.1:9/arm'),
    /refusing to send a token/,
  );
});

test('reads quote OData strings and group sign-ins of all accounts into one read', () => {
  assert.equal(odataString("O'Brien"), "'O''Brien'");
  assert.equal(
    decodeURIComponent(signInsRead(['a', 'b'], new Date('2026-11-01T00:00:00.000Z'))),
    "/auditLogs/signIns?$filter=(userId eq 'a' or userId eq 'b') and createdDateTime ge 2026-11-01T00:00:00Z&$top=1000",
  );
  assert.match(decodeURIComponent(groupsByIdRead(['x', 'y'])), /\$filter=id in \('x','y'\)/);
});
