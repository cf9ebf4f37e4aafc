import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateStore } from './store.js';

const now = new Date('2026-11-27T12:00:00Z');

test('an interrupted apply resumes with the steps it finished, and a finished one is not repeated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-state-'));
  try {
    const path = join(dir, 'state.db');
    let store = new StateStore(path);
    assert.equal(store.beginApply('plan-1', 'tenant', now), 'new');
    store.stepStarted('plan-1', 'group', now);
    store.stepDone('plan-1', 'group', { id: 'g1' }, now);
    store.stepStarted('plan-1', 'account[EmergencyAccount_1]', now);
    store.close(); // the process dies here

    store = new StateStore(path);
    assert.equal(store.beginApply('plan-1', 'tenant', now), 'resumed');
    const steps = store.steps('plan-1');
    assert.deepEqual(steps.get('group'), {
      address: 'group',
      status: 'done',
      output: { id: 'g1' },
      error: null,
    });
    assert.equal(steps.get('account[EmergencyAccount_1]')?.status, 'started');
    store.finishApply('plan-1', 'done', now);
    assert.equal(store.beginApply('plan-1', 'tenant', now), 'done');
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('drills are recorded and updated', () => {
  const store = new StateStore(':memory:');
  store.addDrill({
    id: 'd1',
    tenantId: 't',
    accountId: 'a1',
    userPrincipalName: 'bg1@x',
    startedAt: now.toISOString(),
    verifiedAt: null,
    verified: false,
    signInId: null,
    alertFired: null,
    notes: null,
  });
  store.updateDrill('d1', {
    verified: true,
    verifiedAt: now.toISOString(),
    alertFired: true,
    signInId: 's1',
  });
  assert.deepEqual(
    store.drills('t').map((d) => [d.id, d.verified, d.alertFired, d.signInId]),
    [['d1', true, true, 's1']],
  );
  assert.deepEqual(store.drills('other'), []);
  store.close();
});
