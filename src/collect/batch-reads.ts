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
 */
export function stripContext(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripContext);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    if (!key.endsWith('@odata.context')) out[key] = stripContext(inner);
  return out;
}
