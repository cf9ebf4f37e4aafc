/**
 * Counting requests and measuring their dependency depth, for the benchmarks `audit.requests.*`
 * and `audit.depth` (../shared/spec/benchmarks.md) and for `--verbose` summaries.
 *
 * Depth is measured from timing, not declared: a request's depth is 1 + the greatest depth among
 * requests that had *finished* when it started. Requests started together (Promise.all, a `$batch`)
 * share a depth; a request that waited for another's answer sits one deeper. This is the length of
 * the longest chain of round trips — exactly what wall time under added latency is proportional
 * to. (It can over-count when unrelated work is chained, which is a real cost too.)
 *
 * A recorder is attached to a connection, or scoped to a piece of work with `withRecorder` (the
 * fleet benchmark runs many audits over one process, each with its own recorder).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from '@azure/core-rest-pipeline';
import { sendObserved } from './send-observed.js';

/** The numbers a recorder has gathered. */
export interface RequestStats {
  /** Logical requests (one per call through the pipeline, however many attempts it took). */
  readonly requests: number;
  /** Attempts that went on the wire (requests + retries). */
  readonly attempts: number;
  /** Attempts answered 429. */
  readonly throttled: number;
  /** Longest chain of requests that waited on one another. */
  readonly depth: number;
  /** Logical requests per service root label (`graph`, `arm`, `logAnalytics`, `other`). */
  readonly byService: Readonly<Record<string, number>>;
}

/** Opaque handle of an in-flight logical request. */
export interface RequestSpan {
  readonly depth: number;
}

/** Counts requests and their depth. Cheap enough to leave on. */
export class RequestRecorder {
  private requestCount = 0;
  private attemptCount = 0;
  private throttledCount = 0;
  private maxDepth = 0;
  /** Greatest depth among finished requests: what a request starting now depends on at most. */
  private finishedDepth = 0;
  private readonly services = new Map<string, number>();

  /** A logical request starts. */
  begin(service = 'other'): RequestSpan {
    this.requestCount++;
    this.services.set(service, (this.services.get(service) ?? 0) + 1);
    const depth = this.finishedDepth + 1;
    this.maxDepth = Math.max(this.maxDepth, depth);
    return { depth };
  }

  /** A logical request finished (successfully or not). */
  end(span: RequestSpan): void {
    this.finishedDepth = Math.max(this.finishedDepth, span.depth);
  }

  /** An attempt went on the wire; `status` is undefined when no response came. */
  attempt(status: number | undefined): void {
    this.attemptCount++;
    if (status === 429) this.throttledCount++;
  }

  /** The numbers so far. */
  stats(): RequestStats {
    return {
      requests: this.requestCount,
      attempts: this.attemptCount,
      throttled: this.throttledCount,
      depth: this.maxDepth,
      byService: Object.fromEntries([...this.services].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  /** Starts counting afresh (e.g. after the connection's own discovery requests). */
  reset(): void {
    this.requestCount = 0;
    this.attemptCount = 0;
    this.throttledCount = 0;
    this.maxDepth = 0;
    this.finishedDepth = 0;
    this.services.clear();
  }
}

const scoped = new AsyncLocalStorage<readonly RequestRecorder[]>();

/** Runs `work` with `recorder` counting every request made inside it (on any connection). */
export function withRecorder<T>(recorder: RequestRecorder, work: () => Promise<T>): Promise<T> {
  const outer = scoped.getStore() ?? [];
  return scoped.run([...outer, recorder], work);
}

/** The recorders that see a request made now: the connection's plus any scoped ones. */
function activeRecorders(own: RequestRecorder | undefined): RequestRecorder[] {
  const list = [...(scoped.getStore() ?? [])];
  if (own && !list.includes(own)) list.push(own);
  return list;
}

const requestRecorders = new WeakMap<PipelineRequest, RequestRecorder[]>();

/**
 * Two policies: the outer one (per call, before retries) spans logical requests; the inner one
 * (after the Retry phase) counts attempts on the wire. `serviceOf` labels a request's URL.
 */
export function recorderPolicies(
  own: RequestRecorder | undefined,
  serviceOf: (url: string) => string,
): { perCall: PipelinePolicy; perAttempt: PipelinePolicy } {
  return {
    perCall: {
      name: 'breakglassRequestRecorder',
      async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
        const recorders = activeRecorders(own);
        requestRecorders.set(request, recorders);
        const service = serviceOf(request.url);
        const spans = recorders.map((r) => [r, r.begin(service)] as const);
        try {
          return await next(request);
        } finally {
          for (const [recorder, span] of spans) recorder.end(span);
        }
      },
    },
    perAttempt: {
      name: 'breakglassAttemptRecorder',
      async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
        const recorders = requestRecorders.get(request) ?? activeRecorders(own);
        return sendObserved(request, next, (status) => {
          for (const recorder of recorders) recorder.attempt(status);
        });
      },
    },
  };
}
