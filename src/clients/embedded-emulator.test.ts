/**
 * The launcher against stand-in emulator programs (tiny scripts written per test), so that start-up,
 * failure, timeout and the child's lifetime are tested without the real emulator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emulatorArgs, parseReadyLine, startEmbeddedEmulator } from './embedded-emulator.js';

test('parseReadyLine reads the machine line and nothing else', () => {
  const cases: [string, unknown][] = [
    [
      'BREAKGLASS_EMULATOR_READY {"url":"https://127.0.0.1:1234","caFile":"/d/ca.pem","tenants":["t1"]}',
      { url: 'https://127.0.0.1:1234', caFile: '/d/ca.pem', tenants: ['t1'] },
    ],
    [
      'BREAKGLASS_EMULATOR_READY {"url":"https://x","caFile":"/c"}',
      { url: 'https://x', caFile: '/c', tenants: [] },
    ],
    ['breakglass emulator listening on https://127.0.0.1:1234', undefined],
    ['BREAKGLASS_EMULATOR_READY {not json', undefined],
    ['BREAKGLASS_EMULATOR_READY {"url":1,"caFile":"/c"}', undefined],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseReadyLine(line), expected, line);
});

test('emulatorArgs passes only the options given, always port 0 by default', () => {
  assert.deepEqual(emulatorArgs({}), ['--port', '0']);
  assert.deepEqual(emulatorArgs({ scenario: 'drifted', faults: 'drop=0.1', dataDir: '/d', seed: 7 }), [
    '--port',
    '0',
    '--scenario',
    'drifted',
    '--faults',
    'drop=0.1',
    '--data',
    '/d',
    '--seed',
    '7',
  ]);
});

/** Writes a stand-in emulator program; `body` runs after the arguments are parsed. */
function fakeEmulator(dir: string, body: string): string {
  const file = join(dir, `fake-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';
     import { join } from 'node:path';
     const args = process.argv.slice(2);
     const data = args[args.indexOf('--data') + 1];
     const ready = () => {
       writeFileSync(join(data, 'ca.pem'), 'FAKE CA PEM');
       console.log('breakglass emulator listening on https://127.0.0.1:9');
       console.log('BREAKGLASS_EMULATOR_READY ' + JSON.stringify({ url: 'https://127.0.0.1:9', caFile: join(data, 'ca.pem'), tenants: ['t-1'] }));
     };
     ${body}`,
  );
  return file;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

test('start waits for the ready line, reads the CA, and stop ends the child and removes its temp dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-launch-'));
  try {
    const entry = fakeEmulator(dir, 'setTimeout(ready, 50); setInterval(() => {}, 1000);');
    const emulator = await startEmbeddedEmulator({ entry, scenario: 'healthy' });
    assert.equal(emulator.url, 'https://127.0.0.1:9');
    assert.equal(emulator.caPem, 'FAKE CA PEM');
    assert.deepEqual(emulator.tenants, ['t-1']);
    assert.ok(alive(emulator.pid));
    const dataDir = join(emulator.caFile, '..');
    await emulator.stop();
    assert.equal(alive(emulator.pid), false);
    assert.equal(existsSync(dataDir), false, 'the temp data dir is gone');
    await emulator.stop(); // twice is fine
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a child that exits before it is ready fails with its last output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-launch-'));
  try {
    const entry = fakeEmulator(
      dir,
      'console.error("breakglass emulator: unknown scenario \\"nope\\""); process.exit(2);',
    );
    await assert.rejects(startEmbeddedEmulator({ entry }), (error: Error) => {
      assert.match(
        error.message,
        /exited before it was ready \(code 2\): breakglass emulator: unknown scenario "nope"/,
      );
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a child that never gets ready is killed after the timeout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-launch-'));
  try {
    const entry = fakeEmulator(dir, 'setInterval(() => {}, 1000);');
    await assert.rejects(startEmbeddedEmulator({ entry, timeoutMs: 300 }), /did not start within 300 ms/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing emulator program is a one-line usage error', async () => {
  await assert.rejects(
    startEmbeddedEmulator({ entry: '/nonexistent/main.js' }),
    /the emulator program is missing/,
  );
});

test('the child dies with its parent, even when the parent is killed outright, and removes its data dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-launch-'));
  try {
    const entry = fakeEmulator(dir, 'ready(); setInterval(() => {}, 1000);');
    const launcher = pathToFileURL(join(import.meta.dirname, 'embedded-emulator.js')).href;
    const parent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { dirname } from 'node:path';
         import { startEmbeddedEmulator } from ${JSON.stringify(launcher)};
         const e = await startEmbeddedEmulator({ entry: ${JSON.stringify(entry)} });
         console.log(JSON.stringify({ pid: e.pid, dataDir: dirname(e.caFile) }));
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const child = await new Promise<{ pid: number; dataDir: string }>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(JSON.parse(String(d).trim()))),
    );
    assert.ok(alive(child.pid));
    assert.ok(existsSync(child.dataDir));
    parent.kill('SIGKILL');
    assert.ok(
      await waitFor(() => !alive(child.pid), 5000),
      'the emulator child exited after its parent was killed',
    );
    assert.ok(await waitFor(() => !existsSync(child.dataDir), 2000), 'and removed the temp data dir');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
