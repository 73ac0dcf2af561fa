import type { MetricRow } from '../analysis/metricRows.ts';
import type { ScenarioMetrics } from '../analysis/metrics.ts';

/**
 * One row per scenario, one column per metric (unit in the header); peaks and troughs
 * get a second column with their time. Empty cells where a metric does not apply.
 */
export function metricsToCsv(metrics: readonly ScenarioMetrics[], rows: readonly MetricRow[]): string {
  const timeUnit = metrics[0]?.timeUnit ?? 'day';
  const header = ['scenario', 'title', 'model', 'reference'];
  for (const row of rows) {
    header.push(row.unit ? `${row.key} [${row.unit}]` : row.key);
    if (row.times) header.push(`${row.key}_time [${timeUnit}]`);
  }
  const lines = [header.map(csvField).join(',')];
  metrics.forEach((m, i) => {
    const cells = [m.scenario.id, m.label, m.model.id, m.referenceRun];
    for (const row of rows) {
      cells.push(number(row.values[i]));
      if (row.times) cells.push(number(row.times[i]));
    }
    lines.push(cells.map(csvField).join(','));
  });
  return lines.join('\n') + '\n';
}

function number(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '' : String(value);
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
