/**
 * When to retry a request, and how long to wait: pure decisions (tested table-driven) plus the
 * pipeline policy that applies them with per-attempt timeouts and abort signals.
 *
 * Rules (api-facts §2.13, §0.4):
 * - 429 is always retried: the service refused the request without doing it. Its `Retry-After`
 *   (seconds or an HTTP date) is honoured; without one we back off exponentially with jitter.
 * - 500, 502, 503, 504, a dropped connection and a timeout are retried only for idempotent calls.
 *   A POST that failed that way may still have created its object, so it is not resent blindly:
 *   `createIdempotent` (./graph.ts) looks the object up first.
 * - A caller's abort is never retried.
 */
import {
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  type SendRequest,
} from '@azure/core-rest-pipeline';

/** What we need of an abort signal: the DOM `AbortSignal` and Azure's `AbortSignalLike` both fit. */
export interface AbortSignalish {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Tunables of the retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First back-off step; doubles each retry. */
  readonly baseDelayMs: number;
  /** Ceiling of one back-off step (before jitter). */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with the 429. */
  readonly maxRetryAfterMs: number;
  /** Per-attempt timeout; 0 = none. A request's own `timeout` overrides it. */
  readonly timeoutMs: number;
}

/** Defaults: enough to ride out Graph throttling bursts without hanging a CLI run for minutes. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 60_000,
};

/** Statuses retried for idempotent calls only. */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/** Transport error codes that mean "no (complete) response": worth another try if idempotent. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
  'RequestTimeout',
]);

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);

/**
 * Whether a method may be repeated without changing the outcome. PATCH counts: Graph and ARM
 * PATCHes set properties. Callers mark exceptions (e.g. a `$batch` of reads is idempotent).
 */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Reads header values case-insensitively, as both `HttpHeaders` and plain maps can. */
