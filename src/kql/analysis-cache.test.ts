import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analysisKey, diskAnalysisCache } from './analysis-cache.js';
import { parseKql } from './parse.js';
import { ALL_TABLES, AUDIT_LOGS, SIGNIN_LOGS, SIGNIN_TABLES } from './schemas.js';

const QUERY = 'SigninLogs | where UserId in ("a", "b") or UserPrincipalName =~ "bg@contoso.com"';

function withCache(work: (directory: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'bg-kql-cache-'));
  try {
    work(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('a stored analysis reads back equal to what the language service returned', () => {
  withCache((directory) => {
    const cache = diskAnalysisCache(directory);
    const fresh = parseKql(QUERY, SIGNIN_TABLES);
    const key = analysisKey(QUERY, SIGNIN_TABLES);
    assert.equal(cache.isEmpty(), true);
    assert.equal(cache.get(key, QUERY), undefined);
    cache.set(key, fresh);
    assert.equal(cache.isEmpty(), false);
    assert.deepEqual(cache.get(key, QUERY), fresh);
    assert.equal(readdirSync(join(directory, 'kql')).length, 1);
  });
});

const keyChanges: { name: string; query: string; tables: typeof SIGNIN_TABLES }[] = [
  { name: 'another query text', query: `${QUERY} | take 1`, tables: SIGNIN_TABLES },
  { name: 'other tables', query: QUERY, tables: ALL_TABLES },
  {
    name: 'the same tables with a column less',
    query: QUERY,
    tables: [{ ...SIGNIN_LOGS, columns: SIGNIN_LOGS.columns.slice(1) }],
  },
];

for (const c of keyChanges) {
  test(`the key changes with ${c.name}`, () => {
    assert.notEqual(analysisKey(c.query, c.tables), analysisKey(QUERY, SIGNIN_TABLES));
  });
}

test('the key is stable for the same query and tables', () => {
  assert.equal(analysisKey(QUERY, [AUDIT_LOGS]), analysisKey(QUERY, [AUDIT_LOGS]));
});

const unusable: { name: string; content: string }[] = [
  { name: 'half a file', content: '{"text": "Signin' },
  {
    name: 'an answer for another query',
    content: JSON.stringify({ ...parseKql('SigninLogs | take 1', SIGNIN_TABLES) }),
  },
  { name: 'something that is not an analysis', content: JSON.stringify({ text: QUERY, ok: 'yes' }) },
];

for (const c of unusable) {
  test(`a cache file holding ${c.name} is treated as absent`, () => {
    withCache((directory) => {
      const cache = diskAnalysisCache(directory);
      const key = analysisKey(QUERY, SIGNIN_TABLES);
      cache.set(key, parseKql(QUERY, SIGNIN_TABLES));
      writeFileSync(join(directory, 'kql', `${key}.json`), c.content);
      assert.equal(cache.get(key, QUERY), undefined);
    });
  });
}

test('an unwritable cache directory loses nothing: set is a no-op', () => {
  withCache((directory) => {
    const blocker = join(directory, 'not-a-directory');
    writeFileSync(blocker, '');
    const cache = diskAnalysisCache(blocker);
    const key = analysisKey(QUERY, SIGNIN_TABLES);
    assert.doesNotThrow(() => cache.set(key, parseKql(QUERY, SIGNIN_TABLES)));
    assert.equal(cache.get(key, QUERY), undefined);
  });
});

test('the cache keeps about its maximum of entries, dropping the least recently used first', () => {
  withCache((directory) => {
    const queries = Array.from({ length: 6 }, (_, i) => `SigninLogs | where UserId == "u${i}"`);
    const filler = diskAnalysisCache(directory, 100);
    queries.forEach((query, i) => {
      filler.set(analysisKey(query, SIGNIN_TABLES), parseKql(query, SIGNIN_TABLES));
      // Entries written a minute apart, oldest first.
      const at = new Date(Date.UTC(2026, 0, 1, 0, i));
      utimesSync(join(directory, 'kql', `${analysisKey(query, SIGNIN_TABLES)}.json`), at, at);
    });
    // Reading the oldest marks it as used.
    assert.ok(filler.get(analysisKey(queries[0]!, SIGNIN_TABLES), queries[0]!));

    // The next process's first write prunes 7 entries down to 3 quarters of 4 = 3.
    const next = diskAnalysisCache(directory, 4);
    const newest = 'SigninLogs | take 1';
    next.set(analysisKey(newest, SIGNIN_TABLES), parseKql(newest, SIGNIN_TABLES));
    const kept = [queries[0]!, ...queries, newest].filter(
      (query, i, all) => all.indexOf(query) === i && next.get(analysisKey(query, SIGNIN_TABLES), query),
    );
    assert.deepEqual(kept, [queries[0], queries[5], newest]);
  });
});
