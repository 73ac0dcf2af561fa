import type { EnsembleLayout } from '../ensemble/ensemble.ts';
import type { EnsembleSummary } from '../ensemble/summary.ts';

/**
 * The summary CSV files of an ensemble (summary/*.csv), long format (one row per number's context),
 * so a spreadsheet, pandas or R reads them as they are. Empty cells where a value does not exist.
 *
 *   bands.csv     series, unit, time [unit], members, p5, p25, p50, p75, p95   (population designs)
 *   metrics.csv   metric, label, unit, count, missing, mean, sd, min, p5 .. p95, max, exact
 *   grid.csv      grid_point, <axis>..., metric, median, p5, p95, count        (population designs with a grid)
 *   sobol.csv     metric, parameter, S1, S1_low, S1_high, ST, ST_low, ST_high, rows, dropped_rows, confidence
 *   sobol-second-order.csv  metric, parameter_i, parameter_j, S2, S2_low, S2_high
 *   morris.csv    metric, parameter, mu, mu_star, mu_star_low, mu_star_high, sigma, trajectories, dropped_trajectories, confidence
 *   local.csv     metric, parameter, coefficient, error, slope, nominal, step
 *   failures.csv  reason, count                                               (members that failed or stopped)
 *
 * @example
 * ```ts
 * for (const file of ensembleCsvFiles(summary, ensemble.layout)) writeFileSync(`out/summary/${file.name}`, file.contents);
 * ```
 */
export function ensembleCsvFiles(summary: EnsembleSummary, layout: EnsembleLayout): Array<{ name: string; contents: string }> {
  const files: Array<{ name: string; contents: string }> = [];
  const pct = summary.percentiles.map((p) => `p${p}`);
  if (summary.bands) {
    const rows: string[][] = [['series', 'unit', `time [${layout.timeUnit}]`, 'members', ...pct]];
    for (const series of summary.bands.series) {
      summary.bands.times.forEach((t, k) => rows.push([series.name, series.unit, num(t), String(summary.ok + summary.stopped), ...series.percentiles.map((p) => num(p.values[k]))]));
    }
    files.push({ name: 'bands.csv', contents: csv(rows) });
  }
  {
    const rows: string[][] = [['metric', 'label', 'unit', 'count', 'missing', 'mean', 'sd', 'min', ...pct, 'max', 'exact']];
    for (const { metric, distribution: d } of summary.metrics) {
      rows.push([metric.name, metric.label, metric.unit, String(d.count), String(d.missing), num(d.mean), num(d.sd), num(d.min), ...d.percentiles.map((p) => num(p.value)), num(d.max), String(d.exact)]);
    }
    files.push({ name: 'metrics.csv', contents: csv(rows) });
  }
  if (summary.grid) {
    const rows: string[][] = [['grid_point', ...summary.grid.axes.map((a) => a.name), 'metric', 'median', 'p5', 'p95', 'count']];
    for (const point of summary.grid.points) {
      point.metrics.forEach((m, k) => rows.push([String(point.point), ...point.values.map(num), layout.metrics[k].name, num(m.median), num(m.low), num(m.high), String(m.count)]));
    }
    files.push({ name: 'grid.csv', contents: csv(rows) });
  }
  if (summary.sobol) {
    const rows: string[][] = [['metric', 'parameter', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high', 'rows', 'dropped_rows', 'confidence']];
    const second: string[][] = [['metric', 'parameter_i', 'parameter_j', 'S2', 'S2_low', 'S2_high']];
    for (const { metric, indices: s } of summary.sobol) {
      s.parameters.forEach((name, i) => rows.push([metric.name, name, num(s.first[i]), num(s.firstInterval.low[i]), num(s.firstInterval.high[i]),
        num(s.total[i]), num(s.totalInterval.low[i]), num(s.totalInterval.high[i]), String(s.rows), String(s.droppedRows), String(s.confidence)]));
      if (s.second) {
        const d = s.parameters.length;
        for (let i = 0; i < d; i++) {
          for (let j = i + 1; j < d; j++) {
            second.push([metric.name, s.parameters[i], s.parameters[j], num(s.second[i * d + j]), num(s.secondInterval?.low[i * d + j]), num(s.secondInterval?.high[i * d + j])]);
          }
        }
      }
    }
    files.push({ name: 'sobol.csv', contents: csv(rows) });
    if (second.length > 1) files.push({ name: 'sobol-second-order.csv', contents: csv(second) });
  }
  if (summary.morris) {
    const rows: string[][] = [['metric', 'parameter', 'mu', 'mu_star', 'mu_star_low', 'mu_star_high', 'sigma', 'trajectories', 'dropped_trajectories', 'confidence']];
    for (const { metric, effects: e } of summary.morris) {
      e.parameters.forEach((name, k) => rows.push([metric.name, name, num(e.mu[k]), num(e.muStar[k]), num(e.muStarInterval.low[k]), num(e.muStarInterval.high[k]),
        num(e.sigma[k]), String(e.trajectories), String(e.droppedTrajectories), String(e.confidence)]));
    }
    files.push({ name: 'morris.csv', contents: csv(rows) });
  }
  if (summary.local) {
    const rows: string[][] = [['metric', 'parameter', 'coefficient', 'error', 'slope', 'nominal', 'step']];
    for (const { metric, sensitivity: l } of summary.local) {
      l.parameters.forEach((name, k) => rows.push([metric.name, name, num(l.coefficient[k]), num(l.error[k]), num(l.slope[k]), num(l.nominal), num(l.step)]));
    }
    files.push({ name: 'local.csv', contents: csv(rows) });
  }
  files.push({ name: 'failures.csv', contents: csv([['reason', 'count'], ...summary.reasons.map((r) => [r.reason, String(r.count)])]) });
  return files;
}

/**
 * The whole summary as JSON (typed arrays as plain arrays, NaN as null).
 *
 * @example
 * ```ts
 * const text = ensembleSummaryJson(summary, ensemble.layout, { design: 'opg-knockout-sobol' });
 * ```
 */
export function ensembleSummaryJson(summary: EnsembleSummary, layout: EnsembleLayout, about: Record<string, unknown>): string {
  return JSON.stringify({ ...about, layout, summary }, (_key, value) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }, 1) + '\n';
}

function num(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

function csv(rows: string[][]): string {
  return rows.map((row) => row.map(field).join(',')).join('\n') + '\n';
}

function field(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
