/**
 * Pacing of Conditional Access writes. Microsoft allows about one CA request per second per tenant,
 * shared by all apps, and its 429 carries no `Retry-After` (api-facts §0.4, §2.13). So breakglass
 * spaces its CA writes itself, and after a 429 holds every following CA write back exponentially
 * until one succeeds. The pacer is per tenant and shared by every connection to that tenant in the
 * process, because the limit is the tenant's, not the connection's.
 */
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from '@azure/core-rest-pipeline';
import { markPaced, sleep, type AbortSignalish } from './retry.js';
import { sendObserved } from './send-observed.js';

/** Tunables of the CA-write pacer. */
export interface PacingOptions {
  /** Writes per second to aim for (default 1; the benchmark scales the emulator and this to 20). */
  readonly writesPerSecond: number;
  /**
   * Headroom on the interval, as a fraction: arrival spacing at the server jitters, and a single
   * 429 costs far more than a few percent of pace.
   */
  readonly margin: number;
  /** First hold-back after a 429, in ms; doubles with each consecutive 429. Default 2 intervals. */
  readonly backoffBaseMs?: number;
  /** Ceiling of the hold-back, in ms. */
  readonly backoffMaxMs: number;
}

/** Defaults: Microsoft's documented limit. */
export const DEFAULT_PACING: PacingOptions = { writesPerSecond: 1, margin: 0.1, backoffMaxMs: 60_000 };

/** Spaces CA writes for one tenant and counts the 429s they met. */
export class CaWritePacer {
  private readonly intervalMs: number;
  /** How late a timer may fire and the next slot still count from the intended one: the margin. */
  private readonly latenessAllowanceMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private lastSentAt = -Infinity;
  private heldUntil = 0;
  private consecutive429 = 0;
  private throttledCount = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    options: Partial<PacingOptions> = {},
    private readonly now: () => number = Date.now,
    /** How to wait (tests replace it together with `now`). */
    private readonly wait: (ms: number, signal?: AbortSignalish) => Promise<void> = sleep,
  ) {
    const merged = { ...DEFAULT_PACING, ...options };
    if (!(merged.writesPerSecond > 0)) throw new RangeError('writesPerSecond must be positive');
    this.intervalMs = (1000 / merged.writesPerSecond) * (1 + merged.margin);
    this.latenessAllowanceMs = this.intervalMs - 1000 / merged.writesPerSecond;
    this.backoffBaseMs = merged.backoffBaseMs ?? 2 * this.intervalMs;
    this.backoffMaxMs = merged.backoffMaxMs;
  }

  /** 429s seen on CA writes through this pacer. */
  get throttled(): number {
    return this.throttledCount;
  }

  /** The spacing between writes, in ms. */
  get interval(): number {
    return this.intervalMs;
  }

  /**
   * Waits for this write's turn. Writes go out one at a time in call order, each at least one
   * interval after the previous and not before a 429 hold-back has passed.
   */
  acquire(signal?: AbortSignalish): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A caller that aborts must not block the writes queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Reports the status a paced write got. */
  record(status: number | undefined): void {
    if (status === 429) {
      this.throttledCount++;
      this.consecutive429++;
      const hold = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (this.consecutive429 - 1));
      this.heldUntil = Math.max(this.heldUntil, this.now() + hold);
    } else if (status !== undefined && status < 500) {
      this.consecutive429 = 0;
    }
  }

  private async waitForSlot(signal?: AbortSignalish): Promise<void> {
    // Re-check after every sleep: a 429 may have arrived for an earlier write meanwhile.
    let slot: number;
    let waited = false;
    for (;;) {
      slot = Math.max(this.lastSentAt + this.intervalMs, this.heldUntil);
      const remaining = slot - this.now();
      if (remaining <= 0) break;
      waited = true;
      await this.wait(Math.ceil(remaining), signal);
    }
    // After a wait, the next write is spaced from this one's intended slot, not from when the timer
    // fired: timers fire a little late, and counting from the late time would stretch every interval
    // by that lateness (100 writes, 100 delays). Lateness beyond the margin (a blocked event loop) is
    // not made up for, so two writes are never closer than the rate itself. A write that did not
    // wait goes now, and counts from now.
    const now = this.now();
    this.lastSentAt = waited ? Math.max(slot, now - this.latenessAllowanceMs) : now;
  }
}

/** Graph paths under the Conditional Access API (policies, named locations, strengths). */
const CA_PATH = /\/identity\/conditionalAccess\//i;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What If (`POST …/conditionalAccess/evaluate`) is a POST that only reads: not a write. */
const CA_READ_ACTION = /\/identity\/conditionalAccess\/evaluate\/?$/i;

/** Whether a request is a Conditional Access write that must be paced. */
export function isCaWrite(method: string, url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return WRITE_METHODS.has(method.toUpperCase()) && CA_PATH.test(path) && !CA_READ_ACTION.test(path);
}

const pacers = new Map<string, CaWritePacer>();

/**
 * The process-wide pacer of one tenant (`key` names the tenant and its Graph endpoint): every
 * connection to the tenant with the same pacing options shares it. (Different options make a
 * separate pacer; that is a deliberate choice of whoever passes them, e.g. a benchmark.)
 */
export function pacerForTenant(key: string, options: Partial<PacingOptions> = {}): CaWritePacer {
  const fullKey = `${key}|${JSON.stringify({ ...DEFAULT_PACING, ...options })}`;
  let pacer = pacers.get(fullKey);
  if (!pacer) {
    pacer = new CaWritePacer(options);
    pacers.set(fullKey, pacer);
  }
  return pacer;
}

/** Name of the policy in a pipeline. */
export const caWritePacingPolicyName = 'breakglassCaWritePacing';

/**
 * The pacing policy. It sits inside the retry loop, so every attempt of a CA write — first or
 * retried — takes a slot; it tells the retry policy not to add a back-off of its own.
 */
export function caWritePacingPolicy(pacer: CaWritePacer): PipelinePolicy {
  return {
    name: caWritePacingPolicyName,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (!isCaWrite(request.method, request.url)) return next(request);
      markPaced(request);
      await pacer.acquire(request.abortSignal);
      return sendObserved(request, next, (status) => pacer.record(status));
    },
  };
}
