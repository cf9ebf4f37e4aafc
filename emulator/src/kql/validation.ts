/**
 * Query validation as Azure Monitor does it when a log search alert rule is written: the query
 * must parse and bind against the workspace's tables. That is all: parts of KQL the emulator's
 * interpreter does not implement (`let`, `join` …) are valid KQL and pass, so a rule is refused
 * only when Log Analytics itself would refuse its query.
 */
import type { KqlError } from './errors.js';
import { analysisError } from './errors.js';
import { analyze } from './language.js';
import { workspaceTables, type KqlTable } from './schemas.js';

/**
 * The syntax or semantic error the service would refuse `query` with, or undefined when it parses
 * and binds against `tables` (default: the workspace tables).
 */
export function validateKql(
  query: string,
  tables: readonly KqlTable[] = workspaceTables,
): KqlError | undefined {
  return analysisError(analyze(query, tables));
}
