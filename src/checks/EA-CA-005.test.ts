import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-005.js';
import type { Snapshot } from '../snapshot/schema.js';
import { contextFor, healthyTenant } from '../../test/fixtures/tenants/lockout-tenant.js';

const cases: { name: string; change?: (s: Snapshot) => void; status: string; message?: RegExp }[] = [
  { name: 'security defaults off and P2 present', status: 'pass' },
  {
    name: 'security defaults on',
    change: (s) => void (s.graph.securityDefaults = { isEnabled: true }),
    status: 'fail',
    message: /security defaults are on/,
  },
  {
    name: 'no premium plan',
    change: (s) =>
      void (s.graph.subscribedSkus = [
        {
          skuPartNumber: 'O365_BUSINESS_ESSENTIALS',
          servicePlans: [{ servicePlanName: 'EXCHANGE_S_STANDARD' }],
        },
      ]),
    status: 'fail',
    message: /no Entra ID P1 or P2/,
  },
  {
    name: 'P1 through Microsoft 365 Business Premium',
    change: (s) =>
      void (s.graph.subscribedSkus = [
        { skuPartNumber: 'SPB', servicePlans: [{ servicePlanName: 'AAD_PREMIUM' }] },
      ]),
    status: 'pass',
    message: /AAD_PREMIUM \(SPB\)/,
  },
  {
    name: 'a suspended subscription does not count',
    change: (s) =>
      void (s.graph.subscribedSkus = [
        {
          skuPartNumber: 'AAD_PREMIUM',
          capabilityStatus: 'Suspended',
          servicePlans: [{ servicePlanName: 'AAD_PREMIUM' }],
        } as never,
      ]),
    status: 'fail',
  },
  {
    name: 'security defaults not collected',
    change: (s) => void delete s.graph.securityDefaults,
    status: 'skip',
  },
  { name: 'subscriptions not collected', change: (s) => void delete s.graph.subscribedSkus, status: 'skip' },
];

for (const c of cases) {
  test(`EA-CA-005: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const [o, ...rest] = check.evaluate(contextFor(snapshot));
    assert.equal(rest.length, 0);
    assert.equal(o!.status, c.status, o!.message);
    assert.equal(o!.subject.type, 'tenant');
    if (c.message) assert.match(o!.message, c.message);
  });
}
