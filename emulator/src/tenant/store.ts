/**
 * The per-tenant store: the tenant document held as indexed collections that route handlers read
 * and write, and exported back as a sorted tenant document.
 *
 * Ids are compared case-insensitively (Graph GUIDs, ARM resource ids). Collections keep insertion
 * order (what Graph lists in); export sorts. A collection absent from the loaded file stays absent
 * on export until something is written to it ("not collected" differs from "empty").
 *
 * Eventual consistency lives here: an object created through {@link Collection.add} while the
 * `consistency` fault is on is invisible to {@link Collection.get} and {@link Collection.list} for
 * the configured time; the handler that created it still has the object it returned.
 */
import { deriveSeed, randomGuid, seededRandom, type Random } from '../faults/prng.js';
import type { EmulatorApp, JsonObject, TenantDocument } from './schema.js';

/** Where a collection lives in the tenant document and which property is its key. */
interface CollectionDef {
  readonly section: 'graph' | 'azure' | 'root';
  readonly key: string;
}

/** Every indexed collection of a tenant, as data. Other parts of the document are kept verbatim. */
export const collectionDefs = {
  organization: { section: 'graph', key: 'id' },
  subscribedSkus: { section: 'graph', key: 'skuId' },
  users: { section: 'graph', key: 'id' },
  groups: { section: 'graph', key: 'id' },
  roleDefinitions: { section: 'graph', key: 'id' },
  roleAssignments: { section: 'graph', key: 'id' },
  roleEligibilitySchedules: { section: 'graph', key: 'id' },
  roleAssignmentSchedules: { section: 'graph', key: 'id' },
  conditionalAccessPolicies: { section: 'graph', key: 'id' },
  namedLocations: { section: 'graph', key: 'id' },
  authenticationStrengthPolicies: { section: 'graph', key: 'id' },
  signIns: { section: 'graph', key: 'id' },
  directoryAudits: { section: 'graph', key: 'id' },
  subscriptions: { section: 'azure', key: 'subscriptionId' },
  resources: { section: 'azure', key: 'id' },
  aadDiagnosticSettings: { section: 'azure', key: 'id' },
  drills: { section: 'root', key: 'accountId' },
} as const satisfies Record<string, CollectionDef>;

/** Name of an indexed collection. */
export type CollectionName = keyof typeof collectionDefs;

/** What a store needs from the emulator around it (clock and the consistency fault). */
export interface StoreEnvironment {
  /** The emulator clock, in ms since the epoch. */
  now(): number;
  /** How long (ms) a newly created object stays invisible to reads; 0 = off. */
  consistencyMs(): number;
}

const lower = (s: string) => s.toLowerCase();

/** One indexed collection of JSON objects. */
export class Collection {
  private readonly items = new Map<string, JsonObject>();
  /** Each key's place in the listing order (insertion order), so that look-ups by key list in it too. */
  private readonly position = new Map<string, number>();
  private nextPosition = 0;
  /** Indexes of other properties: lower-cased string value → keys, as of a version of the collection. */
  private readonly indexes = new Map<string, { version: number; keys: Map<string, string[]> }>();
  private readonly createdAt = new Map<string, number>();
  /** True when the loaded document had this collection or something was written to it. */
  present: boolean;
  /** Counts writes (add, put, delete), so that indexes derived from the collection know when to rebuild. */
  version = 0;

  constructor(
    readonly name: CollectionName,
    readonly key: string,
    private readonly env: StoreEnvironment,
    private readonly onChange: () => void,
    initial: JsonObject[] | undefined,
  ) {
    this.present = initial !== undefined;
    for (const item of initial ?? []) this.store(this.keyOf(item), item);
  }

  /** Sets an item; a new key goes to the end of the listing order, as it does in the map. */
  private store(k: string, item: JsonObject): void {
    if (!this.items.has(k)) this.position.set(k, this.nextPosition++);
    this.items.set(k, item);
  }

  /** The key of an object (lower-cased for lookups). */
  keyOf(item: JsonObject): string {
    return lower(String(item[this.key] ?? ''));
  }

  private visible(k: string): boolean {
    const created = this.createdAt.get(k);
    if (created === undefined) return true;
    if (this.env.now() - created >= this.env.consistencyMs()) {
      this.createdAt.delete(k);
      return true;
    }
    return false;
  }

  /** The object with this key, or undefined (also while a new object is not yet consistent). */
  get(id: string): JsonObject | undefined {
    const k = lower(id);
    return this.visible(k) ? this.items.get(k) : undefined;
  }

  /** The object with this key whether or not reads can see it yet (export, evaluators, conflicts). */
  getAny(id: string): JsonObject | undefined {
    return this.items.get(lower(id));
  }

  /** True when an object with this key exists (visible or not). */
  has(id: string): boolean {
    return this.items.has(lower(id));
  }

  /** The objects reads can see, in insertion order. */
  list(): JsonObject[] {
    const out: JsonObject[] = [];
    for (const [k, v] of this.items) if (this.visible(k)) out.push(v);
    return out;
  }

