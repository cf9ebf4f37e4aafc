/**
 * Graph JSON batching, the pure parts (api-facts §2.11): grouping sub-requests into `$batch`
 * requests of at most 20, keeping every `dependsOn` chain inside one batch, and choosing which
 * sub-requests to send again after a batch came back.
 */

/** The most sub-requests Graph accepts in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

/** One sub-request. `url` is relative to the version root: `/users/{id}?$select=id`. */
export interface BatchItem {
  /** Unique (case-insensitive) within the call; defaults to the item's 1-based position. */
  readonly id?: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Ids of items that must succeed first (Graph answers 424 to dependants of a failure). */
  readonly dependsOn?: readonly string[];
  /** Overrides the method's idempotency for 5xx retries (a POST that is safe to repeat). */
  readonly idempotent?: boolean;
}

/** A batch item with its id settled. */
export type IdentifiedBatchItem = BatchItem & { readonly id: string };

/** Gives every item an id and checks ids and dependencies. Throws on a programming error. */
export function identifyItems(items: readonly BatchItem[]): IdentifiedBatchItem[] {
  const seen = new Set<string>();
  const identified = items.map((item, index) => {
    const id = item.id ?? String(index + 1);
    const key = id.toLowerCase();
    if (seen.has(key)) throw new Error(`batch: duplicate request id ${id}`);
    seen.add(key);
    return { ...item, id };
  });
  for (const item of identified) {
    for (const dep of item.dependsOn ?? []) {
      if (!seen.has(dep.toLowerCase()))
        throw new Error(`batch: request ${item.id} depends on unknown id ${dep}`);
    }
  }
  return identified;
}

/**
 * Splits items into batches of at most `maxSize`. Items linked by `dependsOn` (directly or through
 * others) stay in one batch, because Graph resolves dependencies only within a batch. Groups are
 * packed first-fit in the order they first appear; inside a batch items keep their order.
 */
export function groupBatchItems(
  items: readonly IdentifiedBatchItem[],
  maxSize: number = MAX_BATCH_SIZE,
): IdentifiedBatchItem[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const key = (id: string) => id.toLowerCase();
  for (const item of items) parent.set(key(item.id), key(item.id));
  for (const item of items) {
    for (const dep of item.dependsOn ?? []) {
      if (parent.has(key(dep))) parent.set(find(key(item.id)), find(key(dep)));
    }
  }
  const groups = new Map<string, IdentifiedBatchItem[]>();
  for (const item of items) {
    const root = find(key(item.id));
    const group = groups.get(root) ?? [];
    group.push(item);
    groups.set(root, group);
  }
  const batches: IdentifiedBatchItem[][] = [];
  for (const group of groups.values()) {
    if (group.length > maxSize) {
      throw new Error(
        `batch: ${group.length} requests depend on one another; at most ${maxSize} fit in one batch`,
      );
    }
    const target = batches.find((batch) => batch.length + group.length <= maxSize);
    if (target) target.push(...group);
    else batches.push([...group]);
  }
  // First-fit may have interleaved groups; restore the callers' order inside each batch.
  const position = new Map(items.map((item, index) => [item, index]));
  for (const batch of batches) batch.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return batches;
}

/** The answer to one sub-request, as `$batch` returns it. */
export interface BatchSubResponse {
  readonly id: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Why a sub-request is worth sending again, or undefined. */
export type RetryReason = 'throttled' | 'server-error' | 'not-yet-visible' | 'dependency-retried';

const SERVER_ERRORS = new Set([500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);

/**
 * Which sub-requests to send again: 429s; 5xx of idempotent ones; 404s that are only the directory
 * catching up with our own create (`notYetVisible` decides); and 424s whose failed dependency is
 * itself being retried. Everything else is final.
 */
export function selectRetries(
  items: readonly IdentifiedBatchItem[],
  responses: ReadonlyMap<string, BatchSubResponse>,
  notYetVisible: (item: IdentifiedBatchItem, response: BatchSubResponse) => boolean,
): Map<string, RetryReason> {
  const retry = new Map<string, RetryReason>();
  for (const item of items) {
    const response = responses.get(item.id.toLowerCase());
    if (!response) continue;
    const idempotent = item.idempotent ?? IDEMPOTENT.has(item.method);
    if (response.status === 429) retry.set(item.id, 'throttled');
    else if (SERVER_ERRORS.has(response.status) && idempotent) retry.set(item.id, 'server-error');
    else if (response.status === 404 && notYetVisible(item, response)) retry.set(item.id, 'not-yet-visible');
  }
  // A 424 follows its dependency: retried if any dependency is (transitively) retried.
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of items) {
      if (retry.has(item.id) || responses.get(item.id.toLowerCase())?.status !== 424) continue;
      if (
        (item.dependsOn ?? []).some((dep) =>
          [...retry.keys()].some((id) => id.toLowerCase() === dep.toLowerCase()),
        )
      ) {
        retry.set(item.id, 'dependency-retried');
        changed = true;
      }
    }
  }
  return retry;
}

/**
 * The items to send in the next round: the retried ones, with `dependsOn` trimmed to the
 * dependencies that are also being resent (the others already succeeded).
 */
export function nextRound(
  items: readonly IdentifiedBatchItem[],
  retry: ReadonlyMap<string, RetryReason>,
): IdentifiedBatchItem[] {
  const resent = new Set([...retry.keys()].map((id) => id.toLowerCase()));
  return items
    .filter((item) => resent.has(item.id.toLowerCase()))
    .map((item) => {
      const dependsOn = (item.dependsOn ?? []).filter((dep) => resent.has(dep.toLowerCase()));
      return { ...item, dependsOn: dependsOn.length ? dependsOn : undefined };
    });
}
