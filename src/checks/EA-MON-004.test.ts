import { test } from 'node:test';
import { check } from './EA-MON-004.js';
import {
  ACTION_GROUP_ID,
  assertCase,
  deniedCollection,
  props,
  SIGNIN_RULE_ID,
  TENANT_ID,
  type CheckCase,
  withoutResource,
} from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'an action group with an email receiver', expect: { [SIGNIN_RULE_ID]: 'pass' } },
  {
    name: 'no action group on the rule',
    change: (s) => void (props(s, SIGNIN_RULE_ID)['actions'] = { actionGroups: [] }),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
  },
  {
    name: 'an action group without receivers',
    change: (s) => void (props(s, ACTION_GROUP_ID)['emailReceivers'] = []),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
    messageIncludes: { [SIGNIN_RULE_ID]: 'no active receiver' },
  },
  {
    name: 'the only receiver unsubscribed',
    change: (s) =>
      void ((props(s, ACTION_GROUP_ID)['emailReceivers'] as Record<string, unknown>[])[0]!['status'] =
        'Disabled'),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
  },
  {
    name: 'a webhook receiver counts',
    change: (s) =>
      void Object.assign(props(s, ACTION_GROUP_ID), {
        emailReceivers: [],
        webhookReceivers: [{ name: 'soar', serviceUri: 'https://soar.example/hook' }],
      }),
    expect: { [SIGNIN_RULE_ID]: 'pass' },
  },
  {
    name: 'a disabled action group',
    change: (s) => void (props(s, ACTION_GROUP_ID)['enabled'] = false),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
  },
  {
    name: 'the action group was deleted',
    change: withoutResource(ACTION_GROUP_ID),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
    messageIncludes: { [SIGNIN_RULE_ID]: 'does not exist' },
  },
  {
    name: 'no sign-in rule',
    change: withoutResource(SIGNIN_RULE_ID),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'action groups unreadable (403) is a skip, not a failure',
    change: withoutResource(ACTION_GROUP_ID),
    options: deniedCollection('actionGroups', 'Microsoft.Insights/actionGroups/read was denied'),
    expect: { [TENANT_ID]: 'skip:missing-permission' },
  },
];

for (const c of cases) test(`EA-MON-004: ${c.name}`, () => void assertCase(check, c));
