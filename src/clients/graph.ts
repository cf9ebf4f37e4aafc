/**
 * A thin, typed Microsoft Graph layer over the connection's pipeline: requests, paging as async
 * iterators (following `@odata.nextLink` verbatim), `$count`, `$batch`, and the two behaviours
 * that make writes safe on an eventually consistent directory:
 *
 * - `createIdempotent`: a create whose answer was lost (dropped connection, timeout, 5xx) looks the
 *   object up by its unique key before trying again, so a retry never makes a second object.
 * - After our own create, a 404 `Request_ResourceNotFound` on a request that names the new object is
 *   the directory catching up (api-facts §2.15), and is retried with back-off, for a bounded time.
 */
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import {
  groupBatchItems,
  identifyItems,
  nextRound,
  selectRetries,
  type BatchItem,
  type BatchSubResponse,
  type IdentifiedBatchItem,
} from './batch.js';
import type { Connection } from './connection.js';
import type { ApiError } from './errors.js';
import { apiErrorFromResponse, apiErrorFromTransport, identityError, isApiError } from './errors.js';
import { retryOptionsOf } from './pipeline.js';
import { attemptsOf, backoffDelay, parseRetryAfter, setIdempotent, sleep } from './retry.js';

/** Graph API versions. */
export type GraphVersion = 'v1.0' | 'beta';

/** Options of one Graph call. */
export interface GraphRequestOptions {
  /** Query parameters (`$select`, `$filter`, `$top`…), encoded for you. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sends `ConsistencyLevel: eventual` (advanced queries, `$count`, `$search`). */
  readonly eventual?: boolean;
  /** Default `v1.0`; use `beta` only where v1.0 has no such resource. */
  readonly version?: GraphVersion;
  readonly signal?: AbortSignal;
  /** Per-attempt timeout, ms (default: the connection's). */
  readonly timeoutMs?: number;
  /** Overrides whether a failed attempt may be repeated (e.g. a POST that is safe to resend). */
  readonly idempotent?: boolean;
}

/** One page of a collection. */
export interface GraphPage<T> {
  readonly value: T[];
  /** `@odata.count`, when asked for with `$count=true`. */
  readonly count?: number;
  readonly nextLink?: string;
}

/** The answer to one `$batch` sub-request, in the caller's order. */
export interface BatchResult<T = unknown> {
  readonly id: string;
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: T;
  /** Set when `ok` is false: the sub-request's error, with the permission it needed on a 403. */
  readonly error?: ApiError;
}

/** How long to wait for the directory to show our own new objects. */
export interface ConsistencyOptions {
  /** First back-off step of a not-yet-visible retry, ms. */
  readonly baseDelayMs: number;
  /** Ceiling of one step, ms. */
  readonly maxDelayMs: number;
  /** Total time one request keeps retrying a not-yet-visible 404, ms. */
  readonly maxWaitMs: number;
  /** How long `createIdempotent` keeps looking for an object whose create lost its answer, ms. */
  readonly settleMs: number;
  /** How long a created id counts as "new", ms. */
  readonly rememberMs: number;
}

/** Defaults: Microsoft suggests retrying 1, 2, 4, 8… s; CA reads lag about 5 s. */
export const DEFAULT_CONSISTENCY: ConsistencyOptions = {
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxWaitMs: 30_000,
  settleMs: 6000,
  rememberMs: 5 * 60_000,
};

/** Options of `createIdempotent`. */
export interface CreateIdempotentOptions {
  /** Creates tried in all (default: the connection's `maxRetries` + 1). */
  readonly attempts?: number;
  /** Overrides `ConsistencyOptions.settleMs` for this call. */
  readonly settleMs?: number;
  readonly signal?: AbortSignal;
}

/** The typed Graph client of one connection. */
export class GraphClient {
  private readonly consistency: ConsistencyOptions;
  /** Ids of objects this client created, with when. */
  private readonly created = new Map<string, number>();

