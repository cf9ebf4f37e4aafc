/**
 * Turning a zod issue into the short phrase a user reads after the key path, shared by the
 * snapshot reader and the config loader so both speak the same way.
 */
import type { z } from 'zod';

/** A path as zod reports it. */
export type IssuePath = readonly PropertyKey[];

/**
 * `['graph', 'users', 3, 'userPrincipalName']` → `graph.users[3].userPrincipalName`. Keys that are
 * not plain identifiers (GUIDs, `@odata.type`) are quoted so the path can be pasted into `jq`.
 */
export function formatIssuePath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out === '' ? '(top level)' : out;
}

/** The value found at `path` inside `root`, or `undefined` when the path leads nowhere. */
export function valueAt(root: unknown, path: IssuePath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as string];
  }
  return current;
}

/** What a JSON/YAML value is, in the words a user would use. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * The phrase for one issue, e.g. `expected string, got number 3` or
 * `expected one of "enabled", "disabled"`. `root` is the document that was validated, used to say
 * what was found instead (zod v4 does not keep the input on the issue).
 */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const found = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined
        ? `expected ${issue.expected}, but it is missing`
        : `expected ${issue.expected}, got ${describeValue(found)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, got ${describeValue(found)}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(found)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const relation =
        issue.code === 'too_small'
          ? issue.inclusive
            ? 'at least'
            : 'more than'
          : issue.inclusive
            ? 'at most'
            : 'less than';
      const exact = (issue as { exact?: boolean }).exact === true;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `must be ${exact ? 'exactly' : relation} ${String(bound)}${unit}, got ${describeValue(found)}`;
    }
    case 'invalid_format':
      return `expected ${issue.format === 'url' ? 'a URL' : issue.format === 'email' ? 'an email address' : `a ${issue.format}`}, got ${describeValue(found)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}
