/**
 * The review window of `breakglass signins --since`: a relative duration (`30d`, `7d`, `12h`,
 * `90m`) counted back from now, or an absolute ISO 8601 date or date-time. Pure: `now` is passed in.
 */
import { UsageError } from '../errors.js';

/** The default `--since`: Graph keeps sign-ins 30 days on P1/P2 (api-facts §2.9). */
export const DEFAULT_SINCE = '30d';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A review window. */
export interface ReviewWindow {
  since: Date;
  until: Date;
}

/**
 * Parses `--since`: `<n>d`, `<n>h`, `<n>m` or `<n>w` before `now`, or an ISO date (`2026-01-31`,
 * midnight UTC) or date-time with a zone (`2026-01-31T08:00:00Z`). Anything else, a zero or
 * negative length, or a start after `now`, is a usage error naming the accepted forms.
 */
export function parseSince(text: string, now: Date): ReviewWindow {
  const value = text.trim();
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value);
  if (relative) {
    const amount = Number(relative[1]);
    if (amount <= 0) throw sinceError(text, 'the length must be more than zero');
    const unit = relative[2]!.toLowerCase() as keyof typeof UNIT_MS;
    return { since: new Date(now.getTime() - amount * UNIT_MS[unit]), until: now };
  }
  const since = parseIsoInstant(value);
  if (!since) throw sinceError(text);
  if (since > now) throw sinceError(text, `it is after now (${now.toISOString()})`);
  return { since, until: now };
}

/** `2026-01-31` (UTC midnight) or a date-time with `Z` or an offset; undefined otherwise. */
function parseIsoInstant(value: string): Date | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value);
  if (!dateOnly && !dateTime) return undefined;
  const parsed = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Date accepts 2026-02-31 as March 3rd; a calendar date that does not exist is a typo.
  if (dateOnly && parsed.toISOString().slice(0, 10) !== value) return undefined;
  return parsed;
}

function sinceError(text: string, why?: string): UsageError {
  return new UsageError(
    `--since ${text}: ${why ?? 'not a duration or date'} (use e.g. 30d, 7d, 12h, 90m, 2026-01-31 or 2026-01-31T08:00:00Z)`,
  );
}
