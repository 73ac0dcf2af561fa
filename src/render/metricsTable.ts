import type { MetricRow } from '../analysis/metricRows.ts';
import { formatCell, type TimeFormat } from './format.ts';
import { escapeHtml } from './html.ts';

export interface TableColumn {
  label: string;
  color: string;
  dash?: string;
}

/** The metrics as an HTML table: one column per scenario (with its line style), rows grouped by topic. */
export function metricsTableHtml(rows: readonly MetricRow[], columns: readonly TableColumn[], time: TimeFormat): string {
  const head = columns.map((c) => `<th scope="col">${swatch(c)}<span>${escapeHtml(c.label)}</span></th>`).join('');
  const body: string[] = [];
  let group = '';
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      body.push(`<tr class="group"><th scope="rowgroup" colspan="${columns.length + 1}">${escapeHtml(group)}</th></tr>`);
    }
    const unit = row.kind === 'time' || row.kind === 'yes/no' || !row.unit ? '' : ` <span class="unit">${escapeHtml(row.unit)}</span>`;
    const title = row.note ? ` title="${escapeHtml(row.note)}"` : '';
    const cells = columns.map((_, i) => {
      const cell = formatCell(row, i, time);
      const sign = row.kind === 'percent' && (row.values[i] ?? 0) < -0.05 ? ' class="loss"' : row.kind === 'percent' && (row.values[i] ?? 0) > 0.05 ? ' class="gain"' : '';
      return `<td${sign}>${escapeHtml(cell.value)}${cell.when ? `<span class="when">${escapeHtml(cell.when)}</span>` : ''}</td>`;
    }).join('');
    body.push(`<tr data-metric="${escapeHtml(row.key)}"><th scope="row"${title}>${escapeHtml(row.label)}${unit}</th>${cells}</tr>`);
  }
  return `<table class="metrics"><thead><tr><th scope="col" class="corner">metric</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** A short line in the scenario's colour and dash, as in the charts. */
export function swatch(style: { color: string; dash?: string }): string {
  const dash = style.dash ? ` stroke-dasharray="${escapeHtml(style.dash)}"` : '';
  return `<svg class="swatch" width="26" height="10" viewBox="0 0 26 10" aria-hidden="true"><line x1="1" x2="25" y1="5" y2="5" stroke="${escapeHtml(style.color)}" stroke-width="3"${dash}/></svg>`;
}
