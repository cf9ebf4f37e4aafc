/**
 * Writing a snapshot so that two exports of the same tenant diff cleanly: collections sorted by id
 * (then name), the document's own keys in the spec's order, keyed maps sorted by key, two-space
 * indentation and a final newline. Objects from Graph and ARM otherwise keep their keys as the
 * service returned them. Secrets never reach the file.
 */
import { writeFile } from 'node:fs/promises';
import type { Snapshot } from './schema.js';

/** Top-level and section key order, as in ../shared/spec/snapshot-format.md. Unknown keys follow, sorted. */
const topLevelOrder = [
  'formatVersion',
  'capturedAt',
  'cloud',
  'collectionErrors',
  'graph',
  'azure',
  'drills',
];
const graphOrder = [
  'organization',
  'subscribedSkus',
  'securityDefaults',
  'users',
  'groups',
  'roleDefinitions',
  'roleAssignments',
  'roleEligibilitySchedules',
  'roleAssignmentSchedules',
  'conditionalAccessPolicies',
  'namedLocations',
  'authenticationStrengthPolicies',
  'authenticationMethods',
  'signIns',
  'directoryAudits',
];
const azureOrder = ['subscriptions', 'resources', 'aadDiagnosticSettings', 'logs'];

/**
 * Keys that hold secrets in the objects we handle (a user's `passwordProfile` on create, a TAP's
 * value, an app's client secret in an emulator tenant file). Dropped wherever they appear.
 */
const secretKeys = new Set([
  'passwordProfile',
  'password',
  'temporaryAccessPass',
  'clientSecret',
  'secretText',
  'privateKey',
]);

/** Top-level keys a product export never carries: `emulator` holds apps and their secrets. */
const droppedTopLevelKeys = new Set(['emulator']);

/** The sort key of a collection element: its id, else its natural name. */
function sortKeyOf(item: unknown): [string, string] {
  if (item === null || typeof item !== 'object') return [String(item).toLowerCase(), ''];
  const o = item as Record<string, unknown>;
  const primary = o.id ?? o.subscriptionId ?? o.skuId ?? o.accountId ?? o.name ?? o.displayName ?? '';
  const secondary = o.name ?? o.displayName ?? o.userPrincipalName ?? o.at ?? o.createdDateTime ?? '';
  return [String(primary).toLowerCase(), String(secondary).toLowerCase()];
}

/** Sorts a collection by id, then name; ties keep their order (Array.prototype.sort is stable). */
export function sortCollection<T>(items: readonly T[]): T[] {
  const keyed = items.map((item) => ({ item, key: sortKeyOf(item) }));
  keyed.sort((a, b) => compare(a.key[0], b.key[0]) || compare(a.key[1], b.key[1]));
  return keyed.map((k) => k.item);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `value` without secret keys, at any depth. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    if (!secretKeys.has(key)) out[key] = withoutSecrets(inner);
  return out;
}

function ordered(object: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (object[key] !== undefined) out[key] = object[key];
  for (const key of Object.keys(object).sort())
    if (!(key in out) && object[key] !== undefined) out[key] = object[key];
  return out;
}

function sortedRecord(
  record: Record<string, unknown>,
  each: (value: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(
    (a, b) => compare(a.toLowerCase(), b.toLowerCase()) || compare(a, b),
  )) {
    out[key] = each(record[key]);
  }
  return out;
}

/** Sorts each array of objects in a section; id lists the tool adds (`members`, `transitiveMemberOf`) too. */
function normaliseSection(
  section: Record<string, unknown>,
  order: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (key === 'authenticationMethods' && isRecord(value)) out[key] = sortedRecord(value, sortIfArray);
    else if (key === 'logs' && isRecord(value))
      out[key] = sortedRecord(value, (tables) =>
        isRecord(tables) ? sortedRecord(tables, (rows) => rows) : tables,
      );
    else if (Array.isArray(value)) out[key] = sortCollection(value.map(normaliseAddedIdLists));
    else out[key] = value;
  }
  return ordered(out, order);
}

/** The id lists breakglass adds to Graph objects are sets; sort them so membership changes diff as lines. */
function normaliseAddedIdLists(item: unknown): unknown {
  if (!isRecord(item)) return item;
  let copy: Record<string, unknown> | undefined;
  for (const key of ['members', 'transitiveMemberOf']) {
    const list = item[key];
    if (Array.isArray(list)) {
      copy ??= { ...item };
      copy[key] = [...list].sort((a, b) => compare(String(a).toLowerCase(), String(b).toLowerCase()));
    }
  }
  return copy ?? item;
}

function sortIfArray(value: unknown): unknown {
  return Array.isArray(value) ? sortCollection(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The canonical JSON text of a snapshot (what `breakglass snapshot -o` writes). */
export function serializeSnapshot(snapshot: Snapshot): string {
  const clean = withoutSecrets(snapshot) as Record<string, unknown>;
  for (const key of droppedTopLevelKeys) delete clean[key];
  if (isRecord(clean.graph)) clean.graph = normaliseSection(clean.graph, graphOrder);
  if (isRecord(clean.azure)) clean.azure = normaliseSection(clean.azure, azureOrder);
  if (Array.isArray(clean.drills)) clean.drills = sortCollection(clean.drills);
  if (isRecord(clean.collectionErrors))
    clean.collectionErrors = sortedRecord(clean.collectionErrors, (v) => v);
  return `${JSON.stringify(ordered(clean, topLevelOrder), null, 2)}\n`;
}

/** Writes the canonical text of `snapshot` to `file` (UTF-8, no BOM). */
export async function writeSnapshotFile(file: string, snapshot: Snapshot): Promise<void> {
  await writeFile(file, serializeSnapshot(snapshot), 'utf8');
}
