import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError } from '../../errors.js';
import { emulatorArguments, runEmulator } from './emulator.js';

test('passes the flags through to the emulator program', () => {
  assert.deepEqual(emulatorArguments({ port: 0, scenario: 'drifted', faults: 'latency=100', seed: 7 }), [
    '--port',
    '0',
    '--scenario',
    'drifted',
    '--faults',
    'latency=100',
    '--seed',
    '7',
  ]);
  assert.deepEqual(emulatorArguments({ tenant: 't.json', data: '/tmp/d' }), [
    '--tenant',
    't.json',
    '--data',
    '/tmp/d',
  ]);
  assert.throws(() => emulatorArguments({ tenant: 't.json', scenario: 'healthy' }), UsageError);
});

const dir = mkdtempSync(join(tmpdir(), 'breakglass-emulator-cmd-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('runs the program with the arguments and returns its exit code', async () => {
  const entry = join(dir, 'exit.js');
  const argsFile = join(dir, 'args.json');
  writeFileSync(
    entry,
    `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2))); process.exit(3);`,
  );
  assert.equal(await runEmulator(['--port', '0'], entry), 3);
  assert.deepEqual(JSON.parse(readFileSync(argsFile, 'utf8')), ['--port', '0']);
});

test('forwards SIGTERM to the emulator, which then stops cleanly', async () => {
  const entry = join(dir, 'wait.js');
  const ready = join(dir, 'ready');
  const stopped = join(dir, 'stopped');
  writeFileSync(
    entry,
    `const fs = require('fs');
     process.on('SIGTERM', () => { fs.writeFileSync(${JSON.stringify(stopped)}, 'yes'); process.exit(0); });
     fs.writeFileSync(${JSON.stringify(ready)}, 'yes');
     setInterval(() => {}, 1000);`,
  );
  const listenersBefore = process.listenerCount('SIGTERM');
  const running = runEmulator([], entry);
  while (!existsSync(ready)) await delay(10);
  // Only the handlers are exercised: emitting does not signal the test process itself.
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(await running, 0);
  assert.ok(existsSync(stopped));
  assert.equal(
    process.listenerCount('SIGTERM'),
    listenersBefore,
    'handlers are removed when the emulator exits',
  );
});

test('a missing emulator program is a usage error, not a crash', () => {
  assert.throws(() => runEmulator([], join(dir, 'nope.js')), /the emulator program is missing/);
});
