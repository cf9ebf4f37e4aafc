/**
 * Worker thread that loads the Kusto language service and analyses queries off the main thread
 * (started by src/kql/worker-client.ts). Loading and warming the library is most of a cold
 * offline audit; here it runs while the main thread loads the CLI and reads the tenant.
 */
import { parentPort } from 'node:worker_threads';
import { globalsFor } from './language.js';
import { parseKql, type ParsedKql } from './parse.js';
import { ALL_TABLES } from './schemas.js';

/** A request: queries to analyse against the named tables (of `ALL_TABLES`). */
export interface KqlWorkerRequest {
  queries: string[];
  tables: string[];
}

/** The answer: one analysis per query, in order, or why there are none. */
export type KqlWorkerResponse = { analyses: ParsedKql[] } | { error: string };

function tablesNamed(names: readonly string[]) {
  return names.map((name) => {
    const table = ALL_TABLES.find((candidate) => candidate.name === name);
    if (!table) throw new Error(`no schema for table ${name}`);
    return table;
  });
}

if (parentPort) {
  const port = parentPort;
  // Load the library and bind the usual tables now, before any query arrives.
  globalsFor(ALL_TABLES);
  port.on('message', (request: KqlWorkerRequest) => {
    let response: KqlWorkerResponse;
    try {
      const tables = tablesNamed(request.tables);
      response = { analyses: request.queries.map((query) => parseKql(query, tables)) };
    } catch (error) {
      response = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(response);
  });
}
