import { test } from 'node:test';
import { check } from './EA-OPS-002.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, TENANT_ID, WORKSPACE_ID, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'each sign-in belongs to a drill', expect: { 'si-1': 'pass', 'si-2': 'pass' } },
  {
    name: 'an unexplained sign-in is its own failure',
    change: (s) =>
      void s.graph.signIns!.push({
        id: 'si-x',
        createdDateTime: '2026-11-25T03:00:00Z',
        userId: ACCOUNT_2,
        ipAddress: '203.0.113.9',
      }),
    expect: { 'si-1': 'pass', 'si-2': 'pass', 'si-x': 'fail' },
    messageIncludes: { 'si-x': '203.0.113.9' },
  },
  {
    name: 'a sign-in shortly after a drill started matches it by time',
    change: (s) =>
      void s.graph.signIns!.push({ id: 'si-y', createdDateTime: '2026-11-17T10:30:00Z', userId: ACCOUNT_1 }),
    expect: { 'si-1': 'pass', 'si-2': 'pass', 'si-y': 'pass' },
  },
  {
    name: 'a sign-in of the same account long after the drill does not',
    change: (s) =>
      void s.graph.signIns!.push({ id: 'si-z', createdDateTime: '2026-11-18T10:30:00Z', userId: ACCOUNT_1 }),
    expect: { 'si-1': 'pass', 'si-2': 'pass', 'si-z': 'fail' },
  },
  {
    name: 'Log Analytics rows count too, and merge with Graph by id',
    change: (s) => {
      s.azure!.logs = {
        [WORKSPACE_ID]: {
          SigninLogs: [
            {
              Id: 'si-1',
              TimeGenerated: '2026-11-17T10:00:05Z',
              CreatedDateTime: '2026-11-17T09:59:36Z',
              UserId: ACCOUNT_1,
              UserPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
            },
            {
              Id: 'la-1',
              TimeGenerated: '2026-11-20T12:00:00Z',
              UserId: '',
              UserPrincipalName: 'emergencyaccount_2@contoso.onmicrosoft.com',
              ResultType: '50126',
            },
          ],
        },
      };
    },
    expect: { 'si-1': 'pass', 'si-2': 'pass', 'la-1': 'fail' },
  },
  {
    name: 'sign-ins outside the window are not reviewed',
    change: (s, c) => void (c.audit.reviewWindowDays = 5),
    expect: { [TENANT_ID]: 'pass' },
  },
  {
    name: "other users' sign-ins are ignored",
    change: (s) =>
      void (s.graph.signIns = s.graph.signIns!.filter(
        (x) => x.userId !== ACCOUNT_1 && x.userId !== ACCOUNT_2,
      )),
    expect: { [TENANT_ID]: 'pass' },
  },
  {
    name: 'no drill records: every sign-in is unexplained',
    change: (s) => void delete s.drills,
    expect: { 'si-1': 'fail', 'si-2': 'fail' },
  },
  {
    name: 'sign-ins not collected (no licence)',
    change: (s) => void delete s.graph.signIns,
    options: {
      collectionErrors: {
        'graph.signIns': { reason: 'not-licensed', detail: 'reading sign-ins needs Entra ID P1' },
      },
    },
    expect: { [TENANT_ID]: 'skip:not-licensed' },
  },
];

for (const c of cases) test(`EA-OPS-002: ${c.name}`, () => void assertCase(check, c));
