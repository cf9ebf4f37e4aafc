/**
 * `audit.snapshot.large`: `breakglass audit --snapshot large.json -o json` as a whole process, the
 * offline audit of the large tenant, against `node -e 0` in the same run. The file is the
 * product's own export of the tenant (what `breakglass snapshot -o` writes: the CA policies and
 * what they and the emergency accounts refer to). `audit.snapshot.large.full` audits the
 * emulator's full export instead (`GET /_emulator/snapshot`: all 50,000 users and 5,000 groups) —
 * a valid snapshot too, and the worst case for the offline audit.
 *
 * The product keeps V8's compiled code of the Kusto language service and its KQL analyses in a
 * cache directory (src/cache-directory.ts), so the audit a team runs every day differs from the
 * first one on a machine. `audit.snapshot.large` is the repeat audit (the cache left by one
 * untimed audit of the same file); `audit.snapshot.large.cold` starts every run with an empty
 * cache, as a fresh CI runner without a restored cache does.
 */
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Benchmark } from '../benchmark.js';
import { breakglassProgram, medianProcessTimes, NODE_BASELINE, timeProcess } from '../lib/processes.js';
import { result } from '../lib/result.js';
import { withTempDir } from '../lib/temp-dir.js';
import { withBenchEmulator } from '../lib/tenant.js';
import { collectSnapshot } from '../../src/collect/collect.js';
import { writeSnapshotFile } from '../../src/snapshot/write.js';

const RUNS = 3;
const FULL_RUNS = 1;

export const auditSnapshot: Benchmark = {
  name: 'audit.snapshot.large',
  summary: '`breakglass audit --snapshot large.json -o json`, whole process, against `node -e 0`',
  run: () =>
    withTempDir(async (dir) => {
      const exported = join(dir, 'large.json');
      const full = join(dir, 'large-full.json');
      const sizes = await withBenchEmulator('large', async (tenant) => {
        const connection = await tenant.connect();
        const collected = await collectSnapshot(connection);
        await writeSnapshotFile(exported, collected.snapshot);
        const text = JSON.stringify(await tenant.control.snapshot(tenant.emulator.tenants[0]!));
        await writeFile(full, text);
        return { users: collected.snapshot.graph.users?.length ?? 0, fullBytes: text.length };
      });
      const warmCache = join(dir, 'cache');
      const audit = (file: string, cache: () => string) => ({
        args: [breakglassProgram(), 'audit', '--snapshot', file, '-o', 'json'],
        cwd: dir,
        env: () => ({ BREAKGLASS_CACHE_DIR: cache() }),
        // 1 = findings at or above --fail-on: the audit ran.
        okExitCodes: [0, 1],
      });
      const warm = (file: string) => audit(file, () => warmCache);
      const cold = (file: string) => audit(file, () => mkdtempSync(join(dir, 'cold-cache-')));
      // The audit before: it leaves the cache a repeat audit finds.
      await timeProcess(warm(exported));
      const [seconds, coldSeconds, node] = await medianProcessTimes(
        [warm(exported), cold(exported), NODE_BASELINE],
        RUNS,
      );
      await timeProcess(warm(full));
      const [fullSeconds] = await medianProcessTimes([warm(full)], FULL_RUNS);
      const notes = (runs: number) => [
        'bar: under 1 s on these machines',
        `limit = node -e 0 in the same run (${Math.round(node!)} ms); median of ${runs}`,
      ];
      return [
        result({
          name: 'audit.snapshot.large',
          value: seconds! / 1000,
          unit: 's',
          limit: node! / 1000,
          notes: [
            ...notes(RUNS),
            `breakglass snapshot export: 195 CA policies, ${sizes.users} users`,
            'a repeat audit: compiled code and KQL analyses cached by the audit before',
            `first audit on a machine (empty cache): ${(coldSeconds! / 1000).toFixed(2)} s`,
          ],
        }),
        result({
          name: 'audit.snapshot.large.cold',
          value: coldSeconds! / 1000,
          unit: 's',
          limit: node! / 1000,
          notes: [...notes(RUNS), 'every run starts with an empty cache directory (BREAKGLASS_CACHE_DIR)'],
        }),
        result({
          name: 'audit.snapshot.large.full',
          value: fullSeconds! / 1000,
          unit: 's',
          limit: node! / 1000,
          notes: [
            ...notes(FULL_RUNS),
            `full emulator export, ${Math.round(sizes.fullBytes / 1e6)} MB: 50,000 users, 5,000 groups`,
            'a repeat audit (cache warm)',
          ],
        }),
      ];
    }),
};
