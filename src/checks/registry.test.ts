import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { checks, findCheck, runChecks } from './registry.js';
import { resolveAuditContext } from './context.js';
import { deniedCollection, healthyConfig, healthySnapshot, ACCOUNT_1, AUDIT_RULE_ID } from './lib/fixture.js';
import type { CheckDefinition } from './types.js';

const SPEC_IDS = [
  ...Array.from({ length: 10 }, (_, i) => `EA-ACC-${String(i + 1).padStart(3, '0')}`),
  'EA-GRP-001',
  'EA-GRP-002',
  'EA-GRP-003',
  ...Array.from({ length: 6 }, (_, i) => `EA-MON-00${i + 1}`),
  'EA-OPS-001',
  'EA-OPS-002',
];

test('the registry holds every non-CA check of the catalogue, once, in id order, with its doc', () => {
  const ids = checks.map((c) => c.id).filter((id) => !id.startsWith('EA-CA-'));
  assert.deepEqual(ids, SPEC_IDS);
  const all = checks.map((c) => c.id);
  assert.deepEqual(all, [...all].sort());
  assert.equal(new Set(all).size, all.length);
  for (const check of checks) {
    assert.equal(check.doc, `docs/checks/${check.id}.md`);
    assert.ok(existsSync(join(packageRoot(), check.doc)), `${check.doc} exists`);
    assert.ok(check.rationale.length > 40);
  }
});

test('on the healthy tenant every non-CA check passes', () => {
  const findings = runChecks(resolveAuditContext(healthySnapshot(), healthyConfig()));
  const notPassing = findings.filter((f) => !f.checkId.startsWith('EA-CA-') && f.status !== 'pass');
  assert.deepEqual(notPassing, []);
});

test('findings are sorted by check id then subject id, with the check severity filled in', () => {
  const findings = runChecks(resolveAuditContext(healthySnapshot(), healthyConfig()));
  const keys = findings.map((f) => `${f.checkId} ${f.subject.id}`);
  assert.deepEqual(
    keys,
    [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  assert.equal(findings.find((f) => f.checkId === 'EA-ACC-004')?.severity, 'critical');
  assert.deepEqual(Object.keys(findings[0]!), [
    'checkId',
    'status',
    'severity',
    'subject',
    'message',
    'evidence',
  ]);
});

test('a check that throws becomes one error finding and the others still run', () => {
  const broken: CheckDefinition = {
    ...findCheck('EA-ACC-001')!,
    id: 'EA-ACC-000',
    evaluate: () => {
      throw new Error('boom');
    },
  };
  const findings = runChecks(resolveAuditContext(healthySnapshot(), healthyConfig()), [
    broken,
    findCheck('EA-ACC-004')!,
  ]);
  const error = findings.filter((f) => f.checkId === 'EA-ACC-000');
  assert.equal(error.length, 1);
  assert.equal(error[0]!.status, 'error');
  assert.match(error[0]!.message, /boom/);
  assert.equal(findings.filter((f) => f.checkId === 'EA-ACC-004').length, 2);
});

test('a skip carries its reason into the finding', () => {
  const snapshot = healthySnapshot();
  delete snapshot.graph.authenticationMethods;
  const context = resolveAuditContext(
    snapshot,
    healthyConfig(),
    deniedCollection('graph.authenticationMethods', 'UserAuthenticationMethod.Read.All was not granted'),
  );
  const finding = runChecks(context, [findCheck('EA-ACC-007')!])[0]!;
  assert.equal(finding.status, 'skip');
  assert.equal(finding.skipReason, 'missing-permission');
  assert.match(finding.message, /UserAuthenticationMethod\.Read\.All/);
});

test('two runs on the same tenant give the same bytes', () => {
  const run = () => JSON.stringify(runChecks(resolveAuditContext(healthySnapshot(), healthyConfig())));
  assert.equal(run(), run());
  assert.ok(run().includes(ACCOUNT_1) && run().includes(AUDIT_RULE_ID));
});
