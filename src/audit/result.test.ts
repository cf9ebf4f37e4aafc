import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleAuditResult } from './result.js';
import type { Finding } from '../checks/types.js';

const f = (checkId: string, id: string, status: Finding['status'] = 'pass'): Finding => ({
  checkId,
  status,
  severity: 'high',
  subject: { type: 'user', id },
  message: `${checkId} ${id}`,
  evidence: {},
});

const parts = {
  tenant: { id: 't', displayName: 'T', initialDomain: 't.onmicrosoft.com' },
  model: 'dedicated' as const,
  startedAt: new Date('2026-11-27T10:00:00Z'),
  finishedAt: new Date('2026-11-27T10:00:01Z'),
  lockout: [],
  accountSource: 'config' as const,
  toolVersion: '9.9.9',
};

test('findings are sorted by check id, then subject id; the summary is counted', () => {
  const result = assembleAuditResult({
    ...parts,
    findings: [
      f('EA-CA-003', 'b', 'fail'),
      f('EA-ACC-001', 'z'),
      f('EA-CA-003', 'A', 'warn'),
      f('EA-ACC-001', 'a', 'skip'),
    ],
  });
  assert.deepEqual(
    result.findings.map((x) => `${x.checkId}/${x.subject.id}`),
    ['EA-ACC-001/a', 'EA-ACC-001/z', 'EA-CA-003/A', 'EA-CA-003/b'],
  );
  assert.deepEqual(result.summary, { pass: 1, fail: 1, warn: 1, skip: 1, error: 0 });
  assert.equal(result.formatVersion, 1);
  assert.deepEqual(result.tool, { name: 'breakglass', version: '9.9.9' });
  assert.equal(result.startedAt, '2026-11-27T10:00:00.000Z');
});

test('lockout verdicts are sorted by account', () => {
  const verdict = (upn: string) => ({
    accountId: upn,
    userPrincipalName: upn,
    verdict: 'allowed' as const,
    decidingPolicies: [],
  });
  const result = assembleAuditResult({ ...parts, findings: [], lockout: [verdict('b@x'), verdict('A@x')] });
  assert.deepEqual(
    result.lockout.map((v) => v.userPrincipalName),
    ['A@x', 'b@x'],
  );
});
