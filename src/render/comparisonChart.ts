import type { Comparison } from '../analysis/compare.ts';
import type { Quantity } from '../analysis/quantities.ts';
import { timeFactor } from '../model/timeUnits.ts';
import { BASELINE_COLOR, COLORS, PALETTE, type LegendItem, type LineSeries, type Marker, type Panel } from './chartTypes.ts';
import { timeSeriesChart } from './timeSeriesChart.ts';

/** How each run is drawn: baselines in dashed black, the others in palette order. */
export interface RunStyle {
  key: string;
  label: string;
  color: string;
  dash?: string;
}

const BASELINE_DASH = '6,4';
const REFERENCE_DASH = '2,3';

export function runStyles(comparison: Comparison): RunStyle[] {
  const colors = PALETTE.filter((c) => c !== BASELINE_COLOR);
  let next = 0;
  return comparison.runs.map((run) => {
    if (run.isBaseline) return { key: run.key, label: run.label, color: BASELINE_COLOR, dash: BASELINE_DASH };
    const k = next++;
    // Past seven runs the colours repeat, so repeats get a dash pattern.
    return { key: run.key, label: run.label, color: colors[k % colors.length], dash: k >= colors.length ? '8,3,2,3' : undefined };
  });
}

export interface ComparisonChartOptions {
  document?: Document;
  idPrefix?: string;
  /** Quantity keys to draw (default: all of the comparison's). */
  quantities?: readonly string[];
  log?: boolean;
  title?: string;
  subtitle?: string;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
  legend?: boolean;
  markerNote?: string;
  endLabels?: boolean;
}

/**
 * The comparison as small multiples: one panel per quantity, one line per run, every run's events marked in its colour.
 *
 * @example
 * ```ts
 * const svg = comparisonChart(compareRuns(runs), { document: createDocument(), quantities: ['bone_volume'] });
 * const file = svgToString(svg);
 * ```
 */
export function comparisonChart(comparison: Comparison, options: ComparisonChartOptions = {}): SVGSVGElement {
  const styles = runStyles(comparison);
  const quantities = options.quantities
    ? options.quantities.map((key) => comparison.quantities.find((q) => q.key === key)).filter((q): q is Quantity => q !== undefined)
    : comparison.quantities;
  const references = missingReferences(comparison);
  const panels: Panel[] = quantities.map((q) => ({
    title: q.title,
    unit: q.unit,
    series: [
      ...references.flatMap(({ label, run }) => referenceSeries(comparison, q, label, run)),
      ...comparison.runs.flatMap((run, i) => {
        const column = q.columns[i];
        if (!column) return [];
        const style = styles[i];
        return [{ label: style.label, times: run.times, values: run.result.series[column], color: style.color, dash: style.dash, width: run.isBaseline ? 1.6 : 2.2 }];
      }),
    ],
  }));
  const legendItems = comparisonLegend(comparison);
  return timeSeriesChart(panels, {
    document: options.document,
    idPrefix: options.idPrefix,
    title: options.title,
    subtitle: options.subtitle,
    timeUnit: comparison.timeUnit,
    markers: comparisonMarkers(comparison),
    markerNote: options.markerNote,
    columns: options.columns,
    panelWidth: options.panelWidth,
    panelHeight: options.panelHeight,
    log: options.log,
    legend: options.legend,
    legendItems,
    endLabels: options.endLabels,
    description: `Time courses of ${quantities.map((q) => q.title).join(', ')} for ${comparison.runs.map((r) => r.label).join(', ')}.`,
  });
}

/**
 * Every run's scheduled and state events, in the comparison's time unit. An event several
 * runs share (same time, same label) is marked once in grey; one run's own event is marked
 * in its colour, named after the run when several runs have events.
 */
export function comparisonMarkers(comparison: Comparison): Marker[] {
  const styles = runStyles(comparison);
  const withEvents = comparison.runs.filter((run) => run.result.events.length > 0).length;
  const groups = new Map<string, { time: number; label: string; runs: number[] }>();
  comparison.runs.forEach((run, i) => {
    const factor = timeFactor(run.result.model.timeUnit, comparison.timeUnit);
    for (const e of run.result.events) {
      const time = e.time * factor;
      const key = `${time}|${e.label}`;
      const group = groups.get(key) ?? { time, label: e.label, runs: [] };
      if (!group.runs.includes(i)) group.runs.push(i);
      groups.set(key, group);
    }
  });
  return [...groups.values()].map(({ time, label, runs }) => {
    if (runs.length > 1) return { time, label, color: COLORS.marker };
    const run = runs[0];
    return { time, label: withEvents > 1 ? `${comparison.runs[run].label}: ${label}` : label, color: styles[run].color };
  });
}

/** The legend of a comparison: every run in its style, then the dotted reference lines. */
export function comparisonLegend(comparison: Comparison): LegendItem[] {
  return [
    ...runStyles(comparison).map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
    ...missingReferences(comparison).map((r) => ({ label: r.label, color: COLORS.marker, dash: REFERENCE_DASH })),
  ];
}

/** References drawn as dotted grey lines: models whose baseline is not one of the compared runs. */
function missingReferences(comparison: Comparison) {
  const shown = new Set(comparison.runs.filter((r) => r.isBaseline).map((r) => r.result.model.id));
  const seen = new Map<string, { label: string; run: Comparison['runs'][number] }>();
  for (const run of comparison.runs) {
    const model = run.result.model.id;
    if (shown.has(model) || seen.has(model)) continue;
    seen.set(model, { label: `${model} steady state (reference)`, run });
  }
  return [...seen.values()];
}

function referenceSeries(comparison: Comparison, q: Quantity, label: string, run: Comparison['runs'][number]): LineSeries[] {
  const column = q.columns[comparison.runs.indexOf(run)];
  const reference = run.reference;
  if (!column || !reference.series[column]) return [];
  const factor = timeFactor(reference.model.timeUnit, comparison.timeUnit);
  return [{ label, times: reference.times.map((t) => t * factor), values: reference.series[column], color: COLORS.marker, dash: REFERENCE_DASH, width: 1.5 }];
}
