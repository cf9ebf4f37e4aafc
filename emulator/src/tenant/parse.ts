/**
 * Reading tenant files: bytes → validated {@link TenantDocument}, with an error naming the JSON
 * path of the first problem. Accepts UTF-8 (with or without BOM) and UTF-16LE/BE with a BOM,
 * because PowerShell writes UTF-16LE by default.
 */
import { readFileSync } from 'node:fs';
import { tenantDocumentSchema, type TenantDocument } from './schema.js';

/** A tenant file that cannot be used; the message is one line naming the file and JSON path. */
export class TenantFileError extends Error {
  override readonly name = 'TenantFileError';
  /** Marks the error as the user's to fix: print the message, not a stack. */
  readonly userFacing = true;
}

/** Decodes text by its byte-order mark (UTF-16LE, UTF-16BE, UTF-8), UTF-8 without one. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('utf-8').decode(bytes);
}

/** `$.graph.users[3].id` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * Validates an already-parsed document. Returns the input object itself (not zod's copy), so
 * that nothing is reordered, defaulted or dropped.
 */
export function validateTenantDocument(value: unknown, source = 'tenant document'): TenantDocument {
  const result = tenantDocumentSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? jsonPath(issue.path) : '$';
    throw new TenantFileError(`${source}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return value as TenantDocument;
}

/** Parses and validates tenant-file bytes. */
export function parseTenantDocument(bytes: Uint8Array | string, source = 'tenant document'): TenantDocument {
  const text = typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : decodeText(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TenantFileError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  return validateTenantDocument(value, source);
}

/** Reads, decodes and validates a tenant file. */
export function readTenantFile(file: string): TenantDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new TenantFileError(
      `cannot read tenant file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseTenantDocument(bytes, file);
}
