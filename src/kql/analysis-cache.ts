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
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** The cache key of analysing `query` against `tables`: a SHA-256 over everything the result depends on. */
export function analysisKey(query: string, tables: readonly KqlTableSchema[]): string {
  return createHash('sha256')
    .update(JSON.stringify([STORED_FORMAT, kustoVersion(), tables, query]))
    .digest('hex');
}

/** Where analyses are kept, by key. */
export interface KqlAnalysisCache {
  get(key: string, query: string): ParsedKql | undefined;
  set(key: string, parsed: ParsedKql): void;
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

/** A cache of one JSON file per analysis under `directory/kql/` (created on first write). */
export function diskAnalysisCache(directory: string): KqlAnalysisCache {
  const folder = join(directory, 'kql');
  const fileOf = (key: string) => join(folder, `${key}.json`);
  return {
    get(key, query) {
      try {
        const stored: unknown = JSON.parse(readFileSync(fileOf(key), 'utf8'));
        // The text is compared too: a hash collision or a hand-edited file must not answer for another query.
        return looksLikeAnalysis(stored, query) ? stored : undefined;
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
      } catch {
        // An unwritable cache only costs the next process the analysis.
      }
    },
  };
}
