/**
 * Loading `breakglass.yaml`. The YAML document is parsed with node positions kept, validated with
 * `configSchema`, and the first problem becomes one line a user can act on:
 *
 *   breakglass.yaml:7:3: accounts.cuont: unknown key (did you mean "count"?)
 *
 * The config is optional for read-only commands: with no `--config` and no ./breakglass.yaml the
 * loader returns `undefined` and the audit finds the accounts through the break-glass group.
 */
import { readFile } from 'node:fs/promises';
import { resolve, relative, isAbsolute } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { describeIssue, formatIssuePath, type IssuePath } from '../validation/describe-issue.js';
import { configSchema, type BreakglassConfig } from './schema.js';

/** The file looked for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = 'breakglass.yaml';

/** A position in the config file, 1-based. */
export interface ConfigPosition {
  line: number;
  column: number;
}

/** A validated config and where it came from. */
export interface LoadedConfig {
  config: BreakglassConfig;
  /** The file as the user named it (relative to the working directory when inside it). */
  file: string;
  /** Where a key path (e.g. `['policy', 'displayName']`) is written in the file, for messages that point back at it. */
  locate(path: IssuePath): ConfigPosition | undefined;
}

/** A config mistake: one line, with the file, position and key path also kept as fields. */
export class ConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly position: ConfigPosition | undefined,
    readonly keyPath: string | undefined,
    readonly problem: string,
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
  }
}

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** `--config FILE`; when given, the file must exist. */
  path?: string;
  /** Where ./breakglass.yaml is looked for; defaults to the process's working directory. */
  cwd?: string;
}

/**
 * Loads the config named by `--config`, or ./breakglass.yaml when it exists.
 * @returns `undefined` when no path was given and there is no ./breakglass.yaml.
 * @throws ConfigError / UsageError (one line) for a missing named file or an invalid config.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig | undefined> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path !== undefined;
  const absolute = resolve(cwd, options.path ?? DEFAULT_CONFIG_FILE);
  const shown = displayName(absolute, cwd);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    if (code === 'ENOENT') throw new UsageError(`config file ${shown} does not exist`);
    if (code === 'EISDIR') throw new UsageError(`config file ${shown} is a directory`);
    throw new UsageError(`cannot read config file ${shown}: ${(error as Error).message}`);
  }
  return parseConfig(text, shown);
}

/** Parses and validates config text; `file` names it in errors. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    lineCounter,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const at = (offset: number): ConfigPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxError = document.errors[0];
  if (syntaxError)
    throw new ConfigError(
      file,
      at(syntaxError.pos[0]),
      undefined,
      `invalid YAML: ${firstLine(syntaxError.message)}`,
    );

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(file, undefined, undefined, `invalid YAML: ${firstLine((error as Error).message)}`);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      file,
      at(document.contents?.range?.[0] ?? 0),
      undefined,
      'expected a mapping of settings at the top level (e.g. "model: dedicated")',
    );
  }

  const locateOffset = (path: IssuePath) => findOffset(document, path);
  const result = configSchema.safeParse(data);
  if (!result.success) throw firstProblem(result.error.issues, data, file, locateOffset, at);

  return {
    config: result.data,
    file,
    locate(path) {
      const found = locateOffset(path);
      return found && found.exact ? at(found.offset) : undefined;
    },
  };
}

/** The issue written first in the file becomes the error, so fixing errors top to bottom works. */
function firstProblem(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  file: string,
  locateOffset: (path: IssuePath) => { offset: number; exact: boolean } | undefined,
  at: (offset: number) => ConfigPosition,
): ConfigError {
  const described = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const valid = validKeysAt(issue.path);
        const suggestion = nearest(key, valid) ?? elsewhere(key);
        const problem = suggestion
          ? `unknown key (did you mean "${suggestion}"?)`
          : `unknown key (valid keys here: ${valid.join(', ')})`;
        return { path, problem, offset: locateOffset(path)?.offset ?? 0 };
      });
    }
    return [
      {
        path: issue.path,
        problem: describeIssue(issue, data),
        offset: locateOffset(issue.path)?.offset ?? 0,
      },
    ];
  });
  described.sort((a, b) => a.offset - b.offset);
  const first = described[0] as (typeof described)[number];
  return new ConfigError(file, at(first.offset), formatIssuePath(first.path), first.problem);
}

/**
 * Offset of the key that holds `path` (so the column points at the key, where the user looks), or
 * of the nearest written ancestor when the path is not in the file (a missing key).
 */
function findOffset(document: Document, path: IssuePath): { offset: number; exact: boolean } | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
      if (!pair) return offset === undefined ? undefined : { offset, exact: false };
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset === undefined ? undefined : { offset, exact: false };
      offset = item.range?.[0] ?? offset;
      node = item;
    } else return offset === undefined ? undefined : { offset, exact: false };
  }
  return offset === undefined ? undefined : { offset, exact: true };
}

/** Keys allowed at `path` in `configSchema`, found by walking the schema (defaults, optionals, arrays unwrapped). */
export function validKeysAt(path: IssuePath): string[] {
  let schema: SchemaNode | undefined = unwrap(configSchema as unknown as SchemaNode);
  for (const segment of path) {
    if (!schema) return [];
    if (schema._zod.def.type === 'object') schema = unwrap(schema._zod.def.shape?.[segment as string]);
    else if (schema._zod.def.type === 'array') schema = unwrap(schema._zod.def.element);
    else return [];
  }
  return schema?._zod.def.type === 'object' ? Object.keys(schema._zod.def.shape ?? {}) : [];
}

/** The parts of a zod v4 schema's definition the walk needs. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
      innerType?: SchemaNode;
      in?: SchemaNode;
    };
  };
}

function unwrap(schema: SchemaNode | undefined): SchemaNode | undefined {
  let current = schema;
  while (
    current &&
    ['default', 'prefault', 'optional', 'nullable', 'catch', 'readonly', 'pipe'].includes(
      current._zod.def.type,
    )
  ) {
    current = current._zod.def.type === 'pipe' ? current._zod.def.in : current._zod.def.innerType;
  }
  return current;
}

/** A key written at the wrong level: `count` at the top is `accounts.count`. Only exact names, to avoid noise. */
function elsewhere(key: string): string | undefined {
  const matches: string[] = [];
  const walk = (prefix: IssuePath) => {
    for (const name of validKeysAt(prefix)) {
      if (name === key && prefix.length > 0) matches.push(formatIssuePath([...prefix, name]));
      walk([...prefix, name]);
    }
  };
  walk([]);
  return matches.length === 1 ? matches[0] : undefined;
}

/** The valid key closest to `key` by edit distance, if close enough to be a likely typo. */
export function nearest(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(key.length, best.candidate.length) / 3));
  return best.distance <= allowed ? best.candidate : undefined;
}

/** Levenshtein distance with adjacent transpositions (a common typo) counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const cell = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, cell(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return cell(a.length, b.length);
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

function displayName(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}
