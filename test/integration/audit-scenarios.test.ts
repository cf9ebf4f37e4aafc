/**
 * Issue 3, Done-when 1: the audit of the `drifted` scenario finds every mistake seeded in it, and
 * the `healthy` scenario fails nothing — collected over HTTPS from the emulator, as `npm start`
 * does. The list of seeded mistakes is the scenario's own (`driftedMistakes`), read here by the
 * test only; the product never sees it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSnapshot } from '../../src/collect/collect.js';
import { runAudit } from '../../src/audit/run.js';
import type { AuditResult } from '../../src/checks/types.js';
import { driftedMistakes } from '../../emulator/src/scenarios/index.js';
import { emulatorSkipReason, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const skip = emulatorSkipReason();

async function auditScenario(scenario: string): Promise<{ result: AuditResult; stop: () => Promise<void> }> {
  const emulator: TestEmulator = await startTestEmulator({ scenario });
  const connection = await emulator.connect();
  const { snapshot, collectionErrors } = await collectSnapshot(connection);
  // Drills are the operator's own records (the state store), not tenant data Graph can return:
  // stand in for the store with the drills the scenario was seeded with.
  const seeded = (await emulator.control.snapshot(connection.tenantId)) as {
    drills?: AuditResult['findings'];
  };
  snapshot.drills = (seeded.drills ?? []) as never;
  const now = new Date();
  return {
    result: runAudit({ snapshot, collectionErrors, startedAt: now, finishedAt: now }),
    stop: () => emulator.stop(),
  };
}

describe('auditing the built-in scenarios over HTTPS', { skip }, () => {
  let drifted: AuditResult;
  let healthy: AuditResult;
  const stops: (() => Promise<void>)[] = [];
  before(async () => {
    const [d, h] = await Promise.all([auditScenario('drifted'), auditScenario('healthy')]);
    drifted = d.result;
    healthy = h.result;
    stops.push(d.stop, h.stop);
  });
  after(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });

  for (const mistake of driftedMistakes) {
    test(`drifted: "${mistake.description}" is found`, () => {
      const found = drifted.findings.filter(
        (f) =>
          (f.status === 'fail' || f.status === 'warn') &&
          mistake.expectedCheckIds.includes(f.checkId) &&
          (!mistake.subjectId ||
            f.subject.id.toLowerCase() === mistake.subjectId.toLowerCase() ||
            JSON.stringify(f.evidence).toLowerCase().includes(mistake.subjectId.toLowerCase())),
      );
      assert.ok(
        found.length > 0,
        `no fail/warn of ${mistake.expectedCheckIds.join(' or ')}${mistake.subjectId ? ` about ${mistake.subjectId}` : ''}`,
      );
    });
  }

  test('drifted: the audit says the accounts are locked out by the seeded lockout policy', () => {
    assert.ok(drifted.lockout.some((verdict) => verdict.verdict === 'blocked'));
  });

  test('healthy: nothing fails or warns, and every account can sign in', () => {
    const bad = healthy.findings.filter(
      (f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error',
    );
    assert.deepEqual(
      bad.map((f) => `${f.checkId} ${f.status} ${f.subject.displayName ?? f.subject.id}: ${f.message}`),
      [],
    );
    assert.ok(healthy.lockout.length >= 2);
    assert.ok(healthy.lockout.every((verdict) => verdict.verdict === 'allowed'));
  });
});
