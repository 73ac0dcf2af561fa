import type { Ensemble, EnsembleLayout } from '../ensemble/ensemble.ts';
import type { EnsembleSummary } from '../ensemble/summary.ts';
import type { Role } from '../model/schema.ts';
import { fanChart, type FanPanel } from './fanChart.ts';
import { sobolChart } from './sobolChart.ts';
import { tornadoChart } from './tornadoChart.ts';

/** A chart of an ensemble's report, with the name its files get (charts/NAME.svg, .png). */
export interface EnsembleChart {
  name: string;
  title: string;
  svg: SVGSVGElement;
  pngWidth: number;
}

export interface EnsembleChartOptions {
  document?: Document;
  title: string;
  subtitle?: string;
  /** The model's own values over time (the nominal patient), dashed in the fan charts. */
  reference?: Map<string, Float64Array>;
  /** Roles of the model, to pick the fan chart's panels. */
  roles?: Partial<Record<Role, string>>;
}

/** The roles whose series the fan chart shows first, in this order. */
const FAN_ROLES: Role[] = ['bone_volume', 'active_osteoclasts', 'active_osteoblasts', 'resorption', 'formation', 'rankl', 'opg', 'osteoclast_precursors', 'osteoblast_precursors'];
const FAN_PANELS = 6;

/**
 * The report's charts from a summary: fan charts of the percentile bands (population designs), Sobol
 * index bars, Morris mu* (with sigma) or local coefficients as tornado charts, for the headline metrics.
 *
 * @example
 * ```ts
 * const charts = ensembleCharts(summary, ensemble.layout, { title: ensemble.design.title, roles: ensemble.model.roles });
 * charts.map((c) => c.name); // ['sobol'] for a Sobol design
 * ```
 */
export function ensembleCharts(summary: EnsembleSummary, layout: EnsembleLayout, options: EnsembleChartOptions): EnsembleChart[] {
  const charts: EnsembleChart[] = [];
  const { document } = options;
  const members = summary.ok + summary.stopped;
  if (summary.bands) {
    const roleSeries = FAN_ROLES.map((role) => options.roles?.[role]).filter((name): name is string => !!name && layout.series.includes(name));
    const chosen = [...new Set([...roleSeries, ...layout.series])].slice(0, FAN_PANELS);
    const panels: FanPanel[] = chosen.map((name) => {
      const series = summary.bands!.series.find((s) => s.name === name)!;
      const reference = options.reference?.get(name);
      return {
        title: name, unit: series.unit, times: summary.bands!.times, percentiles: series.percentiles,
        ...(reference ? { reference: { label: 'the model\'s own values', values: reference } } : {}),
      };
    });
    charts.push({
      name: 'fan', title: 'Percentile bands over time',
      svg: fanChart(panels, { document, title: options.title, subtitle: options.subtitle, timeUnit: layout.timeUnit, note: `${members} members${summary.failed ? `, ${summary.failed} failed (left out)` : ''}`, idPrefix: 'fan' }),
      pngWidth: 1600,
    });
  }
  const headline = headlineMetrics(layout);
  if (summary.sobol) {
    const rows = summary.sobol.filter((s) => headline.includes(s.metric.name));
    charts.push({
      name: 'sobol', title: 'Sobol indices',
      svg: sobolChart(rows.map(({ metric, indices }) => ({
        title: metric.label, parameters: indices.parameters, first: indices.first, total: indices.total,
        firstInterval: indices.firstInterval, totalInterval: indices.totalInterval,
      })), { document, title: options.title, subtitle: options.subtitle, confidence: rows[0]?.indices.confidence, note: `${rows[0]?.indices.rows ?? 0} base rows, ${summary.members} runs${summary.failed ? `, ${summary.failed} failed` : ''}` }),
      pngWidth: 1600,
    });
  }
  if (summary.morris) {
    const rows = summary.morris.filter((s) => headline.includes(s.metric.name));
    charts.push({
      name: 'morris', title: 'Morris screening',
      svg: tornadoChart(rows.map(({ metric, effects }) => ({
        title: metric.label, axisLabel: `mu* (change of the metric per unit of the parameter's probability scale, ${metric.unit})`,
        bars: effects.parameters.map((label, k) => ({ label, value: effects.muStar[k], interval: [effects.muStarInterval.low[k], effects.muStarInterval.high[k]] as [number, number], secondary: effects.sigma[k] })),
      })), { document, title: options.title, subtitle: options.subtitle, positive: 'mu* (mean absolute elementary effect)', interval: 'bootstrap interval of mu*', secondary: 'sigma (interactions, nonlinearity)' }),
      pngWidth: 1600,
    });
  }
  if (summary.local) {
    const rows = summary.local.filter((s) => headline.includes(s.metric.name));
    charts.push({
      name: 'local', title: 'Local sensitivities',
      svg: tornadoChart(rows.map(({ metric, sensitivity }) => ({
        title: metric.label, axisLabel: `d ln(${metric.name}) / d ln(parameter)`,
        bars: sensitivity.parameters.map((label, k) => ({
          label, value: sensitivity.coefficient[k],
          ...(Number.isFinite(sensitivity.error[k]) ? { interval: [sensitivity.coefficient[k] - sensitivity.error[k], sensitivity.coefficient[k] + sensitivity.error[k]] as [number, number] } : {}),
        })),
      })), { document, title: options.title, subtitle: options.subtitle, positive: 'raising the parameter raises the metric', negative: 'raising the parameter lowers it', interval: 'estimated error (Richardson)' }),
      pngWidth: 1600,
    });
  }
  return charts;
}

/**
 * The metrics charts show: bone volume change at the last milestone and the resorption marker at the end (or the first two metrics).
 *
 * @example
 * ```ts
 * headlineMetrics(ensemble.layout); // ['bone_volume_change_10y_pct', 'resorption_end_fold']
 * ```
 */
export function headlineMetrics(layout: EnsembleLayout): string[] {
  const names = layout.metrics.map((m) => m.name);
  const bone = names.filter((n) => /^bone_volume_change_.*_pct$/.test(n)).pop();
  const chosen = [bone, names.includes('resorption_end_fold') ? 'resorption_end_fold' : undefined].filter((n): n is string => !!n);
  return chosen.length ? chosen : names.slice(0, 2);
}

/**
 * The model's own values (the design's nominal point) over the ensemble's times, for the fan charts'
 * reference line; undefined if that run fails.
 *
 * @example
 * ```ts
 * const reference = nominalReference(ensemble); // Map: series name -> values at ensemble.layout.times
 * ```
 */
export function nominalReference(ensemble: Ensemble): Map<string, Float64Array> | undefined {
  const { layout, prepared } = ensemble;
  if (!layout.trajectories) return undefined;
  const times = Float64Array.from(layout.times);
  const columns = Int32Array.from(layout.series, (name) => prepared.columnIndex(name));
  const values = new Float64Array(columns.length * times.length);
  const status = prepared.runMember({ parameters: ensemble.design.nominal, times, columns, values });
  if (status.state === 'failed') return undefined;
  return new Map(layout.series.map((name, s) => [name, values.slice(s * times.length, (s + 1) * times.length)]));
}
