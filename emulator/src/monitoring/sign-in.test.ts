/**
 * The sign-in simulation's decisions, table-driven: the monitoring fixture tenant (MFA required of
 * everyone but the break-glass group; the break-glass account has a FIDO2 key, Alice a password
 * only), one change per case, and what Entra would log.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject, TenantDocument } from '../tenant/schema.js';
import { TenantStore } from '../tenant/store.js';
import { ids, monitoringTenant, upn } from './monitoring-fixture.js';
import { findUser, readSignInRequest, simulateSignIn } from './sign-in.js';

type Policy = JsonObject & {
  state?: string;
  grantControls?: JsonObject;
  conditions?: { users?: JsonObject };
};

const policyOf = (doc: TenantDocument) => doc.graph.conditionalAccessPolicies![0] as Policy;

interface Case {
  name: string;
  change?: (doc: TenantDocument) => void;
  request: Record<string, unknown>;
  errorCode: number;
  caStatus: string;
  policyResult: string;
  requirement?: string;
}

const cases: Case[] = [
  {
    name: 'break-glass account with its FIDO2 key (excluded from the policy)',
    request: { user: upn.breakGlass, method: 'fido2' },
    errorCode: 0,
    caStatus: 'notApplied',
    policyResult: 'notApplied',
  },
  {
    name: 'ordinary user with a password only, MFA required',
    request: { user: upn.alice, method: 'password' },
    errorCode: 50074,
    caStatus: 'failure',
    policyResult: 'failure',
    requirement: 'multiFactorAuthentication',
  },
  {
    name: 'ordinary user with a FIDO2 key satisfies MFA',
    change: (doc) =>
      (doc.graph.authenticationMethods![ids.alice] = [
        { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k2' },
      ] as never),
    request: { user: ids.alice, method: ['password', 'fido2'] },
    errorCode: 0,
    caStatus: 'success',
    policyResult: 'success',
    requirement: 'multiFactorAuthentication',
  },
  {
    name: 'a method the user has not registered',
    request: { user: upn.alice, method: 'fido2' },
    errorCode: 500121,
    caStatus: 'notApplied',
    policyResult: 'notApplied',
  },
  {
    name: 'a disabled account',
    change: (doc) => ((doc.graph.users![0] as JsonObject)['accountEnabled'] = false),
    request: { user: upn.breakGlass, method: 'fido2' },
    errorCode: 50057,
    caStatus: 'notApplied',
    policyResult: 'notApplied',
  },
  {
    name: 'the exclusion removed and the control turned into block',
    change: (doc) => {
      const p = policyOf(doc);
      p.grantControls = { operator: 'OR', builtInControls: ['block'] };
      (p.conditions!.users as JsonObject)['excludeGroups'] = [];
    },
    request: { user: upn.breakGlass, method: 'fido2' },
    errorCode: 53003,
    caStatus: 'failure',
    policyResult: 'failure',
  },
  {
    name: 'a report-only policy never decides',
    change: (doc) => (policyOf(doc).state = 'enabledForReportingButNotEnforced'),
    request: { user: upn.alice, method: 'password' },
    errorCode: 0,
    caStatus: 'notApplied',
    policyResult: 'reportOnlyFailure',
  },
  {
    name: 'a disabled policy is listed as notEnabled',
    change: (doc) => (policyOf(doc).state = 'disabled'),
    request: { user: upn.alice, method: 'password' },
    errorCode: 0,
    caStatus: 'notApplied',
    policyResult: 'notEnabled',
  },
];

function storeFor(change?: (doc: TenantDocument) => void): TenantStore {
  const doc = monitoringTenant();
  change?.(doc);
  const tenantId = String(doc.graph.organization![0]!.id);
  return new TenantStore(
    doc,
    tenantId,
    [],
    { now: () => Date.parse('2026-03-01T12:00:00Z'), consistencyMs: () => 0 },
    1,
  );
}

describe('sign-in simulation', () => {
  for (const c of cases) {
    it(c.name, () => {
      const tenant = storeFor(c.change);
      const request = readSignInRequest(c.request);
      const user = findUser(tenant, request.user);
      assert.ok(user);
      const { record } = simulateSignIn(tenant, user, request, tenant.now(), () => tenant.newId());
      assert.equal((record['status'] as JsonObject)['errorCode'], c.errorCode);
      assert.equal(record['conditionalAccessStatus'], c.caStatus);
      const applied = record['appliedConditionalAccessPolicies'] as JsonObject[];
      assert.deepEqual(
        applied.map((p) => [p['id'], p['result']]),
        [[ids.policy, c.policyResult]],
      );
      if (c.requirement) assert.equal(record['authenticationRequirement'], c.requirement);
      assert.equal(record['appId'], 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'the Azure portal by default');
    });
  }

  it('refuses a request without a user or with an unknown method, saying why', () => {
    assert.throws(() => readSignInRequest({ method: 'fido2' }), /'user'/);
    assert.throws(
      () => readSignInRequest({ user: 'x', method: 'carrier-pigeon' }),
      /unknown method carrier-pigeon/,
    );
    assert.throws(
      () => readSignInRequest({ user: 'x', device: { platform: 'amiga' } }),
      /unknown device platform/,
    );
  });
});
