import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyseAhead, KqlWorker, startKqlWorker } from './worker-client.js';
import { parseKql, recallKql } from './parse.js';
import { ALL_TABLES, type KqlTableSchema } from './schemas.js';

const QUERIES = [
  'SigninLogs | where UserId in ("a", "b") or UserPrincipalName in~ ("bg1@contoso.com")',
  'AuditLogs | mv-expand Target = TargetResources | where tostring(Target.id) == "a"',
  'SigninLogs | where UserID == "misspelt column"',
];

test('without a started worker nothing is analysed ahead', async () => {
  assert.equal(await analyseAhead(QUERIES, ALL_TABLES), 0);
});

test('the worker gives the analyses parseKql would, and the main thread never loads the library', () => {
  // In a process of its own, with the analysis cache off: only the worker can have answered.
  const url = (file: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, file)).href);
  const program = `
    const { analyseAhead, startKqlWorker } = await import(${url('worker-client.js')});
    const { parseKql } = await import(${url('parse.js')});
    const { ALL_TABLES } = await import(${url('schemas.js')});
    const queries = ${JSON.stringify(QUERIES)};
    startKqlWorker();
    const analysedAhead = await analyseAhead(queries, ALL_TABLES);
    const analyses = queries.map((query) => parseKql(query, ALL_TABLES));
    process.stdout.write(JSON.stringify({ analysedAhead, analyses, libraryLoaded: typeof globalThis.Kusto !== 'undefined' }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    env: { ...process.env, BREAKGLASS_CACHE_DIR: 'off' },
  });
  const child = JSON.parse(output) as { analysedAhead: number; analyses: unknown[]; libraryLoaded: boolean };
  assert.equal(child.analysedAhead, QUERIES.length);
  assert.equal(child.libraryLoaded, false);
  assert.deepEqual(
    child.analyses,
    QUERIES.map((query) => parseKql(query, ALL_TABLES)),
  );
});

test('queries already at hand are not sent to the worker', async () => {
  for (const query of QUERIES) parseKql(query, ALL_TABLES);
  startKqlWorker();
  assert.equal(await analyseAhead(QUERIES, ALL_TABLES), 0);
});

test('a worker that cannot answer changes nothing: the checks analyse in-process', async () => {
  const unknownTable: KqlTableSchema = { name: 'NotAnEntraTable', columns: [{ name: 'Id', type: 'string' }] };
  const query = 'NotAnEntraTable | where Id == "x"';
  startKqlWorker();
  assert.equal(await analyseAhead([query], [unknownTable]), 0);
  assert.equal(recallKql(query, [unknownTable]), undefined);
  assert.equal(parseKql(query, [unknownTable]).ok, true);
});

test('a worker that failed to start is answered at once, not waited for', { timeout: 10_000 }, async () => {
  const worker = KqlWorker.start(new URL('./no-such-worker.js', import.meta.url));
  // Let it fail to load and exit before it is asked anything.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await assert.rejects(worker.analyse(QUERIES, ALL_TABLES));
  await worker.close();
});