  constructor(
    readonly connection: Connection,
    options: { readonly consistency?: Partial<ConsistencyOptions> } = {},
  ) {
    this.consistency = { ...DEFAULT_CONSISTENCY, ...options.consistency };
  }

  /** The absolute URL of a path (`/users`) or, unchanged, of an absolute URL (a nextLink). */
  url(path: string, options: Pick<GraphRequestOptions, 'query' | 'version'> = {}): string {
    const base = /^https:\/\//i.test(path)
      ? path
      : `${this.connection.endpoints.graph}/${options.version ?? 'v1.0'}${path.startsWith('/') ? '' : '/'}${path}`;
    const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined);
    if (!query.length) return base;
    const encoded = query.map(
      ([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(String(v))}`,
    );
    return `${base}${base.includes('?') ? '&' : '?'}${encoded.join('&')}`;
  }

  /** GET one resource. */
  async get<T>(path: string, options: GraphRequestOptions = {}): Promise<T> {
    return (await this.call<T>('GET', path, undefined, options)) as T;
  }

  /** GET one resource, or undefined when Graph answers 404. */
  async find<T>(path: string, options: GraphRequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.get<T>(path, options);
    } catch (error) {
      if (isApiError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The pages of a collection, following `@odata.nextLink` verbatim until there is none. */
  async *pages<T>(path: string, options: GraphRequestOptions = {}): AsyncGenerator<GraphPage<T>> {
    let url: string | undefined = this.url(path, options);
    while (url) {
      const page: Record<string, unknown> =
        (await this.call<Record<string, unknown>>('GET', url, undefined, { ...options, query: undefined })) ??
        {};
      const nextLink: string | undefined =
        typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
      yield {
        value: Array.isArray(page.value) ? (page.value as T[]) : [],
        count: typeof page['@odata.count'] === 'number' ? page['@odata.count'] : undefined,
        nextLink,
      };
      url = nextLink;
    }
  }

  /** The items of a collection, page by page as they arrive. */
  async *list<T>(path: string, options: GraphRequestOptions = {}): AsyncGenerator<T> {
    for await (const page of this.pages<T>(path, options)) yield* page.value;
  }

  /** All items of a collection. */
  async listAll<T>(path: string, options: GraphRequestOptions = {}): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages<T>(path, options)) all.push(...page.value);
    return all;
  }

  /** `GET {path}/$count` with `ConsistencyLevel: eventual` (`$filter`/`$search` in `query`). */
  async count(path: string, options: GraphRequestOptions = {}): Promise<number> {
    const [resource, query] = path.split('?');
    const countPath = `${(resource ?? '').replace(/\/$/, '')}/$count${query ? `?${query}` : ''}`;
    const body = await this.call<unknown>('GET', countPath, undefined, {
      ...options,
      eventual: true,
      headers: { accept: 'text/plain', ...options.headers },
    });
    const count = Number(typeof body === 'string' ? body.trim() : body);
    if (!Number.isInteger(count)) throw new Error(`Graph $count of ${resource} did not return a number`);
    return count;
  }

  /** POST; returns the answer's body (the created object for a create). */
  async post<T>(path: string, body: unknown, options: GraphRequestOptions = {}): Promise<T> {
    const result = (await this.call<T>('POST', path, body, options)) as T;
    this.rememberCreated(result);
    return result;
  }

  /** PATCH; Graph usually answers 204, so the result is often undefined. */
  patch<T = void>(path: string, body: unknown, options: GraphRequestOptions = {}): Promise<T | undefined> {
    return this.call<T>('PATCH', path, body, options);
  }

  /** PUT. */
  put<T = void>(path: string, body: unknown, options: GraphRequestOptions = {}): Promise<T | undefined> {
    return this.call<T>('PUT', path, body, options);
  }

  /** DELETE. A 404 after a retried attempt means an earlier attempt already deleted it: success. */
  async delete(path: string, options: GraphRequestOptions = {}): Promise<void> {
    await this.call('DELETE', path, undefined, options);
  }

  /**
   * Adds a directory object to a group (`POST /groups/{id}/members/$ref`). Safe to repeat: Graph's
   * 400 "already exist" for a member that is already there counts as done.
   */
  async addGroupMember(groupId: string, objectId: string, options: GraphRequestOptions = {}): Promise<void> {
    const ref = { '@odata.id': `${this.connection.endpoints.graph}/v1.0/directoryObjects/${objectId}` };
    try {
      await this.call('POST', `/groups/${encodeURIComponent(groupId)}/members/$ref`, ref, {
        ...options,
        idempotent: true,
      });
    } catch (error) {
      if (isApiError(error) && error.status === 400 && /already exist/i.test(error.serviceMessage ?? ''))
        return;
      throw error;
    }
  }

  /**
   * Creates an object at most once. `create` makes it (through `post`); `findExisting` looks it up
   * by a unique key (UPN, displayName, mailNickname…) and returns undefined when absent. When a
   * create fails without a clear answer — dropped connection, timeout, 5xx — or a retried create
   * meets a conflict, the object is looked up first (for up to `settleMs` after a lost answer,
   * since a new object may not be readable yet) and returned if found; only otherwise is it
   * created again.
   */
  async createIdempotent<T>(
    create: () => Promise<T>,
    findExisting: () => Promise<T | undefined>,
    options: CreateIdempotentOptions = {},
  ): Promise<T> {
    const retry = retryOptionsOf(this.connection.settings);
    // The same budget the pipeline gives any idempotent call.
    const attempts = options.attempts ?? retry.maxRetries + 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(attempt - 1, retry), options.signal);
      try {
        const created = await create();
        this.rememberCreated(created);
        return created;
      } catch (error) {
        const kind = classifyCreateFailure(error, attempt > 0);
        if (kind === 'final') throw error;
        lastError = error;
        // An answered 5xx usually means nothing was written: one look is enough. A lost answer may
        // hide a write the directory does not show yet: keep looking for a while.
        const settleMs =
          kind === 'lost' || kind === 'conflict' ? (options.settleMs ?? this.consistency.settleMs) : 0;
        const found = await this.lookFor(findExisting, settleMs, options.signal);
        if (found !== undefined) {
          this.rememberCreated(found);
          return found;
        }
        if (kind === 'conflict') throw error;
      }
    }
    throw lastError;
  }

  /**
   * Sends sub-requests in `$batch`es of up to 20 (dependency chains kept together), retries only
   * the sub-requests that came back 429, 5xx (idempotent ones) or not-yet-visible 404, and returns
   * one result per item in the caller's order. Do not batch Conditional Access writes: each counts
   * against the 1-per-second CA limit, and the pacer only sees whole requests.
   */
  async batch<T = unknown>(
    items: readonly BatchItem[],
    options: Pick<GraphRequestOptions, 'signal' | 'timeoutMs' | 'version'> & {
      /** `$batch` requests in flight at once (default 8): all of one round, for a shallow depth. */
      readonly concurrency?: number;
    } = {},
  ): Promise<BatchResult<T>[]> {
    const all = identifyItems(items);
    const final = new Map<string, BatchSubResponse>();
    const retryOptions = retryOptionsOf(this.connection.settings);
    const started = Date.now();
    let pending: IdentifiedBatchItem[] = all;
    for (let round = 0; pending.length; round++) {
      const responses = new Map<string, BatchSubResponse>();
      const batches = groupBatchItems(pending);
      await forEachLimited(batches, options.concurrency ?? 8, async (batch) => {
        for (const response of await this.sendBatch(batch, options))
          responses.set(response.id.toLowerCase(), response);
      });
      const canWait = round < retryOptions.maxRetries;
      const retry = canWait
        ? selectRetries(pending, responses, (item) =>
            this.isNotYetVisible(item.url, item.body, Date.now() - started),
          )
        : new Map();
      for (const item of pending) {
        const response = responses.get(item.id.toLowerCase());
        if (!retry.has(item.id) && response) final.set(item.id.toLowerCase(), response);
      }
      pending = nextRound(pending, retry);
      if (pending.length) {
        const asked = [...retry.keys()]
          .map((id) => responses.get(id.toLowerCase())?.headers)
          .map((headers) => (headers ? parseRetryAfter(headerSource(headers)) : undefined))
          .filter((ms): ms is number => ms !== undefined);
        const delay = asked.length ? Math.max(...asked) : backoffDelay(round, retryOptions);
        await sleep(Math.min(delay, retryOptions.maxRetryAfterMs), options.signal);
      }
    }
    return all.map((item) => this.batchResult<T>(item, final.get(item.id.toLowerCase()), options.version));
  }

  // ---- internals ----

  private async sendBatch(
    batch: readonly IdentifiedBatchItem[],
    options: Pick<GraphRequestOptions, 'signal' | 'timeoutMs' | 'version'>,
  ): Promise<BatchSubResponse[]> {
    const requests = batch.map((item) => ({
      id: item.id,
      method: item.method,
      url: item.url,
      ...(item.dependsOn?.length ? { dependsOn: item.dependsOn } : {}),
      ...(item.body !== undefined
        ? { body: item.body, headers: { 'content-type': 'application/json', ...item.headers } }
        : item.headers
          ? { headers: item.headers }
          : {}),
    }));
    // A batch of reads may be resent whole; one with writes may not (some may have been applied).
    const idempotent = batch.every((item) => item.idempotent ?? item.method === 'GET');
    const answer = await this.call<{ responses?: BatchSubResponse[] }>(
      'POST',
      '/$batch',
      { requests },
      {
        ...options,
        idempotent,
      },
    );
    return answer?.responses ?? [];
  }

  private batchResult<T>(
    item: IdentifiedBatchItem,
    response: BatchSubResponse | undefined,
    version: GraphVersion = 'v1.0',
  ): BatchResult<T> {
    const status = response?.status ?? 0;
    const headers = response?.headers ?? {};
    const ok = status >= 200 && status < 300;
    if (ok) return { id: item.id, status, ok, headers, body: response?.body as T };
    const request = createPipelineRequest({ url: this.url(item.url, { version }), method: item.method });
    const error = response
      ? apiErrorFromResponse(
          'graph',
          {
            request,
            status,
            headers: createHttpHeaders(headers),
            bodyAsText: JSON.stringify(response.body ?? {}),
          },
          { root: this.connection.endpoints.graph },
        )
      : apiErrorFromTransport('graph', request, {
          code: 'NoResponse',
          message: 'the batch had no answer for it',
        });
    return { id: item.id, status, ok, headers, body: response?.body as T, error };
  }

  /** Sends one request, with the not-yet-visible retry; returns the parsed body. */
  private async call<T>(
    method: string,
    path: string,
    body: unknown,
    options: GraphRequestOptions,
  ): Promise<T | undefined> {
    const url = this.url(path, options);
    const bodyText = body === undefined ? undefined : JSON.stringify(body);
    const started = Date.now();
    for (let retry = 0; ; retry++) {
      const request = this.buildRequest(method, url, bodyText, options);
      const response = await this.sendOnce(request);
      if (method === 'DELETE' && (response.status < 300 || response.status === 404)) {
        // Gone on purpose: from now on a 404 for it is the truth, not the directory lagging.
        this.forgetCreated(url);
        if (response.status === 404 && attemptsOf(request) > 1) return undefined;
      }
      if (
        response.status === 404 &&
        isResourceNotFound(response) &&
        this.isNotYetVisible(url, bodyText, Date.now() - started)
      ) {
        await sleep(backoffDelay(retry, this.consistency), options.signal);
        continue;
      }
      if (response.status >= 400) {
        throw apiErrorFromResponse('graph', response, {
          root: this.connection.endpoints.graph,
          retryAfterMs: parseRetryAfter(response.headers),
        });
      }
      return parseBody<T>(response);
    }
  }

  private buildRequest(
    method: string,
    url: string,
    bodyText: string | undefined,
    options: GraphRequestOptions,
  ): PipelineRequest {
    const headers = createHttpHeaders({
      accept: 'application/json',
      ...(bodyText !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.eventual ? { ConsistencyLevel: 'eventual' } : {}),
      ...options.headers,
    });
    const request = createPipelineRequest({
      url,
      method: method as PipelineRequest['method'],
      headers,
      body: bodyText,
      abortSignal: options.signal,
      timeout: options.timeoutMs ?? 0,
    });
    if (options.idempotent !== undefined) setIdempotent(request, options.idempotent);
    return request;
  }

  private async sendOnce(request: PipelineRequest): Promise<PipelineResponse> {
    try {
      return await this.connection.send(request);
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      throw (
        identityError(error) ??
        apiErrorFromTransport('graph', request, error, { root: this.connection.endpoints.graph })
      );
    }
  }

  /** Whether a 404 is our own new object not yet readable (and we have not waited too long). */
  private isNotYetVisible(url: string, body: unknown, waitedMs: number): boolean {
    if (waitedMs >= this.consistency.maxWaitMs) return false;
    const now = Date.now();
    const text = `${url} ${typeof body === 'string' ? body : JSON.stringify(body ?? '')}`.toLowerCase();
    for (const [id, at] of this.created) {
      if (now - at > this.consistency.rememberMs) this.created.delete(id);
      else if (text.includes(id)) return true;
    }
    return false;
  }

  private forgetCreated(url: string): void {
    const path = url.split('?')[0]?.toLowerCase() ?? '';
    for (const id of this.created.keys()) if (path.endsWith(`/${id}`)) this.created.delete(id);
  }

  private rememberCreated(value: unknown): void {
    const id = (value as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string' && id.length >= 8) this.created.set(id.toLowerCase(), Date.now());
  }

  private async lookFor<T>(find: () => Promise<T | undefined>, settleMs: number, signal?: AbortSignal) {
    const started = Date.now();
    for (let round = 0; ; round++) {
      const found = await find();
      if (found !== undefined) return found;
      const elapsed = Date.now() - started;
      if (elapsed >= settleMs) return undefined;
      await sleep(
        Math.min(backoffDelay(round, { baseDelayMs: 250, maxDelayMs: 2000 }), settleMs - elapsed),
        signal,
      );
    }
  }
}

/**
 * How a failed create is handled: `lost` (no answer: it may have been written), `failed` (an
 * answered 5xx: probably not written), `conflict` (a retried create met the object), or `final`.
 */
export function classifyCreateFailure(
  error: unknown,
  isRetry: boolean,
): 'lost' | 'failed' | 'conflict' | 'final' {
  if (!isApiError(error) || error.source !== 'graph') return 'final';
  if (error.status === 0) return error.code === 'AbortError' ? 'final' : 'lost';
  if (error.status === 504) return 'lost';
  if (error.status === 500 || error.status === 502 || error.status === 503) return 'failed';
  if (
    isRetry &&
    (error.status === 409 || (error.status === 400 && /already exist/i.test(error.serviceMessage ?? '')))
  ) {
    return 'conflict';
  }
  return 'final';
}

function isResourceNotFound(response: PipelineResponse): boolean {
  try {
    const code = (JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string } }).error?.code;
    return code === 'Request_ResourceNotFound' || code === 'ResourceNotFound' || code === 'itemNotFound';
  } catch {
    return false;
  }
}

function parseBody<T>(response: PipelineResponse): T | undefined {
  const text = response.bodyAsText;
  if (response.status === 204 || !text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) return JSON.parse(text) as T;
  return text as T;
}

function headerSource(headers: Readonly<Record<string, string>>) {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => lower.get(name.toLowerCase()) };
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/** A Graph client for a connection. */
export function graphClient(connection: Connection, options?: { consistency?: Partial<ConsistencyOptions> }) {
  return new GraphClient(connection, options);
}
