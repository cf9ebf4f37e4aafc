/**
 * Reading a snapshot file (../shared/spec/snapshot-format.md): decode (UTF-8, UTF-8 with BOM,
 * UTF-16 with BOM), parse, validate. Every failure is one line naming the file and the place —
 * line and column for JSON syntax, the JSON path for a schema problem — because users fix these
 * by hand in an editor.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { describeIssue, formatIssuePath } from '../validation/describe-issue.js';
import { decodeText, TextDecodingError } from './decode-text.js';
import { findJsonSyntaxError } from './json-syntax-error.js';
import { snapshotSchema, type Snapshot } from './schema.js';

/**
 * Reads and validates the snapshot at `file`.
 * @throws UsageError (one line) when the file is missing, not text, not JSON, or not a valid snapshot.
 */
export async function readSnapshotFile(file: string): Promise<Snapshot> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`snapshot file ${file} does not exist`);
    if (code === 'EISDIR') throw new UsageError(`snapshot file ${file} is a directory`);
    throw new UsageError(`cannot read snapshot file ${file}: ${(error as Error).message}`);
  }
  return parseSnapshot(bytes, file);
}

/**
 * Decodes, parses and validates a snapshot held in memory. `source` names it in errors (a file
 * name, or e.g. "the emulator's snapshot").
 */
export function parseSnapshot(input: Uint8Array | string, source: string): Snapshot {
  const document = parseJsonText(input, source);
  return validateSnapshot(document, source);
}

/**
 * Decodes and parses JSON text with BOM handling and line/column errors; exported for other
 * JSON inputs users hand to the tool (plans, tenant files).
 */
export function parseJsonText(input: Uint8Array | string, source: string): unknown {
  let text: string;
  if (typeof input === 'string') text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  else {
    try {
      text = decodeText(input).text;
    } catch (error) {
      if (error instanceof TextDecodingError) throw new UsageError(`${source} ${error.message}`);
      throw error;
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const located = findJsonSyntaxError(text);
    if (located)
      throw new UsageError(`${source}:${located.line}:${located.column}: invalid JSON: ${located.message}`);
    throw new UsageError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
}

/** Validates a parsed document against the snapshot schema; the first problem is reported by JSON path. */
export function validateSnapshot(document: unknown, source: string): Snapshot {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new UsageError(`${source}: not a snapshot: expected a JSON object at the top level`);
  }
  const result = snapshotSchema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new UsageError(`${source}: not a valid snapshot`);
  throw new UsageError(`${source}: ${formatIssuePath(issue.path)}: ${describeIssue(issue, document)}`);
}
