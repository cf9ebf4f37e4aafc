import { test } from 'node:test';
import { check } from './EA-ACC-005.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, TENANT_ID, type CheckCase } from './lib/fixture.js';
import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';

const schedule = (s: Snapshot, principalId: string) =>
  s.graph.roleAssignmentSchedules!.find((x) => x.principalId === principalId)!;
const dropAssignment = (s: Snapshot, principalId: string) =>
  void (s.graph.roleAssignments = s.graph.roleAssignments!.filter((a) => a.principalId !== principalId));

const cases: CheckCase[] = [
  { name: 'permanent active assignments', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'only eligible in PIM',
    change: (s) => {
      dropAssignment(s, ACCOUNT_2);
      s.graph.roleAssignmentSchedules = s.graph.roleAssignmentSchedules!.filter(
        (x) => x.principalId !== ACCOUNT_2,
      );
      s.graph.roleEligibilitySchedules = [
        { id: 'elig', roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID, principalId: ACCOUNT_2 },
      ];
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_2]: 'only eligible' },
  },
  {
    name: 'active only through a PIM activation',
    change: (s) => void (schedule(s, ACCOUNT_1).assignmentType = 'Activated'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
    messageIncludes: { [ACCOUNT_1]: 'activation' },
  },
  {
    name: 'a time-bound assignment',
    change: (s) =>
      void (schedule(s, ACCOUNT_1).scheduleInfo = {
        expiration: { type: 'afterDateTime', endDateTime: '2027-01-01T00:00:00Z' },
      }),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
    messageIncludes: { [ACCOUNT_1]: '2027-01-01' },
  },
  {
    name: 'no GA at all',
    change: (s) => dropAssignment(s, ACCOUNT_1),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'another role only',
    change: (s) =>
      void (s.graph.roleAssignments!.find((a) => a.principalId === ACCOUNT_2)!.roleDefinitionId =
        'fe930be7-5e62-47db-91af-98c3a49a38b1'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'no PIM schedules collected: a plain assignment is permanent',
    change: (s) => void delete s.graph.roleAssignmentSchedules,
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'GA by a custom role definition id whose template is GA',
    change: (s) => {
      s.graph.roleDefinitions = [{ id: 'gadef', templateId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID }];
      for (const a of s.graph.roleAssignments!) a.roleDefinitionId = 'gadef';
      delete s.graph.roleAssignmentSchedules;
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'role assignments not collected',
    change: (s) => void delete s.graph.roleAssignments,
    expect: { [TENANT_ID]: 'skip:not-collected' },
  },
];

for (const c of cases) test(`EA-ACC-005: ${c.name}`, () => void assertCase(check, c));
