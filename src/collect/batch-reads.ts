/**
 * Named Graph reads sent together through `$batch` (20 to a request, in parallel), with each
 * collection's further pages followed from its `@odata.nextLink`. Every read settles to a value or
 * an error of its own: one refused read never sinks the others.
 */
import type { BatchItem } from '../clients/batch.js';
import type { ApiError } from '../clients/errors.js';
import type { GraphClient } from '../clients/graph.js';

/** How one named read ended. */
export type ReadOutcome<T = unknown> =
  | { readonly ok: true; readonly status: number; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly error: ApiError | Error };

/** What a read returns: a whole collection (`value` of every page) or a single resource. */
export type ReadShape = 'collection' | 'entity';

/** One read of a batch. */
export interface NamedRead {
  readonly name: string;
  readonly url: string;
  readonly shape: ReadShape;
}

/**
 * Sends the reads (none → no request) and settles each. A collection's value is all its items,
 * further pages fetched directly from the `@odata.nextLink` Graph returned.
 */
export async function batchReads(
  graph: GraphClient,
  reads: readonly NamedRead[],
  signal?: AbortSignal,
): Promise<Map<string, ReadOutcome>> {
  const outcomes = new Map<string, ReadOutcome>();
  if (reads.length === 0) return outcomes;
  const items: BatchItem[] = reads.map((read, index) => ({
    id: String(index + 1),
    method: 'GET',
    url: read.url,
  }));
  const results = await graph.batch(items, { signal });
  await Promise.all(
    reads.map(async (read, index) => {
      const result = results[index];
      if (!result) {
        outcomes.set(read.name, { ok: false, status: 0, error: new Error(`no answer for ${read.url}`) });
        return;
      }
      if (!result.ok) {
        outcomes.set(read.name, {
          ok: false,
          status: result.status,
          error: result.error ?? new Error(`status ${result.status}`),
        });
        return;
      }
      if (read.shape === 'entity') {
        outcomes.set(read.name, { ok: true, status: result.status, value: stripContext(result.body) });
        return;
      }
      const body = (result.body ?? {}) as { value?: unknown[]; '@odata.nextLink'?: string };
      const items = Array.isArray(body.value) ? [...body.value] : [];
      try {
        if (typeof body['@odata.nextLink'] === 'string') {
          for await (const page of graph.pages(body['@odata.nextLink'], { signal }))
            items.push(...page.value);
        }
        outcomes.set(read.name, { ok: true, status: result.status, value: stripContext(items) });
      } catch (error) {
        outcomes.set(read.name, {
          ok: false,
          status: (error as { status?: number }).status ?? 0,
          error: error as Error,
        });
      }
    }),
  );
  return outcomes;
}

/**
 * A value without `@odata.context` annotations (`@odata.context`, and per-property ones such as a
 * CA policy's `authenticationStrength@odata.context`): they describe the response, not the object,
 * and carry the service's host, so keeping them would make two exports differ for nothing.
 *
 * Parts without such an annotation are returned as they are, not copied: the value is a freshly
 * parsed answer nobody else holds, and 195 CA policies are a quarter of a megabyte to copy.
 */
export function stripContext(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const stripped = stripContext(item);
      if (out) out.push(stripped);
      else if (stripped !== item) (out = value.slice(0, i)).push(stripped);
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const inner = record[key];
    if (key.endsWith('@odata.context')) {
      out ??= copyOf(record, keys, i);
      continue;
    }
    const stripped = stripContext(inner);
    if (out) out[key] = stripped;
    else if (stripped !== inner) (out = copyOf(record, keys, i))[key] = stripped;
  }
  return out ?? value;
}

/** A new object with the first `count` of `keys` of `record`, in order. */
function copyOf(record: Record<string, unknown>, keys: readonly string[], count: number) {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) out[keys[i] as string] = record[keys[i] as string];
  return out;
}
