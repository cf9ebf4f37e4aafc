import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson } from './json.js';
import { driftedResult, goodResult, rebuild } from '../../test/fixtures/audit/fixtures.js';
import type { AuditResult } from '../checks/types.js';

test('the JSON has the contract’s keys in the contract’s order', () => {
  const parsed = JSON.parse(renderJson(driftedResult())) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), [
    'formatVersion',
    'tool',
    'tenant',
    'model',
    'startedAt',
    'finishedAt',
    'summary',
    'findings',
    'lockout',
    'accountSource',
    'interop',
  ]);
  const finding = (parsed['findings'] as Record<string, unknown>[])[0]!;
  assert.deepEqual(Object.keys(finding), ['checkId', 'status', 'severity', 'subject', 'message', 'evidence']);
  assert.deepEqual(parsed['summary'], { pass: 30, fail: 6, warn: 1, skip: 2, error: 1 });
});

test('it round-trips: parsing the bytes gives the result back', () => {
  const result = driftedResult();
  assert.deepEqual(JSON.parse(renderJson(result)), JSON.parse(JSON.stringify(result)));
});

test('the bytes do not depend on the order findings or evidence keys were produced in', () => {
  const a = driftedResult();
  const shuffled: AuditResult = rebuild(a, {
    findings: [...a.findings].reverse().map((f) => ({
      ...f,
      evidence: Object.fromEntries(Object.entries(f.evidence).reverse()),
    })),
    lockout: [...a.lockout].reverse(),
  });
  assert.equal(renderJson(shuffled), renderJson(a));
});

test('two audits of one tenant differ only in the timestamps', () => {
  const first = renderJson(goodResult());
  const second = renderJson(
    rebuild(goodResult(), { startedAt: '2026-12-01T08:00:00.000Z', finishedAt: '2026-12-01T08:00:02.000Z' }),
  );
  const mask = (s: string) => s.replace(/"(startedAt|finishedAt)": "[^"]*"/g, '"$1": "…"');
  assert.notEqual(first, second);
  assert.equal(mask(first), mask(second));
});

test('the sign-in review is included when the result carries one', () => {
  const result = rebuild(goodResult(), {
    signIns: [
      {
        id: 's1',
        createdDateTime: '2026-11-20T10:00:00Z',
        userId: 'u',
        userPrincipalName: 'x@y',
        classification: 'unexplained',
      },
    ],
  });
  const parsed = JSON.parse(renderJson(result)) as { signIns: unknown[] };
  assert.equal(parsed.signIns.length, 1);
  assert.ok(!('signIns' in (JSON.parse(renderJson(goodResult())) as object)));
});
