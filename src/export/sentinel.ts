/**
 * A Microsoft Sentinel watchlist (CSV) of the emergency accounts, for the `BreakGlassAccounts`
 * watchlist the Sentinel hunting queries join on (`AccountUPN`), with the object id (`UserId`) that
 * sign-in rules keyed by id use. RFC 4180 quoting; a cell that a spreadsheet would read as a
 * formula is prefixed with `'`.
 */
import type { ExportSubjects } from './subjects.js';

export const SENTINEL_WATCHLIST_ALIAS = 'BreakGlassAccounts';
const COLUMNS = ['AccountUPN', 'UserId', 'DisplayName', 'Notes'] as const;

/** The watchlist as CSV text (CRLF line ends, as Sentinel's upload and RFC 4180 expect). */
export function renderSentinelWatchlist(subjects: ExportSubjects): string {
  const rows = subjects.accounts.map((a) => [
    a.userPrincipalName,
    a.id,
    a.displayName ?? '',
    'Emergency access account (breakglass)',
  ]);
  return `${[COLUMNS as readonly string[], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** One CSV cell: formula-looking text defused, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
