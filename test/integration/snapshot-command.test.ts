/**
 * `breakglass snapshot` and `breakglass init` against the emulator: the snapshot file reads back
 * through the snapshot reader and holds no secret; init fills the tenant's id and initial domain.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../src/clients/connection.js';
import { init } from '../../src/cli/commands/init.js';
import { snapshot } from '../../src/cli/commands/snapshot.js';
import { parseConfig } from '../../src/config/load.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { emulatorSkipReason, startTestEmulator, tempDir, type TestEmulator } from '../helpers/emulator.js';

const skip = emulatorSkipReason();

describe('snapshot and init commands on the emulator', { skip }, () => {
  let emulator: TestEmulator;
  const dir = tempDir('breakglass-snapshot-cmd-');
  const withEmulator = async <T>(work: (c: Connection) => Promise<T>) => work(await emulator.connect());
  before(async () => {
    emulator = await startTestEmulator({ scenario: 'healthy' });
  });
  after(async () => {
    await emulator?.stop();
    dir.remove();
  });

  test('snapshot -o FILE writes a snapshot that reads back, without secrets', async () => {
    const stderr: string[] = [];
    await snapshot(
      { output: 'tenant.json' },
      {
        cwd: dir.path,
        stdout: { write: () => true },
        stderr: { write: (t: string) => stderr.push(t) },
        now: () => new Date(),
        withConnection: withEmulator,
      },
    );
    const file = join(dir.path, 'tenant.json');
    const back = await readSnapshotFile(file);
    assert.ok(back.graph.conditionalAccessPolicies && back.graph.users?.length);
    const text = readFileSync(file, 'utf8');
    const info = await emulator.control.info();
    for (const tenant of info.tenants) {
      if (tenant.adminApp?.clientSecret)
        assert.ok(!text.includes(tenant.adminApp.clientSecret), 'no client secret in the file');
    }
    assert.match(
      stderr.join(''),
      /wrote the snapshot of tenant .* to tenant\.json \(.*requests, [123] rounds\)/,
    );
  });

  test('init fills the tenant id and initial domain from the tenant', async () => {
    const tenantId = emulator.emulator.tenants[0] as string;
    const truth = (await emulator.control.snapshot(tenantId)) as {
      graph: { organization: { verifiedDomains: { name: string; isInitial?: boolean }[] }[] };
    };
    const domain = truth.graph.organization[0]?.verifiedDomains.find((d) => d.isInitial)?.name;
    await init(
      { output: 'breakglass.yaml' },
      { cwd: dir.path, stderr: { write: () => true }, withConnection: withEmulator },
    );
    const { config } = parseConfig(
      readFileSync(join(dir.path, 'breakglass.yaml'), 'utf8'),
      'breakglass.yaml',
    );
    assert.equal(config.tenant.initialDomain, domain);
    assert.equal(config.tenant.id?.toLowerCase(), tenantId.toLowerCase());
  });
});
