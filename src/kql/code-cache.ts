/**
 * Runs a large CommonJS script with V8's code cache kept on disk, so that the second process to
 * load it skips most of the compiling. The Kusto language service is 5 MB of minified script that
 * an offline audit would otherwise compile from scratch on every run (about a third of its cost).
 * Node 22 does this for every module (`module.enableCompileCache`); on Node 20 it takes `vm.Script`
 * and its `cachedData`.
 *
 * The cache is an optimisation only: a missing, stale or unwritable cache means the script is
 * compiled as usual, and nothing is reported. V8 itself refuses data made by another V8 version
 * or with other flags (`cachedDataRejected`); the file name also carries the Node version, the
 * architecture and the script's size and modification time, so an upgraded package never meets
 * an old cache.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** A script that has been run, whose compiled code can be saved for the next process. */
export interface CachedScript {
  /** Whether this run compiled from a cache V8 accepted. */
  readonly fromCache: boolean;
  /**
   * Saves the code compiled so far (best run after the script's functions have been used, so the
   * lazily compiled ones are in it). Does nothing when the cache was used as it is or is off.
   */
  save(): void;
}

/** The part of a cache file's name that says which script it is for. */
function scriptPrefix(file: string): string {
  return `${file.slice(file.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_')}.`;
}

/** File name of the cache for `file`: the things that make V8's data unusable when they change. */
function cacheFileName(file: string, size: number, mtimeMs: number): string {
  return `${scriptPrefix(file)}${process.version}.${process.arch}.${size}.${Math.trunc(mtimeMs)}.v8cache`;
}

/**
 * Removes this script's caches made by another Node version or for another copy of the script:
 * they can never be used again, and each is megabytes.
 */
function removeStaleCaches(cacheFile: string, file: string): void {
  const folder = dirname(cacheFile);
  const current = cacheFile.slice(folder.length + 1);
  for (const name of readdirSync(folder)) {
    if (name !== current && name.startsWith(scriptPrefix(file)) && name.endsWith('.v8cache'))
      rmSync(join(folder, name), { force: true });
  }
}

/**
 * Runs the CommonJS script at `file` (resolved like `require` from `fromUrl`) as `require` would —
 * in this context, with `module`, `exports` and `require` — using and refreshing an on-disk V8 code
 * cache under `cacheDir`. Returns what the script exported and a handle to save its code.
 */
export function runCommonJsWithCodeCache(
  specifier: string,
  fromUrl: string,
  cacheDir: string | undefined,
): { exports: unknown; script: CachedScript } {
  const require = createRequire(fromUrl);
  const file = require.resolve(specifier);
  const stat = statSync(file);
  const cacheFile = cacheDir ? join(cacheDir, 'v8', cacheFileName(file, stat.size, stat.mtimeMs)) : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const source = readFileSync(file, 'utf8');
  // The same wrapper Node puts around a CommonJS module, so the script sees what `require` gives it.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const compiled = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const fromCache = cachedData !== undefined && !compiled.cachedDataRejected;
  const moduleObject = { exports: {} as unknown };
  const run = compiled.runInThisContext() as (...args: unknown[]) => void;
  run.call(
    moduleObject.exports,
    moduleObject.exports,
    createRequire(file),
    moduleObject,
    file,
    dirname(file),
  );
  let saved = fromCache;
  return {
    exports: moduleObject.exports,
    script: {
      fromCache,
      save() {
        if (saved || !cacheFile) return;
        saved = true;
        try {
          mkdirSync(dirname(cacheFile), { recursive: true });
          // Write then rename, so a process reading the cache never sees half a file.
          const temporary = `${cacheFile}.${process.pid}.tmp`;
          writeFileSync(temporary, compiled.createCachedData());
          renameSync(temporary, cacheFile);
          removeStaleCaches(cacheFile, file);
        } catch {
          // A read-only home or a full disk only costs the next process the compile time.
        }
      },
    },
  };
}
