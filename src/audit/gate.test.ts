import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeForAudit, parseSeverity } from './gate.js';
import type { Finding, Severity, Status } from '../checks/types.js';

const finding = (status: Status, severity: Severity): Finding => ({
  checkId: 'EA-X-001',
  status,
  severity,
  subject: { type: 'tenant', id: 't' },
  message: '',
  evidence: {},
});

// checks.md: 0 when nothing at or above --fail-on fails, 1 when something does.
const cases: { name: string; findings: Finding[]; failOn: Severity; exit: number }[] = [
  { name: 'nothing fails', findings: [finding('pass', 'critical')], failOn: 'high', exit: 0 },
  { name: 'a high failure at high', findings: [finding('fail', 'high')], failOn: 'high', exit: 1 },
  { name: 'a critical failure at high', findings: [finding('fail', 'critical')], failOn: 'high', exit: 1 },
  { name: 'a medium failure at high', findings: [finding('fail', 'medium')], failOn: 'high', exit: 0 },
  { name: 'a medium failure at medium', findings: [finding('fail', 'medium')], failOn: 'medium', exit: 1 },
  { name: 'an info failure at info', findings: [finding('fail', 'info')], failOn: 'info', exit: 1 },
  {
    name: 'a critical warning never fails',
    findings: [finding('warn', 'critical')],
    failOn: 'info',
    exit: 0,
  },
  { name: 'a critical skip never fails', findings: [finding('skip', 'critical')], failOn: 'info', exit: 0 },
  {
    name: 'an error at the threshold fails (unknown is not compliant)',
    findings: [finding('error', 'high')],
    failOn: 'high',
    exit: 1,
  },
  {
    name: 'an error below the threshold does not',
    findings: [finding('error', 'low')],
    failOn: 'high',
    exit: 0,
  },
];

for (const c of cases) {
  test(`exit code: ${c.name}`, () =>
    assert.equal(exitCodeForAudit({ findings: c.findings }, c.failOn), c.exit));
}

test('severities parse case-insensitively; anything else is undefined', () => {
  assert.equal(parseSeverity('HIGH'), 'high');
  assert.equal(parseSeverity(' critical '), 'critical');
  assert.equal(parseSeverity('severe'), undefined);
});
