/**
 * ISO 8601 durations (`PT5M`, `P1D`, `P1DT12H`) as alert rules and the Log Analytics `timespan`
 * write them, and the query API's intervals (`P7D`, `start/end`, `start/PT1H`, `PT1H/end`).
 */

const durationPattern =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds), or undefined. */
export function parseDuration(text: string): number | undefined {
  const m = durationPattern.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, w, d, h, min, s] = m.map((part) => (part === undefined ? 0 : Number(part)));
  return ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000;
}

/** A time range [start, end). */
export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

function instant(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The query API's `timespan`: a duration ending now, `start/end`, `start/duration` or
 * `duration/end`. Undefined when it is none of these.
 */
export function parseTimespan(text: string, now: Date): Interval | undefined {
  const parts = text.trim().split('/');
  if (parts.length === 1) {
    const ms = parseDuration(parts[0]!);
    return ms === undefined ? undefined : { start: new Date(now.getTime() - ms), end: now };
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  const startAt = instant(a);
  const endAt = instant(b);
  if (startAt && endAt) return startAt <= endAt ? { start: startAt, end: endAt } : undefined;
  if (startAt) {
    const ms = parseDuration(b);
    return ms === undefined ? undefined : { start: startAt, end: new Date(startAt.getTime() + ms) };
  }
  if (endAt) {
    const ms = parseDuration(a);
    return ms === undefined ? undefined : { start: new Date(endAt.getTime() - ms), end: endAt };
  }
  return undefined;
}
