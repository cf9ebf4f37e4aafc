/** `breakglass export` as a user runs it: stdout or a file, exit 0; a bad target or tenant → one line, exit 2. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { runCli } from './cli.js';

const healthy = join(packageRoot(), 'test', 'fixtures', 'snapshots', 'healthy-small.json');
const cwd = mkdtempSync(join(tmpdir(), 'breakglass-export-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

test('maester: the group as an EmergencyAccessAccounts entry on stdout', async () => {
  const run = await runCli(['export', 'maester', '--snapshot', healthy], cwd);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    GlobalSettings: {
      EmergencyAccessAccounts: [{ Type: 'Group', Id: '9a8b7c6d-0000-4000-8000-0000000000b6' }],
    },
  });
  assert.match(run.stderr, /taken from the members of the break-glass group/);
});

test('sentinel: the watchlist written to a file', async () => {
  const run = await runCli(['export', 'sentinel', '--snapshot', healthy, '-o', 'watchlist.csv'], cwd);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  const rows = readFileSync(join(cwd, 'watchlist.csv'), 'utf8').trimEnd().split('\r\n');
  assert.equal(rows.length, 3);
  assert.match(
    rows[1]!,
    /^EmergencyAccount_1@contoso\.onmicrosoft\.com,1b0c3c55-0000-4000-8000-000000000001,/,
  );
});

test('an unknown target → one line, exit 2', async () => {
  const run = await runCli(['export', 'cipp', '--snapshot', healthy], cwd);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'breakglass: export cipp: one of maester, scubagear, sentinel\n');
});