  /**
   * The objects reads can see whose `property` is one of these strings (lower case), in listing
   * order: what `list()` followed by a filter on the property gives, without visiting the whole
   * collection. An index of a property other than the key is built on first use and again after
   * a write.
   */
  pickBy(property: string, values: Iterable<string>): JsonObject[] {
    if (property === this.key) return this.pick(values);
    let index = this.indexes.get(property);
    if (!index || index.version !== this.version) {
      index = { version: this.version, keys: new Map() };
      for (const [k, item] of this.items) {
        const value = item[property];
        if (typeof value !== 'string') continue;
        const lowered = lower(value);
        const keys = index.keys.get(lowered);
        if (keys) keys.push(k);
        else index.keys.set(lowered, [k]);
      }
      this.indexes.set(property, index);
    }
    const keys: string[] = [];
    for (const value of new Set(values)) keys.push(...(index.keys.get(value) ?? []));
    return this.pick(keys);
  }

  /** The objects reads can see among those with these keys (lower case), in listing order. */
  pick(keys: Iterable<string>): JsonObject[] {
    const found: [number, JsonObject][] = [];
    for (const k of new Set(keys)) {
      const item = this.items.get(k);
      if (item !== undefined && this.visible(k)) found.push([this.position.get(k) ?? 0, item]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }

  /** Every object, consistent or not, in insertion order. */
  listAll(): JsonObject[] {
    return [...this.items.values()];
  }

  /** Number of objects (visible or not). */
  get size(): number {
    return this.items.size;
  }

  /**
   * Adds a new object created through the API; it is subject to the consistency fault. Returns the
   * stored object (the same reference).
   */
  add(item: JsonObject): JsonObject {
    const k = this.keyOf(item);
    this.store(k, item);
    if (this.env.consistencyMs() > 0) this.createdAt.set(k, this.env.now());
    this.present = true;
    this.version++;
    this.onChange();
    return item;
  }

  /** Inserts or replaces an object without the consistency delay (seeding, replacement by PUT/PATCH). */
  put(item: JsonObject): JsonObject {
    this.store(this.keyOf(item), item);
    this.present = true;
    this.version++;
    this.onChange();
    return item;
  }

  /** Removes an object; true when it existed. */
  delete(id: string): boolean {
    const k = lower(id);
    this.createdAt.delete(k);
    this.position.delete(k);
    const had = this.items.delete(k);
    if (had) {
      this.version++;
      this.onChange();
    }
    return had;
  }
}

/** Sorts objects by id (or another key), then by name/displayName, case-insensitively. */
export function sortByKey<T>(items: readonly T[], key = 'id'): T[] {
  const text = (item: T, prop: string) => {
    const v = typeof item === 'object' && item !== null ? (item as JsonObject)[prop] : item;
    return typeof v === 'string' ? v.toLowerCase() : v === undefined ? '' : JSON.stringify(v);
  };
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort(
    (a, b) =>
      cmp(text(a, key), text(b, key)) ||
      cmp(text(a, 'id'), text(b, 'id')) ||
      cmp(text(a, 'name'), text(b, 'name')) ||
      cmp(text(a, 'displayName'), text(b, 'displayName')),
  );
}

/** An object with its keys sorted (for maps keyed by id, such as authenticationMethods). */
function sortRecordKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    ),
  );
}

/** One tenant's state. */
export class TenantStore {
  /** The tenant id (lower-case GUID), which a token's `tid` selects. */
  readonly tenantId: string;
  private readonly collections = new Map<CollectionName, Collection>();
  /** The document minus the indexed collections: kept verbatim and merged back on export. */
  private readonly rest: TenantDocument;
  /** Per-user authentication methods (the snapshot's `graph.authenticationMethods`), keyed by lower-case user id. */
  private readonly methods = new Map<string, { userId: string; methods: JsonObject[] }>();
  private methodsPresent: boolean;
  /** Apps (the `emulator.apps` key, or a generated default admin app). */
  readonly apps: EmulatorApp[];
  /** Whether the loaded document had an `emulator` key (only then is it exported). */
  private readonly hadEmulatorKey: boolean;
  /** True once anything has been written since load. */
  changed = false;
  private readonly random: Random;

  constructor(
    doc: TenantDocument,
    tenantId: string,
    apps: EmulatorApp[],
    private readonly env: StoreEnvironment,
    seed: number,
  ) {
    this.tenantId = tenantId.toLowerCase();
    this.random = seededRandom(deriveSeed(seed, 'ids', this.tenantId));
    const copy = structuredClone(doc) as TenantDocument;
    this.hadEmulatorKey = copy.emulator !== undefined;
    this.apps = apps;
    const touch = () => {
      this.changed = true;
    };
    for (const [name, def] of Object.entries(collectionDefs) as [CollectionName, CollectionDef][]) {
      const section = sectionOf(copy, def.section);
      const initial = section?.[name] as JsonObject[] | undefined;
      if (section) delete section[name];
      this.collections.set(name, new Collection(name, def.key, env, touch, initial));
    }
    const methods = copy.graph.authenticationMethods;
    this.methodsPresent = methods !== undefined;
    delete copy.graph.authenticationMethods;
    for (const [userId, list] of Object.entries(methods ?? {}))
      this.methods.set(userId.toLowerCase(), { userId, methods: list });
    this.rest = copy;
  }

