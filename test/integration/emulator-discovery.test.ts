/**
 * Discovering one tenant of an emulator that holds several: the product asks for the tenant it
 * wants (`/_emulator/info?tenant=ID`) instead of downloading the whole list, and still names the
 * loaded tenants when the one asked for is not there.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverEmulator } from '../../src/clients/emulator-info.js';
import { emulatorSkipReason, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const skip = emulatorSkipReason();
const SECOND = 'f1ee7000-0000-4000-8000-000000000002';

describe('emulator discovery with several tenants', { skip }, () => {
  let t: TestEmulator;
  let first: string;
  before(async () => {
    t = await startTestEmulator({ scenario: 'empty' });
    first = (await t.control.info()).tenants[0]!.tenantId;
    const document = JSON.stringify(await t.control.snapshot(first, true));
    await t.control.putTenant(SECOND, JSON.parse(document.split(first).join(SECOND)));
  });
  after(() => t.stop());
  const discover = (tenantId?: string) =>
    discoverEmulator(t.emulator.url, { caPem: t.emulator.caPem, env: {}, tenantId });
  const ids = (info: { tenants: readonly { tenantId: string }[] }) => info.tenants.map((x) => x.tenantId);

  test('asking for a tenant returns that tenant only', async () => {
    assert.deepEqual(ids((await discover(SECOND.toUpperCase())).info), [SECOND]);
    assert.deepEqual(ids((await discover()).info).sort(), [first, SECOND].sort());
  });

  test('a tenant that is not loaded gets the full list, and connect() names what is loaded', async () => {
    assert.deepEqual(
      ids((await discover('00000000-0000-4000-8000-00000000dead')).info).sort(),
      [first, SECOND].sort(),
    );
    await assert.rejects(
      t.connect({ tenantId: '00000000-0000-4000-8000-00000000dead' }),
      (error: Error) => error.message.includes(first) && error.message.includes(SECOND),
    );
  });

  test('connect() to the second tenant reads that tenant', async () => {
    const connection = await t.connect({ tenantId: SECOND });
    assert.equal(connection.tenantId, SECOND);
  });
});
