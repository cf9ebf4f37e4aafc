import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

describe('GET /_emulator/info', () => {
  let t: TestEmulator;
  let second: string;
  before(async () => {
    const other = minimalTenant(8);
    second = String(other.graph.organization![0]!.id);
    t = await startTestEmulator({ tenant: minimalTenant(7), tenants: [other] });
  });
  after(() => t.close());
  const tenantIds = async (query: string) =>
    ((await t.call('GET', `/_emulator/info${query}`)).body.tenants as { tenantId: string }[]).map(
      (tenant) => tenant.tenantId,
    );

  it('lists every tenant, or with ?tenant=ID only that one (case-insensitive), or none when unknown', async () => {
    assert.deepEqual(await tenantIds(''), [t.tenantId, second]);
    assert.deepEqual(await tenantIds(`?tenant=${second.toUpperCase()}`), [second]);
    assert.deepEqual(await tenantIds('?tenant=00000000-0000-4000-8000-00000000dead'), []);
    const filtered = (await t.call('GET', `/_emulator/info?tenant=${second}`)).body;
    assert.ok(filtered.caCertificate.includes('BEGIN CERTIFICATE'));
    assert.ok(filtered.tenants[0].adminApp.clientSecret);
  });
});
