import { test } from 'node:test';
import { check } from './EA-MON-002.js';
import {
  assertCase,
  props,
  TENANT_ID,
  WORKSPACE_ID,
  type CheckCase,
  withoutResource,
  resourcesNotCollected,
} from './lib/fixture.js';

const SETTING = '/providers/microsoft.aadiam/diagnosticSettings/breakglass-signinlogs';

const cases: CheckCase[] = [
  { name: '90 days', expect: { [WORKSPACE_ID]: 'pass' } },
  {
    name: 'the 30-day default fails',
    change: (s) => void (props(s, WORKSPACE_ID)['retentionInDays'] = 30),
    expect: { [WORKSPACE_ID]: 'fail' },
  },
  {
    name: 'retention absent means the default',
    change: (s) => void delete props(s, WORKSPACE_ID)['retentionInDays'],
    expect: { [WORKSPACE_ID]: 'fail' },
  },
  {
    name: 'the minimum is configurable',
    change: (s, c) => void (c.audit.minRetentionDays = 180),
    expect: { [WORKSPACE_ID]: 'fail' },
  },
  {
    name: 'two years',
    change: (s) => void (props(s, WORKSPACE_ID)['retentionInDays'] = 730),
    expect: { [WORKSPACE_ID]: 'pass' },
  },
  {
    name: 'the setting points to a deleted workspace',
    change: withoutResource(WORKSPACE_ID),
    expect: { [WORKSPACE_ID.toLowerCase()]: 'fail' },
  },
  {
    name: 'no workspace receives sign-ins',
    change: (s) => void (props(s, SETTING)['logs'] = []),
    expect: { [TENANT_ID]: 'skip:not-applicable' },
  },
  resourcesNotCollected,
];

for (const c of cases) test(`EA-MON-002: ${c.name}`, () => void assertCase(check, c));
