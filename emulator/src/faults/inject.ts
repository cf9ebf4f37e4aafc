/**
 * Injecting faults: the draws that decide whether a request is throttled, fails with a 5xx or
 * loses its connection, how long it is delayed, and the Conditional Access write limit.
 *
 * Every draw comes from the emulator's seeded generator, so the same seed and request sequence
 * give the same faults.
 */
import { armError, graphError, type EmulatorHttpError } from '../http/errors.js';
import type { RouteContext, Surface } from '../http/types.js';
import type { EmulatorState } from '../state.js';

/** Surfaces faults apply to (never the token endpoint or the control plane). */
export function faultsApply(surface: Surface): boolean {
  return surface === 'graph' || surface === 'arm' || surface === 'loganalytics';
}

/**
 * Draws the faults that answer in place of the route: a 429 with Retry-After (probability
 * `throttle`) or a 500/503 (probability `error5xx`). Undefined when the request goes through.
 */
export function faultResponse(state: EmulatorState, surface: Surface): EmulatorHttpError | undefined {
  const f = state.faults;
  const graph = surface === 'graph';
  if (f.throttle > 0 && state.random() < f.throttle) {
    const headers = { 'retry-after': String(f.retryAfter) };
    if (!graph)
      return armError(
        429,
        'TooManyRequests',
        'The request is being throttled. Please retry after the time in the Retry-After header.',
        { headers },
      );
    return graphError(429, 'TooManyRequests', 'Too many requests.', {
      headers: {
        ...headers,
        'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
        'x-ms-throttle-scope': 'Tenant_Application/ReadWrite',
      },
    });
  }
  if (f.error5xx > 0 && state.random() < f.error5xx) {
    const unavailable = state.random() < 0.5;
    if (graph) {
      return unavailable
        ? graphError(
            503,
            'serviceNotAvailable',
            'The service is temporarily unavailable. Please try again later.',
            { headers: { 'retry-after': String(f.retryAfter) } },
          )
        : graphError(500, 'generalException', 'General exception while processing.');
    }
    return unavailable
      ? armError(
          503,
          'ServiceUnavailable',
          'The service is temporarily unavailable. Please try again later.',
          { headers: { 'retry-after': String(f.retryAfter) } },
        )
      : armError(500, 'InternalServerError', 'Encountered internal server error. Please try again.');
  }
  return undefined;
}

/** Draws whether to destroy the connection instead of answering (probability `drop`). */
export function shouldDrop(state: EmulatorState, surface: Surface): boolean {
  return faultsApply(surface) && state.faults.drop > 0 && state.random() < state.faults.drop;
}

/** The latency to add to a response, ms (`latency` plus a draw in [0, `jitter`)). */
export function latencyMs(state: EmulatorState, surface: Surface): number {
  if (!faultsApply(surface)) return 0;
  const { latency, jitter } = state.faults;
  return latency + (jitter > 0 ? state.random() * jitter : 0);
}

/**
 * The Conditional Access write limit: call it at the start of every CA (policy, named location,
 * authentication strength) write handler. With `caWriteLimit=N`, at most N writes per second per
 * tenant (emulator clock) get through; the next one is refused with Graph's 429 and, as the real
 * CA API does, no Retry-After header. A refused write does not count.
 */
export function enforceCaWriteLimit(ctx: RouteContext): void {
  const limit = ctx.emulator.faults.caWriteLimit;
  if (limit <= 0) return;
  const now = ctx.emulator.clock.now();
  const tenantId = ctx.tenant.tenantId;
  const recent = (ctx.emulator.caWrites.get(tenantId) ?? []).filter((t) => now - t < 1000);
  if (recent.length >= limit) {
    ctx.emulator.caWrites.set(tenantId, recent);
    throw graphError(429, 'TooManyRequests', 'Too many requests.', {
      headers: { 'x-ms-throttle-information': 'WriteLimitExceeded' },
    });
  }
  recent.push(now);
  ctx.emulator.caWrites.set(tenantId, recent);
}
