import type { MetricRow } from '../analysis/metricRows.ts';
import { formatMetric, type TimeFormat } from './format.ts';

/** Columns of the terminal summary: (metric key, header). Rows missing from a comparison are skipped. */
const SUMMARY_COLUMNS: readonly [string, string][] = [
  ['bv_change_1y', 'BV 1 y'],
  ['bv_change_5y', 'BV 5 y'],
  ['bv_change_10y', 'BV 10 y'],
  ['bv_change_end', 'BV end'],
  ['active_osteoclasts_peak', 'OC peak'],
  ['active_osteoblasts_peak', 'OB peak'],
  ['ctx_end', 'CTX end'],
  ['p1np_end', 'P1NP end'],
  ['balance_end', 'F/R end'],
  ['steady_state_recent_change', 'drift end'],
];

/** The metrics as a plain-text table for the terminal: one line per scenario. */
export function summaryTextTable(rows: readonly MetricRow[], scenarios: readonly string[], time: TimeFormat): string {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const columns = SUMMARY_COLUMNS.filter(([key]) => byKey.has(key));
  const header = ['scenario', ...columns.map(([, label]) => label)];
  const lines = scenarios.map((name, i) => [name, ...columns.map(([key]) => {
    const row = byKey.get(key)!;
    return formatMetric(row.values[i], row.kind, time);
  })]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const format = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '\u2500'.repeat(w)).join('  '), ...lines.map(format)].join('\n') + '\n';
}
