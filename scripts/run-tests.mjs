#!/usr/bin/env node
// Runs node's own test runner on the compiled *.test.js files only. (Given a directory, node 20
// would also run every file under any `test/` folder, such as test helpers and fixtures.)
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = process.argv[2] ?? 'dist';
const filters = process.argv.slice(3);
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
  .map((e) => join(e.parentPath, e.name))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
// The product caches compiled code and KQL analyses (src/cache-directory.ts); a run of the tests
// starts with an empty cache of its own, so it exercises the cold paths and leaves $HOME alone.
const cacheDir = mkdtempSync(join(tmpdir(), 'breakglass-test-cache-'));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, BREAKGLASS_CACHE_DIR: cacheDir },
});
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