export interface HeaderSource {
  get(name: string): string | undefined | null;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After`
 * as delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unparseable; a date
 * in the past means 0.
 */
export function parseRetryAfter(headers: HeaderSource, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value));
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its month; anything else (a negative number, a stray token) is not a delay.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Exponential back-off with "equal jitter": half the step is fixed, half random, so retries from
 * many clients spread out but none retries immediately.
 */
export function backoffDelay(
  retryCount: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retryCount);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** What happened on one attempt. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: HeaderSource }
  | { readonly kind: 'error'; readonly code?: string; readonly name?: string };

/** The inputs of a retry decision. */
export interface RetryInput {
  readonly method: string;
  /** Overrides the method's idempotency (e.g. a `$batch` of GETs). */
  readonly idempotent?: boolean;
  /** True when the CA-write pacer already waits before every attempt (./pacing.ts). */
  readonly paced?: boolean;
  readonly outcome: AttemptOutcome;
  /** Retries done so far (0 after the first attempt). */
  readonly retryCount: number;
  readonly options: RetryOptions;
  readonly now?: number;
  readonly random?: () => number;
}

/** The decision: retry after `delayMs`, or stop. `reason` is for logs and tests. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/** Decides whether and when to retry one attempt's outcome. Pure. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, options } = input;
  const idempotent = input.idempotent ?? isIdempotentMethod(input.method);
  if (outcome.kind === 'response' && outcome.status < 400) return { retry: false, reason: 'success' };
  if (input.retryCount >= options.maxRetries) return { retry: false, reason: 'retries exhausted' };
  const backoff = () => backoffDelay(input.retryCount, options, input.random);

  if (outcome.kind === 'error') {
    if (outcome.name === 'AbortError') return { retry: false, reason: 'aborted by caller' };
    const code = outcome.code ?? '';
    if (!TRANSIENT_CODES.has(code))
      return { retry: false, reason: `transport error ${code || outcome.name}` };
    if (!idempotent) return { retry: false, reason: `${code} on a non-idempotent call` };
    return { retry: true, delayMs: backoff(), reason: code };
  }

  const status = outcome.status;
  const retryAfter = parseRetryAfter(outcome.headers, input.now);
  if (status === 429) {
    if (retryAfter !== undefined) {
      if (retryAfter > options.maxRetryAfterMs) return { retry: false, reason: 'Retry-After too long' };
      return { retry: true, delayMs: retryAfter, reason: '429 Retry-After' };
    }
    // Without Retry-After (the CA API): back off, unless the pacer already holds the next attempt.
    return { retry: true, delayMs: input.paced ? 0 : backoff(), reason: '429 back-off' };
  }
  if (TRANSIENT_STATUSES.has(status)) {
    if (!idempotent) return { retry: false, reason: `${status} on a non-idempotent call` };
    if (retryAfter !== undefined && retryAfter <= options.maxRetryAfterMs) {
      return { retry: true, delayMs: retryAfter, reason: `${status} Retry-After` };
    }
    return { retry: true, delayMs: backoff(), reason: `${status} back-off` };
  }
  return { retry: false, reason: `status ${status}` };
}

/** Per-request overrides, attached to the request object by the code that builds it. */
interface RequestRetrySettings {
  idempotent?: boolean;
}

const requestSettings = new WeakMap<PipelineRequest, RequestRetrySettings>();
const attemptCounts = new WeakMap<PipelineRequest, number>();
const pacedRequests = new WeakSet<PipelineRequest>();

/** Marks a request as safe (or unsafe) to repeat, overriding its method's default. */
export function setIdempotent(request: PipelineRequest, idempotent: boolean): void {
  requestSettings.set(request, { ...requestSettings.get(request), idempotent });
}

/** How many attempts a request took (1 = no retry); 0 if it never went through the retry policy. */
export function attemptsOf(request: PipelineRequest): number {
  return attemptCounts.get(request) ?? 0;
}

/** Called by the pacing policy so that the retry policy does not wait twice. */
export function markPaced(request: PipelineRequest): void {
  pacedRequests.add(request);
}

/** Receives every retry decision; the recorder and the pacer's 429 counter listen here. */
export type RetryListener = (
  request: PipelineRequest,
  decision: RetryDecision,
  outcome: AttemptOutcome,
) => void;

/** Name of the policy in a pipeline. */
export const retryPolicyName = 'breakglassRetryPolicy';

/**
 * The retry policy. Each attempt gets its own timeout (the request's `timeout`, else
 * `options.timeoutMs`), linked to the caller's `abortSignal`; the wait between attempts is
 * abortable too. Place it in the pipeline's Retry phase.
 */
export function retryPolicy(options: RetryOptions, listener?: RetryListener): PipelinePolicy {
  return {
    name: retryPolicyName,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      const callerSignal = request.abortSignal;
      const timeoutMs = request.timeout > 0 ? request.timeout : options.timeoutMs;
      // The HTTP client would apply `timeout` too, as an indistinguishable abort; we own it here.
      request.timeout = 0;
      const idempotent = requestSettings.get(request)?.idempotent;
      let timeouts = 0;
      try {
        for (let retryCount = 0; ; retryCount++) {
          attemptCounts.set(request, retryCount + 1);
          let outcome: AttemptOutcome;
          let response: PipelineResponse | undefined;
          let failure: unknown;
          try {
            response = await attemptWithTimeout(
              request,
              next,
              callerSignal,
              attemptTimeout(timeoutMs, timeouts),
            );
            outcome = { kind: 'response', status: response.status, headers: response.headers };
          } catch (error) {
            failure = error;
            const err = error as { code?: string; name?: string };
            if (err.code === 'RequestTimeout') timeouts++;
            outcome = { kind: 'error', code: err.code, name: err.name };
          }
          const decision = decideRetry({
            method: request.method,
            idempotent,
            paced: pacedRequests.has(request),
            outcome,
            retryCount,
            options,
          });
          listener?.(request, decision, outcome);
          if (!decision.retry) {
            if (response) return response;
            throw failure;
          }
          await sleep(decision.delayMs, callerSignal);
        }
      } finally {
        request.abortSignal = callerSignal;
        request.timeout = timeoutMs;
      }
    },
  };
}

/**
 * The timeout of the next attempt: the configured one, growing by half after each attempt that
 * timed out (up to 4×). A server that is merely slow would otherwise fail every attempt alike.
 */
export function attemptTimeout(timeoutMs: number, timeoutsSoFar: number): number {
  return timeoutMs > 0 ? Math.round(timeoutMs * Math.min(4, 1.5 ** timeoutsSoFar)) : 0;
}

async function attemptWithTimeout(
  request: PipelineRequest,
  next: SendRequest,
  callerSignal: AbortSignalish | undefined,
  timeoutMs: number,
): Promise<PipelineResponse> {
  if (callerSignal?.aborted) throw abortError();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  request.abortSignal = controller.signal;
  try {
    return await next(request);
  } catch (error) {
    if (timedOut && !callerSignal?.aborted) {
      throw new RestError(`no response within ${timeoutMs} ms`, { code: 'RequestTimeout', request });
    }
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignalish): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