  /** An indexed collection by name. */
  collection(name: CollectionName): Collection {
    const c = this.collections.get(name);
    if (!c) throw new Error(`unknown collection ${name}`);
    return c;
  }

  /** Shorthand for `collection('users')` and friends. */
  get users(): Collection {
    return this.collection('users');
  }
  get groups(): Collection {
    return this.collection('groups');
  }

  /** The security defaults policy object (mutable), created on first use. */
  securityDefaults(): JsonObject {
    this.rest.graph.securityDefaults ??= {
      id: '00000000-0000-0000-0000-000000000005',
      displayName: 'Security Defaults',
      description:
        'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
      isEnabled: false,
    };
    return this.rest.graph.securityDefaults;
  }

  /** Replaces the security defaults policy. */
  setSecurityDefaults(value: JsonObject): void {
    this.rest.graph.securityDefaults = value;
    this.changed = true;
  }

  /** A user's authentication methods (mutable array; call {@link markChanged} after editing). */
  authenticationMethods(userId: string): JsonObject[] {
    const k = userId.toLowerCase();
    let entry = this.methods.get(k);
    if (!entry) {
      entry = { userId, methods: [] };
      this.methods.set(k, entry);
    }
    return entry.methods;
  }

  /** Log Analytics rows per workspace resource id (`azure.logs`; mutable, created on first use). */
  logs(): Record<string, Record<string, JsonObject[]>> {
    this.rest.azure ??= {};
    this.rest.azure.logs ??= {};
    return this.rest.azure.logs as Record<string, Record<string, JsonObject[]>>;
  }

  /** Anything else in the document (mutable): `cloud`, unknown sections. */
  get document(): TenantDocument {
    return this.rest;
  }

  /** Records that something was written (for stores edited in place). */
  markChanged(): void {
    this.changed = true;
    this.methodsPresent = true;
  }

  /** A new GUID from the tenant's seeded stream (deterministic for a given seed). */
  newId(): string {
    return randomGuid(this.random);
  }

  /** The emulator clock now, as a Date. */
  now(): Date {
    return new Date(this.env.now());
  }

  /** The tenant's display name and initial domain, from `graph.organization`. */
  describe(): { displayName: string; initialDomain: string } {
    const org = this.collection('organization').listAll()[0] as
      { displayName?: string; verifiedDomains?: { name: string; isInitial?: boolean }[] } | undefined;
    const initial = org?.verifiedDomains?.find((d) => d.isInitial) ?? org?.verifiedDomains?.[0];
    return {
      displayName: org?.displayName ?? this.tenantId,
      initialDomain: initial?.name ?? `${this.tenantId}.onmicrosoft.com`,
    };
  }

  /**
   * The tenant as a sorted tenant document. `capturedAt` is the loaded value while nothing has
   * changed (so an untouched tenant round-trips), otherwise the clock's now.
   */
  export(options: { includeEmulatorKey?: boolean } = {}): TenantDocument {
    const doc = structuredClone(this.rest) as TenantDocument;
    if (this.changed) doc.capturedAt = new Date(this.env.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const [name, def] of Object.entries(collectionDefs) as [CollectionName, CollectionDef][]) {
      const c = this.collection(name);
      if (!c.present) continue;
      let section = sectionOf(doc, def.section);
      if (!section && def.section === 'azure') section = doc.azure = {};
      if (!section) continue;
      let items = structuredClone(c.listAll());
      if (name === 'groups') {
        items = items.map((g) =>
          Array.isArray(g.members) ? { ...g, members: [...(g.members as string[])].sort(cmpLower) } : g,
        );
      }
      section[name] = sortByKey(items, def.key);
    }
    if (this.methodsPresent) {
      const rec: Record<string, JsonObject[]> = {};
      for (const { userId, methods } of this.methods.values())
        rec[userId] = sortByKey(structuredClone(methods));
      doc.graph.authenticationMethods = sortRecordKeys(
        rec,
      ) as TenantDocument['graph']['authenticationMethods'];
    }
    if (doc.azure?.logs) doc.azure.logs = sortRecordKeys(doc.azure.logs);
    const includeKey = options.includeEmulatorKey ?? this.hadEmulatorKey;
    if (!includeKey) delete doc.emulator;
    else if (doc.emulator)
      doc.emulator = { ...doc.emulator, apps: this.hadEmulatorKey ? doc.emulator.apps : this.apps };
    else doc.emulator = { tenantId: this.tenantId, apps: this.apps };
    return doc;
  }
}

function cmpLower(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function sectionOf(
  doc: TenantDocument,
  section: CollectionDef['section'],
): Record<string, unknown> | undefined {
  if (section === 'graph') return doc.graph as Record<string, unknown>;
  if (section === 'azure') return doc.azure as Record<string, unknown> | undefined;
  return doc as Record<string, unknown>;
}
