import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load.js';
import { defaultConfig } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { init } from './init.js';

const dir = mkdtempSync(join(tmpdir(), 'breakglass-init-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { write: () => true };

test('--offline writes the defaults, which load back as the default config', async () => {
  await init({ output: 'offline.yaml', offline: true }, { cwd: dir, stderr: quiet });
  assert.deepEqual(
    parseConfig(readFileSync(join(dir, 'offline.yaml'), 'utf8'), 'offline.yaml').config,
    defaultConfig(),
  );
});

test('refuses to overwrite an existing file without --force, and overwrites with it', async () => {
  const file = join(dir, 'existing.yaml');
  writeFileSync(file, 'model: split\n');
  await assert.rejects(
    init({ output: 'existing.yaml', offline: true }, { cwd: dir, stderr: quiet }),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'existing.yaml already exists; use --force to overwrite it');
      return true;
    },
  );
  assert.equal(readFileSync(file, 'utf8'), 'model: split\n', 'left untouched');
  await init({ output: 'existing.yaml', offline: true, force: true }, { cwd: dir, stderr: quiet });
  assert.match(readFileSync(file, 'utf8'), /^model: dedicated$/m);
});
