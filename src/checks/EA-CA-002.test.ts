import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-002.js';
import type { Model } from './types.js';
import type { Snapshot } from '../snapshot/schema.js';
import { DEDICATED_POLICY, contextFor, healthyTenant } from '../../test/fixtures/tenants/lockout-tenant.js';

const session = (s: Snapshot) =>
  s.graph.conditionalAccessPolicies!.find((p) => p.id === DEDICATED_POLICY)!.sessionControls as Record<
    string,
    Record<string, unknown>
  >;

const cases: {
  name: string;
  change?: (s: Snapshot) => void;
  model?: Model;
  hours?: number;
  status: string;
  message?: RegExp;
}[] = [
  { name: 'one hour and resilience defaults kept', status: 'pass', message: /every 1 hour/ },
  {
    name: 'four hours is too long',
    change: (s) => void (session(s).signInFrequency!.value = 4),
    status: 'fail',
    message: /4 hours, more than 1/,
  },
  {
    name: 'one day is too long',
    change: (s) => void Object.assign(session(s).signInFrequency!, { type: 'days', value: 1 }),
    status: 'fail',
    message: /24 hours/,
  },
  {
    name: 'four hours when the config allows four',
    change: (s) => void (session(s).signInFrequency!.value = 4),
    hours: 4,
    status: 'pass',
  },
  {
    name: 'every time is stricter than an hour',
    change: (s) =>
      void Object.assign(session(s).signInFrequency!, {
        frequencyInterval: 'everyTime',
        type: null,
        value: null,
      }),
    status: 'pass',
    message: /every time/,
  },
  {
    name: 'no sign-in frequency',
    change: (s) => void delete session(s).signInFrequency,
    status: 'fail',
    message: /no sign-in frequency/,
  },
  {
    name: 'sign-in frequency switched off',
    change: (s) => void (session(s).signInFrequency!.isEnabled = false),
    status: 'fail',
    message: /no sign-in frequency/,
  },
  {
    name: 'resilience defaults disabled',
    change: (s) => void ((session(s) as Record<string, unknown>).disableResilienceDefaults = true),
    status: 'fail',
    message: /resilience defaults/,
  },
  { name: 'exclude-all has no dedicated policy', model: 'exclude-all', status: 'skip' },
  {
    name: 'no dedicated policy: EA-CA-001 reports it',
    change: (s) => void s.graph.conditionalAccessPolicies!.shift(),
    status: 'skip',
  },
];

for (const c of cases) {
  test(`EA-CA-002: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const context = contextFor(snapshot, c.model);
    if (c.hours) context.config.policy.signInFrequencyHours = c.hours;
    const [o, ...rest] = check.evaluate(context);
    assert.equal(rest.length, 0);
    assert.equal(o!.status, c.status, o!.message);
    if (c.message) assert.match(o!.message, c.message);
  });
}
