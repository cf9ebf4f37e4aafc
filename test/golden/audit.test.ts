/**
 * Golden CLI tests for `breakglass audit`: the CLI runs as a child process (no TTY, so no colour)
 * on snapshot fixtures; stdout is compared with files in test/golden/expected/ (timestamps
 * masked), exit codes and stderr with the table below. `UPDATE_GOLDEN=1` rewrites the files.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { runCli } from './cli.js';

const root = packageRoot();
const expectedDir = join(root, 'test', 'golden', 'expected');
const snapshots = join(root, 'test', 'fixtures', 'snapshots');
const update = process.env['UPDATE_GOLDEN'] === '1';
const work = mkdtempSync(join(tmpdir(), 'breakglass-golden-'));
after(() => rmSync(work, { recursive: true, force: true }));

const run = runCli;

const mask = (text: string) =>
  text
    .replace(/"(startedAt|finishedAt)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"version": "\d+\.\d+\.\d+[^"]*"/, '"version": "<version>"');

function golden(name: string, actual: string): void {
  const file = join(expectedDir, name);
  if (update || !existsSync(file)) {
    mkdirSync(expectedDir, { recursive: true });
    writeFileSync(file, actual);
    if (!update) assert.fail(`golden ${name} did not exist; wrote it — review and re-run`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `stdout differs from test/golden/expected/${name} (UPDATE_GOLDEN=1 rewrites it)`,
  );
}

function dir(name: string, files: Record<string, string> = {}): string {
  const d = join(work, name);
  mkdirSync(d, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(d, file), text);
  return d;
}

const drifted = join(snapshots, 'drifted-small.json');
const healthy = join(snapshots, 'healthy-small.json');

const goldenCases: { name: string; args: string[]; exit: number; file: string; stderr?: RegExp }[] = [
  {
    name: 'drifted tenant, terminal',
    args: ['audit', '--snapshot', drifted],
    exit: 1,
    file: 'drifted.terminal.txt',
  },
  {
    name: 'drifted tenant, JSON',
    args: ['audit', '--snapshot', drifted, '--output', 'json'],
    exit: 1,
    file: 'drifted.json',
    stderr:
      /^breakglass: no breakglass\.yaml: the emergency accounts were taken from the members of the break-glass group\n$/,
  },
  {
    name: 'healthy tenant, terminal',
    args: ['audit', '--snapshot', healthy],
    exit: 0,
    file: 'healthy.terminal.txt',
  },
  // The strictest threshold still passes a healthy tenant.
  {
    name: 'healthy tenant, markdown, --fail-on info',
    args: ['audit', '--snapshot', healthy, '-o', 'markdown', '--fail-on', 'info'],
    exit: 0,
    file: 'healthy.markdown.md',
  },
];

for (const c of goldenCases) {
  test(`golden: ${c.name} → exit ${c.exit}`, async () => {
    const result = await run(c.args, dir(c.file));
    assert.equal(result.code, c.exit, result.stderr);
    assert.ok(!result.stdout.includes('\u001b'), 'no colour without a TTY');
    if (c.stderr) assert.match(result.stderr, c.stderr);
    golden(c.file, mask(result.stdout));
  });
}

test('a config file with a fail threshold and accounts is used, and the group is not mentioned', async () => {
  const cwd = dir('with-config', {
    'breakglass.yaml':
      'version: 1\naccounts:\n  list:\n    - userPrincipalName: EmergencyAccount_1@contoso.onmicrosoft.com\n    - userPrincipalName: EmergencyAccount_2@contoso.onmicrosoft.com\naudit:\n  failOn: critical\n',
  });
  const result = await run(['audit', '--snapshot', healthy, '-o', 'json'], cwd);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal((JSON.parse(result.stdout) as { accountSource: string }).accountSource, 'config');
});

// The drifted golden JSON, compared with a fresh run, already proves two runs give the same bytes
// apart from the timestamps; this run also checks that critical failures trip the strictest gate.
test('several reports in one run, --fail-on critical → exit 1', async () => {
  const cwd = dir('reports');
  const result = await run(
    [
      'audit',
      '--snapshot',
      drifted,
      '--fail-on',
      'critical',
      '-o',
      'json',
      '--report',
      'html=out/report.html',
      '--report',
      'sarif=out/audit.sarif',
      '--report',
      'junit=out/junit.xml',
      '--report',
      'json=out/audit.json',
      '--report',
      'markdown=out/summary.md',
    ],
    cwd,
  );
  assert.equal(result.code, 1, result.stderr);
  assert.match(readFileSync(join(cwd, 'out', 'report.html'), 'utf8'), /^<!doctype html>/);
  assert.equal(
    (JSON.parse(readFileSync(join(cwd, 'out', 'audit.sarif'), 'utf8')) as { version: string }).version,
    '2.1.0',
  );
  assert.match(readFileSync(join(cwd, 'out', 'junit.xml'), 'utf8'), /^<\?xml/);
  assert.equal(
    (JSON.parse(readFileSync(join(cwd, 'out', 'audit.json'), 'utf8')) as { formatVersion: number })
      .formatVersion,
    1,
  );
  assert.match(readFileSync(join(cwd, 'out', 'summary.md'), 'utf8'), /^## ❌ breakglass audit/);
  assert.equal(
    readFileSync(join(cwd, 'out', 'audit.json'), 'utf8'),
    result.stdout,
    'the json report is the --output json bytes',
  );
});

const badSnapshot = (() => {
  const doc = JSON.parse(readFileSync(healthy, 'utf8')) as { graph: { users: { id: unknown }[] } };
  doc.graph.users[1]!.id = 42;
  return `${JSON.stringify(doc, null, 2)}\n`;
})();

// Could not run → exit 2 and exactly one line on stderr, nothing on stdout.
const couldNotRun: { name: string; args: string[]; files?: Record<string, string>; stderr: RegExp }[] = [
  {
    name: 'a broken config',
    args: ['audit', '--snapshot', healthy],
    files: { 'breakglass.yaml': 'version: 1\naccounts:\n  cuont: 2\n' },
    stderr: /^breakglass: breakglass\.yaml:3:3: accounts\.cuont: .*\n$/,
  },
  {
    name: 'a snapshot with a bad field',
    args: ['audit', '--snapshot', 'bad.json'],
    files: { 'bad.json': badSnapshot },
    stderr: /^breakglass: bad\.json.*graph\.users\[1\]\.id.*\n$/,
  },
  {
    name: 'a missing snapshot',
    args: ['audit', '--snapshot', 'nope.json'],
    stderr: /^breakglass: snapshot file .*nope\.json does not exist\n$/,
  },
  {
    name: 'an unknown report format',
    args: ['audit', '--snapshot', healthy, '--report', 'pdf=x.pdf'],
    stderr:
      /^breakglass: --report pdf=x\.pdf: unknown format "pdf" \(one of terminal, json, markdown, html, sarif, junit\)\n$/,
  },
  {
    name: 'an unknown --fail-on',
    args: ['audit', '--snapshot', healthy, '--fail-on', 'severe'],
    stderr: /^breakglass: --fail-on severe: one of critical, high, medium, low, info\n$/,
  },
];

for (const c of couldNotRun) {
  test(`${c.name} → one line on stderr, exit 2`, async () => {
    const result = await run(c.args, dir(c.name.replace(/\W+/g, '-'), c.files));
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, c.stderr);
  });
}
