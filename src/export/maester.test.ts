import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMaesterConfig } from './maester.js';
import type { ExportSubjects } from './subjects.js';

const subjects: ExportSubjects = {
  tenantId: 't',
  accountSource: 'config',
  accounts: [
    { id: 'u1', userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com' },
    { id: 'u2', userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com' },
  ],
  group: { id: 'g1', displayName: 'CA-Persona-BreakGlassAccounts' },
};

const entries = (text: string) =>
  (JSON.parse(text) as { GlobalSettings: { EmergencyAccessAccounts: unknown[] } }).GlobalSettings
    .EmergencyAccessAccounts;

test('by default the group, which is what MT.1005 finds in excludeGroups', () => {
  assert.deepEqual(entries(renderMaesterConfig(subjects)), [{ Type: 'Group', Id: 'g1' }]);
});

test('users (with UPN) on request, or both', () => {
  assert.deepEqual(entries(renderMaesterConfig(subjects, 'users')), [
    { Type: 'User', Id: 'u1', UserPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com' },
    { Type: 'User', Id: 'u2', UserPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com' },
  ]);
  assert.equal(entries(renderMaesterConfig(subjects, 'both')).length, 3);
});

test('without a group the users are listed even when the group was asked for', () => {
  const { group: _group, ...noGroup } = subjects;
  assert.equal(entries(renderMaesterConfig(noGroup)).length, 2);
});
