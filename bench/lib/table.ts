/**
 * The one table `npm run bench` prints: name, value, unit, limit, ratio, notes — columns aligned,
 * numbers right-aligned, notes last so long ones do not push the figures apart.
 */
import type { BenchResult } from './result.js';

const HEADERS = ['name', 'value', 'unit', 'limit', 'ratio', 'notes'] as const;
/** Columns whose cells are numbers, aligned right. */
const NUMERIC = new Set<string>(['value', 'limit', 'ratio']);

function cell(value: number | string | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? String(value) : value;
}

/** Renders the results as an aligned plain-text table (one line per result, no trailing spaces). */
export function renderTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => HEADERS.map((h) => cell(r[h])));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, i) => {
        const last = i === cells.length - 1;
        if (last) return text;
        return NUMERIC.has(HEADERS[i]!) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.min(w, 40) : w));
  return [line([...HEADERS]), line(rule), ...rows.map(line)].join('\n') + '\n';
}
