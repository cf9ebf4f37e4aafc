import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A CommonJS script like the Kusto bridge: it sets a global and exports something. */
const SCRIPT = `
globalThis.__codeCacheRuns = (globalThis.__codeCacheRuns || 0) + 1;
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
module.exports = { answer: fib(15), file: __filename, pathJoin: typeof require('node:path').join };
`;

interface Run {
  fromCache: boolean;
  exports: { answer: number; file: string; pathJoin: string };
}

/**
 * Loads the script in a process of its own, as the CLI does: within one process V8 keeps compiled
 * scripts in memory and would never look at the cache on disk.
 */
function loadInChild(directory: string, cacheDir: string | undefined): Run {
  const moduleUrl = pathToFileURL(join(import.meta.dirname, 'code-cache.js')).href;
  const from = pathToFileURL(join(directory, 'importer.js')).href;
  const program = `
    const { runCommonJsWithCodeCache } = await import(${JSON.stringify(moduleUrl)});
    const { exports, script } = runCommonJsWithCodeCache('./lib.js', ${JSON.stringify(from)}, ${JSON.stringify(cacheDir)});
    script.save();
    process.stdout.write(JSON.stringify({ fromCache: script.fromCache, exports }));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' }),
  ) as Run;
}

function withScript(work: (directory: string, cacheDir: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'bg-code-cache-'));
  try {
    writeFileSync(join(directory, 'lib.js'), SCRIPT);
    work(directory, join(directory, 'cache'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('the script runs as require would run it, and the next process compiles from the saved cache', () => {
  withScript((directory, cacheDir) => {
    const first = loadInChild(directory, cacheDir);
    assert.equal(first.fromCache, false);
    assert.deepEqual(first.exports, { answer: 610, file: join(directory, 'lib.js'), pathJoin: 'function' });
    assert.equal(readdirSync(join(cacheDir, 'v8')).length, 1);

    const second = loadInChild(directory, cacheDir);
    assert.equal(second.fromCache, true);
    assert.deepEqual(second.exports, first.exports);
  });
});

test('a damaged cache is rejected by V8, the script still runs and the cache is rewritten', () => {
  withScript((directory, cacheDir) => {
    loadInChild(directory, cacheDir);
    const [name] = readdirSync(join(cacheDir, 'v8'));
    writeFileSync(join(cacheDir, 'v8', name!), Buffer.from('not V8 code cache data'));
    const damaged = loadInChild(directory, cacheDir);
    assert.equal(damaged.fromCache, false);
    assert.equal(damaged.exports.answer, 610);
    assert.equal(loadInChild(directory, cacheDir).fromCache, true);
  });
});

test('a cache made by another Node version or for another copy of the script is removed when a new one is saved', () => {
  withScript((directory, cacheDir) => {
    mkdirSync(join(cacheDir, 'v8'), { recursive: true });
    const stale = join(cacheDir, 'v8', 'lib.js.v18.0.0.x64.1.1.v8cache');
    const otherScript = join(cacheDir, 'v8', 'other.js.v18.0.0.x64.1.1.v8cache');
    writeFileSync(stale, 'old');
    writeFileSync(otherScript, 'old');
    loadInChild(directory, cacheDir);
    const names = readdirSync(join(cacheDir, 'v8'));
    assert.equal(names.filter((name) => name.startsWith('lib.js.')).length, 1);
    assert.ok(!names.includes('lib.js.v18.0.0.x64.1.1.v8cache'));
    assert.ok(names.includes('other.js.v18.0.0.x64.1.1.v8cache'));
  });
});

test('with caching off nothing is written', () => {
  withScript((directory, cacheDir) => {
    const run = loadInChild(directory, undefined);
    assert.equal(run.fromCache, false);
    assert.equal(run.exports.answer, 610);
    assert.throws(() => readdirSync(cacheDir));
  });
});
