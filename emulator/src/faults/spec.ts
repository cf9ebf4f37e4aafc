/**
 * The fault configuration: which failures the emulator injects and how often.
 *
 * The same fields serve `--faults latency=100,throttle=0.1,…` and `GET|PUT /_emulator/faults`
 * (JSON). All are off (0) by default.
 */
import { z } from 'zod';

/** The fault configuration. Probabilities are in [0, 1]; times in ms. */
export interface FaultSpec {
  /** Added to every Graph/ARM/Log Analytics response, ms. */
  latency: number;
  /** Uniform extra latency in [0, jitter) ms. */
  jitter: number;
  /** Probability of a Graph/ARM 429 with Retry-After. */
  throttle: number;
  /** Conditional Access writes per second per tenant; above it, 429 without Retry-After. 0 = unlimited. */
  caWriteLimit: number;
  /** Probability of a 500 or 503. */
  error5xx: number;
  /** Probability that the connection is destroyed before a response. */
  drop: number;
  /** ms during which a newly created object answers 404 to other reads. */
  consistency: number;
  /** Seed of the fault generator. */
  seed: number;
  /** Retry-After seconds sent with throttling 429s. */
  retryAfter: number;
}

/** Defaults: everything off. */
export const defaultFaults: FaultSpec = {
  latency: 0,
  jitter: 0,
  throttle: 0,
  caWriteLimit: 0,
  error5xx: 0,
  drop: 0,
  consistency: 0,
  seed: 42,
  retryAfter: 1,
};

const probability = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

/** Schema of a (partial) fault configuration, used by PUT /_emulator/faults and the flag parser. */
export const faultSpecSchema = z.strictObject({
  latency: nonNegative.optional(),
  jitter: nonNegative.optional(),
  throttle: probability.optional(),
  caWriteLimit: nonNegative.optional(),
  error5xx: probability.optional(),
  drop: probability.optional(),
  consistency: nonNegative.optional(),
  seed: z.number().int().optional(),
  retryAfter: nonNegative.optional(),
});

/** A fault spec that cannot be used; one line. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
  readonly userFacing = true;
}

/** Validates a partial spec and merges it over `base`. */
export function mergeFaults(base: FaultSpec, partial: unknown): FaultSpec {
  const result = faultSpecSchema.safeParse(partial);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'faults';
    throw new FaultSpecError(`invalid fault spec: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...base, ...result.data };
}

/** Parses `latency=100,jitter=20,throttle=0.1` (empty string = no faults). */
export function parseFaultSpec(text: string, base: FaultSpec = defaultFaults): FaultSpec {
  const partial: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value, ...more] = part.split('=');
    const n = Number(value);
    if (!key || value === undefined || more.length || value.trim() === '' || !Number.isFinite(n)) {
      throw new FaultSpecError(`invalid fault spec: "${part}" (expected name=number, e.g. throttle=0.1)`);
    }
    partial[key.trim()] = n;
  }
  return mergeFaults(base, partial);
}
