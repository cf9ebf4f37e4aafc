/**
 * A plain text table for terminal output: left-aligned columns two spaces apart, a header row,
 * and every cell made terminal-safe (a display name cannot carry escape sequences).
 */
import { terminalSafe } from '../report/escape.js';

/** Renders `rows` under `headers`; each line ends without trailing spaces. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows].map((row) =>
    headers.map((_, i) => terminalSafe(row[i] ?? '').replace(/\s+/g, ' ')),
  );
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => [...row[i]!].length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
