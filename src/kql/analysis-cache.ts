/**
 * Analyses of KQL kept on disk, so that a query the Kusto language service has judged once is not
 * judged again by the next process. An audit parses the same few alert queries every day; loading
 * and warming the language service to do it again costs about half a second of a one-second
 * offline audit, while reading the answer back costs a fraction of a millisecond.
 *
 * An analysis is a pure function of the query text, the table schemas it is checked against and
 * the library version, so the key is a hash of exactly those (plus the shape of the stored data):
 * a cached answer is the answer the library would give. Anything unreadable is treated as absent;
 * the cache never changes a result, only how fast it comes.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ParsedKql } from './parse.js';
import type { KqlTableSchema } from './schemas.js';

/** Bump when `ParsedKql` or the way it is built changes, so older entries stop matching. */
const STORED_FORMAT = 1;

let libraryVersion: string | undefined;

/** The installed `@kusto/language-service-next` version (part of every key). */
function kustoVersion(): string {
  if (libraryVersion === undefined) {
    const require = createRequire(import.meta.url);
    const manifest = JSON.parse(
      readFileSync(require.resolve('@kusto/language-service-next/package.json'), 'utf8'),
    ) as { version?: string };
    libraryVersion = manifest.version ?? 'unknown';
  }
  return libraryVersion;
}

/** `tables` as JSON, once per array: the schemas are constants, the queries are what vary. */
const tablesJson = new WeakMap<readonly KqlTableSchema[], string>();

/** The cache key of analysing `query` against `tables`: a SHA-256 over everything the result depends on. */
export function analysisKey(query: string, tables: readonly KqlTableSchema[]): string {
  let tablesText = tablesJson.get(tables);
  if (tablesText === undefined) {
    tablesText = JSON.stringify(tables);
    tablesJson.set(tables, tablesText);
  }
  return createHash('sha256')
    .update(JSON.stringify([STORED_FORMAT, kustoVersion(), query]))
    .update('\n')
    .update(tablesText)
    .digest('hex');
}

/** Where analyses are kept, by key. */
export interface KqlAnalysisCache {
  get(key: string, query: string): ParsedKql | undefined;
  set(key: string, parsed: ParsedKql): void;
  /** Whether the cache holds no analysis at all (nothing was analysed here before). */
  isEmpty(): boolean;
}

function looksLikeAnalysis(value: unknown, query: string): value is ParsedKql {
  const candidate = value as Partial<ParsedKql> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.text === query &&
    typeof candidate.ok === 'boolean' &&
    Array.isArray(candidate.diagnostics) &&
    typeof candidate.root === 'object' &&
    candidate.root !== null &&
    Array.isArray(candidate.root.children)
  );
}

/**
 * How many analyses the cache keeps by default. An entry is a few kilobytes and names one tenant's
 * accounts, so a managed-service provider auditing a thousand tenants fills a few thousand; the
 * least recently used beyond this are removed.
 */
export const DEFAULT_MAX_ENTRIES = 4096;

/**
 * Removes the least recently used entries (by modification time, which `get` refreshes) once there
 * are more than `maxEntries`, down to three quarters of it, so pruning is rare.
 */
function prune(folder: string, maxEntries: number): void {
  const names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (names.length <= maxEntries) return;
  const byAge = names
    .map((name) => {
      try {
        return { name, used: statSync(join(folder, name)).mtimeMs };
      } catch {
        return { name, used: 0 };
      }
    })
    .sort((a, b) => a.used - b.used);
  for (const { name } of byAge.slice(0, names.length - Math.floor((maxEntries * 3) / 4))) {
    rmSync(join(folder, name), { force: true });
  }
}

/**
 * A cache of one JSON file per analysis under `directory/kql/` (created on first write), holding at
 * most about `maxEntries` of them: the first write of each process prunes the least recently used.
 */
export function diskAnalysisCache(directory: string, maxEntries = DEFAULT_MAX_ENTRIES): KqlAnalysisCache {
  const folder = join(directory, 'kql');
  const fileOf = (key: string) => join(folder, `${key}.json`);
  let pruned = false;
  return {
    isEmpty() {
      try {
        return !readdirSync(folder).some((name) => name.endsWith('.json'));
      } catch {
        return true;
      }
    },
    get(key, query) {
      try {
        const file = fileOf(key);
        const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
        // The text is compared too: a hash collision or a hand-edited file must not answer for another query.
        if (!looksLikeAnalysis(stored, query)) return undefined;
        // Marks the entry as recently used, so pruning keeps it.
        const now = new Date();
        utimesSync(file, now, now);
        return stored;
      } catch {
        return undefined;
      }
    },
    set(key, parsed) {
      try {
        mkdirSync(folder, { recursive: true });
        // Write then rename, so a concurrent reader never sees half a file.
        const temporary = `${fileOf(key)}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(parsed));
        renameSync(temporary, fileOf(key));
        if (!pruned) {
          pruned = true;
          prune(folder, maxEntries);
        }
      } catch {
        // An unwritable cache only costs the next process the analysis.
      }
    },
  };
}
