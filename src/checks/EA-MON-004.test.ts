import { test } from 'node:test';
import { check } from './EA-MON-004.js';
import {
  ACTION_GROUP_ID,
  assertCase,
  props,
  SIGNIN_RULE_ID,
  TENANT_ID,
  type CheckCase,
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
    change: (s) => void (s.azure!.resources = s.azure!.resources!.filter((r) => r.id !== ACTION_GROUP_ID)),
    expect: { [SIGNIN_RULE_ID]: 'fail' },
    messageIncludes: { [SIGNIN_RULE_ID]: 'does not exist' },
  },
  {
    name: 'no sign-in rule',
    change: (s) => void (s.azure!.resources = s.azure!.resources!.filter((r) => r.id !== SIGNIN_RULE_ID)),
    expect: { [TENANT_ID]: 'fail' },
  },
];

for (const c of cases) test(`EA-MON-004: ${c.name}`, () => void assertCase(check, c));

test('EA-MON-004: action groups unreadable (403) is a skip, not a failure', () =>
  void assertCase(check, {
    name: 'action groups unreadable',
    change: (s) => void (s.azure!.resources = s.azure!.resources!.filter((r) => r.id !== ACTION_GROUP_ID)),
    options: {
      collectionErrors: {
        actionGroups: {
          reason: 'missing-permission',
          detail: 'Microsoft.Insights/actionGroups/read was denied',
        },
      },
    },
    expect: { [TENANT_ID]: 'skip:missing-permission' },
  }));
