import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerReadouts } from './peer-readouts.js';
import type { Model } from '../checks/types.js';
import type { Snapshot } from '../snapshot/schema.js';
import {
  BG1,
  DEDICATED_POLICY,
  GLOBAL_ADMIN,
  PASSWORD_METHOD,
  contextFor,
  healthyTenant,
} from '../../test/fixtures/tenants/lockout-tenant.js';

const withoutDedicated = (s: Snapshot) =>
  void (s.graph.conditionalAccessPolicies = s.graph.conditionalAccessPolicies!.filter(
    (p) => p.id !== DEDICATED_POLICY,
  ));

const cases: {
  name: string;
  model: Model;
  change?: (s: Snapshot) => void;
  maester: string;
  zta: string;
  maesterText?: RegExp;
  ztaText?: RegExp;
}[] = [
  {
    name: 'dedicated: both peers fail, and we say why',
    model: 'dedicated',
    maester: 'fail',
    zta: 'fail',
    maesterText: /maester#717|accepted exception/,
    ztaText: /targeted by "CA000-Global-BreakGlassAccounts/,
  },
  {
    name: 'exclude-all done right: both pass',
    model: 'exclude-all',
    change: withoutDedicated,
    maester: 'pass',
    zta: 'pass',
    ztaText: /Exactly two/,
  },
  {
    name: 'exclude-all, but an account also has Microsoft Authenticator',
    model: 'exclude-all',
    change: (s) => {
      withoutDedicated(s);
      s.graph.authenticationMethods![BG1] = [
        PASSWORD_METHOD,
        { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'm' },
      ];
    },
    maester: 'pass',
    zta: 'fail',
    ztaText: /has a method other than FIDO2/,
  },
  {
    name: 'a third permanent Global Administrator who qualifies: ZTA investigates',
    model: 'exclude-all',
    change: (s) => {
      withoutDedicated(s);
      s.graph.users!.push({ id: 'third', userPrincipalName: 'admin@contoso.onmicrosoft.com' });
      s.graph.roleAssignments!.push({
        id: 'ra3',
        roleDefinitionId: GLOBAL_ADMIN,
        principalId: 'third',
        directoryScopeId: '/',
      });
      s.graph.authenticationMethods!.third = [
        { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k' },
      ];
      s.graph.conditionalAccessPolicies![0]!.conditions.users!.excludeUsers = ['third'];
    },
    maester: 'pass',
    zta: 'unknown',
    ztaText: /Investigate/,
  },
  {
    name: 'time-bound Global Administrator is not a candidate',
    model: 'exclude-all',
    change: (s) => {
      withoutDedicated(s);
      (s.graph.roleAssignmentSchedules![0]!.scheduleInfo as Record<string, unknown>) = {
        expiration: { type: 'afterDateTime' },
      };
    },
    maester: 'pass',
    zta: 'fail',
  },
  {
    name: 'no break-glass group: Maester cannot be configured',
    model: 'exclude-all',
    change: (s) => {
      withoutDedicated(s);
      s.graph.groups = [];
    },
    maester: 'unknown',
    zta: 'fail',
  },
];

for (const c of cases) {
  test(`interop: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const [maester, zta] = peerReadouts(contextFor(snapshot, c.model));
    assert.equal(maester?.test, 'MT.1005');
    assert.equal(zta?.test, '21835');
    assert.equal(maester?.expected, c.maester, maester?.explanation);
    assert.equal(zta?.expected, c.zta, zta?.explanation);
    if (c.maesterText) assert.match(maester!.explanation, c.maesterText);
    if (c.ztaText) assert.match(zta!.explanation, c.ztaText);
  });
}
