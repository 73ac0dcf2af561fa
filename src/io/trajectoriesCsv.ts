import { alignedGrid } from '../analysis/alignedGrid.ts';
import type { Comparison } from '../analysis/compare.ts';

/** Every compared quantity of every run on one time grid, for spreadsheets: `quantity:scenario [unit]` columns. */
export function trajectoriesToCsv(comparison: Comparison): string {
  const grid = alignedGrid(comparison);
  const header = [`time [${comparison.timeUnit}]`];
  const columns: (number | undefined)[][] = [];
  comparison.quantities.forEach((q, qi) => {
    comparison.runs.forEach((run, ri) => {
      if (!q.columns[ri]) return;
      header.push(`${q.key}:${run.key} [${run.result.units[q.columns[ri]!]}]`);
      columns.push(grid.column(qi, ri));
    });
  });
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < grid.times.length; i++) {
    const row = [String(grid.times[i])];
    for (const column of columns) row.push(column[i] === undefined ? '' : String(column[i]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
