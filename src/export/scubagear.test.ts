import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { renderScubaGearFragment, SCUBA_CAP_EXCLUSION_POLICIES } from './scubagear.js';
import type { ExportSubjects } from './subjects.js';

const subjects: ExportSubjects = {
  tenantId: 't',
  accountSource: 'config',
  accounts: [
    { id: 'u1', userPrincipalName: 'a@x' },
    { id: 'u2', userPrincipalName: 'b@x' },
  ],
  group: { id: 'g1', displayName: 'BG\nname' },
};

test('every CA-exclusion control lists the accounts and the group; MS.AAD.7.4 gets RoleExclusions', () => {
  const text = renderScubaGearFragment(subjects);
  const doc = parse(text) as { Aad: Record<string, { CapExclusions?: unknown; RoleExclusions?: unknown }> };
  for (const id of SCUBA_CAP_EXCLUSION_POLICIES) {
    assert.deepEqual(doc.Aad[id]!.CapExclusions, { Users: ['u1', 'u2'], Groups: ['g1'] }, id);
  }
  assert.deepEqual(doc.Aad['MS.AAD.7.4v1']!.RoleExclusions, { Users: ['u1', 'u2'], Groups: ['g1'] });
  assert.ok(!text.includes('&'), 'no YAML anchors: each control stands alone');
  assert.match(text, /^# Break-glass group: BG name$/m, 'a newline in a name cannot end the comment');
});
