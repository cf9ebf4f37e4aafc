import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuditContext } from './context.js';
import { ACCOUNT_1, ACCOUNT_2, ADMIN, CAPTURED_AT, healthyConfig, healthySnapshot } from './lib/fixture.js';
import { configSchema } from '../config/schema.js';

const ids = (context: ReturnType<typeof resolveAuditContext>) =>
  context.accounts.map((a) => a.user?.id ?? `unresolved:${a.ref}`);

test('config accounts are naming × count on the initial domain', () => {
  const context = resolveAuditContext(healthySnapshot(), healthyConfig());
  assert.equal(context.accountSource, 'config');
  assert.deepEqual(ids(context), [ACCOUNT_1, ACCOUNT_2]);
  assert.equal(context.model, 'dedicated');
  assert.equal(context.now.toISOString(), new Date(CAPTURED_AT).toISOString());
});

test('an explicit list resolves by UPN (any case) or by id, and reports what does not resolve', () => {
  const config = configSchema.parse({
    accounts: {
      list: [
        { userPrincipalName: 'EMERGENCYACCOUNT_2@contoso.onmicrosoft.com' },
        { id: ADMIN.toUpperCase() },
        { userPrincipalName: 'ghost@contoso.onmicrosoft.com' },
      ],
    },
  });
  const context = resolveAuditContext(healthySnapshot(), config);
  assert.deepEqual(ids(context), [ACCOUNT_2, ADMIN, 'unresolved:ghost@contoso.onmicrosoft.com']);
});

test('without a config the accounts are the break-glass group members, and the context says so', () => {
  const snapshot = healthySnapshot();
  snapshot.graph.groups![0]!.members = [ACCOUNT_2, ADMIN];
  const context = resolveAuditContext(snapshot, undefined);
  assert.equal(context.accountSource, 'group');
  assert.deepEqual(ids(context).sort(), [ACCOUNT_2, ADMIN].sort());
});

test('without a config and without the group there are no accounts', () => {
  const snapshot = healthySnapshot();
  snapshot.graph.groups = [];
  assert.deepEqual(resolveAuditContext(snapshot, undefined).accounts, []);
});

test('under split the roles come from the config (first dedicated, the rest excluded)', () => {
  const config = configSchema.parse({ model: 'split' });
  const context = resolveAuditContext(healthySnapshot(), config);
  assert.deepEqual(
    context.accounts.map((a) => a.role),
    ['dedicated', 'excluded'],
  );
});

test('now and collection errors can be given', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const context = resolveAuditContext(healthySnapshot(), healthyConfig(), {
    now,
    collectionErrors: { 'graph.signIns': { reason: 'not-licensed', detail: 'no Entra ID P1' } },
  });
  assert.equal(context.now, now);
  assert.equal(context.collectionErrors['graph.signIns']?.reason, 'not-licensed');
});
