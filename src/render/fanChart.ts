import * as d3 from 'd3';
import type { TimeUnit } from '../model/timeUnits.ts';
import { chartFrame, styleAxis, type FrameLegendItem, type Group } from './chartFrame.ts';
import { displayTimeUnit, engineeringScale, fitText, scaleLabel } from './chartText.ts';
import { COLORS, PALETTE } from './chartTypes.ts';

/**
 * Fan charts of an ensemble: per observable, the percentile bands over time (the outermost pair
 * lightest, nested pairs darker), the median as a line, and optionally a reference run (the nominal
 * patient) dashed. Small multiples, like timeSeriesChart: an <svg> element in the document given.
 */
export interface FanPanel {
  title: string;
  unit: string;
  times: ArrayLike<number>;
  /** Percentiles (0-100) and their values over time; pairs p and 100 - p make the bands. */
  percentiles: Array<{ percentile: number; values: ArrayLike<number> }>;
  reference?: { label: string; values: ArrayLike<number> };
}

export interface FanChartOptions {
  document?: Document;
  idPrefix?: string;
  title?: string;
  subtitle?: string;
  /** Members behind the bands, for the note line (e.g. "1000 virtual patients"). */
  note?: string;
  timeUnit: TimeUnit;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
  color?: string;
  description?: string;
}

const MARGIN = { top: 42, right: 16, bottom: 40, left: 66 };
const BAND_OPACITY = [0.18, 0.34, 0.5];

export function fanChart(panels: FanPanel[], options: FanChartOptions): SVGSVGElement {
  const columns = Math.max(1, Math.min(options.columns ?? (panels.length <= 4 ? 2 : 3), panels.length));
  const panelWidth = options.panelWidth ?? 340;
  const panelHeight = options.panelHeight ?? 220;
  const width = columns * panelWidth;
  const color = options.color ?? PALETTE[0];
  const idPrefix = options.idPrefix ?? 'fan';
  const pairs = bandPairs(panels[0]?.percentiles.map((p) => p.percentile) ?? []);
  const median = panels[0]?.percentiles.find((p) => p.percentile === 50);
  const legend: FrameLegendItem[] = [
    // Inner bands are drawn over the outer ones: their swatch shows the two fills together.
    ...pairs.map(([low, high], k) => ({ label: `${low}\u2013${high}th percentile`, color, swatch: 'band' as const, opacity: stackedOpacity(k) })),
    ...(median ? [{ label: 'median', color, swatch: 'line' as const }] : []),
    ...(panels.some((p) => p.reference) ? [{ label: panels.find((p) => p.reference)!.reference!.label, color: COLORS.text, swatch: 'line' as const, dash: '6,4' }] : []),
  ];
  const { svg, header, finish } = chartFrame(width, { ...options, legend }, 'fanChart');
  const maxTime = d3.max(panels.map((p) => (p.times.length ? p.times[p.times.length - 1] : 0))) ?? 1;
  const display = displayTimeUnit(options.timeUnit, maxTime);
  panels.forEach((panel, index) => {
    const g = svg.append('g').attr('class', 'panel').attr('data-title', panel.title)
      .attr('transform', `translate(${(index % columns) * panelWidth + MARGIN.left}, ${header + Math.floor(index / columns) * panelHeight + MARGIN.top})`);
    drawFanPanel(g, panel, {
      width: panelWidth - MARGIN.left - MARGIN.right,
      height: panelHeight - MARGIN.top - MARGIN.bottom,
      time: { ...display, max: maxTime > 0 ? maxTime : 1 },
      color,
      pairs,
      clipId: `${idPrefix}-clip-${index}`,
    });
  });
  return finish(header + Math.ceil(panels.length / columns) * panelHeight + 6);
}

function stackedOpacity(k: number): number {
  let clear = 1;
  for (let j = 0; j <= k; j++) clear *= 1 - BAND_OPACITY[Math.min(j, BAND_OPACITY.length - 1)];
  return 1 - clear;
}

/** Percentiles paired from the outside in: [5, 95], [25, 75]. */
function bandPairs(percentiles: number[]): Array<[number, number]> {
  const sorted = [...new Set(percentiles)].sort((a, b) => a - b);
  const pairs: Array<[number, number]> = [];
  for (const low of sorted) {
    if (low >= 50) break;
    if (sorted.includes(100 - low)) pairs.push([low, 100 - low]);
  }
  return pairs;
}

interface FanLayout {
  width: number;
  height: number;
  time: { unit: string; factor: number; max: number };
  color: string;
  pairs: Array<[number, number]>;
  clipId: string;
}

function drawFanPanel(g: Group, panel: FanPanel, layout: FanLayout): void {
  const { width, height, time } = layout;
  const byPercentile = new Map(panel.percentiles.map((p) => [p.percentile, p.values]));
  const all: number[] = [];
  for (const p of panel.percentiles) for (let i = 0; i < p.values.length; i++) if (Number.isFinite(p.values[i])) all.push(p.values[i]);
  if (panel.reference) for (let i = 0; i < panel.reference.values.length; i++) if (Number.isFinite(panel.reference.values[i])) all.push(panel.reference.values[i]);
  let [low, high] = all.length ? (d3.extent(all) as [number, number]) : [0, 1];
  const middle = (low + high) / 2;
  const minimum = Math.max(Math.abs(middle) * 0.01, 1e-300);
  if (high - low < minimum) [low, high] = [middle - minimum / 2, middle + minimum / 2];
  const scale = engineeringScale(Math.max(Math.abs(low), Math.abs(high)));
  const x = d3.scaleLinear().domain([0, time.max / time.factor]).range([0, width]);
  const y = d3.scaleLinear().domain([low / scale, high / scale]).range([height, 0]).nice();
  const n = panel.times.length;
  const xAt = (i: number) => x(panel.times[i] / time.factor);

  g.append('clipPath').attr('id', layout.clipId).append('rect').attr('x', 0).attr('y', -1).attr('width', width).attr('height', height + 2);
  g.append('g').attr('class', 'grid').selectAll('line').data(y.ticks(5)).join('line')
    .attr('x1', 0).attr('x2', width).attr('y1', (d) => y(d)).attr('y2', (d) => y(d)).attr('stroke', COLORS.grid);
  const plot = g.append('g').attr('clip-path', `url(#${layout.clipId})`);
  layout.pairs.forEach(([lowP, highP], k) => {
    const lower = byPercentile.get(lowP)!, upper = byPercentile.get(highP)!;
    const area = d3.area<number>()
      .defined((i) => Number.isFinite(lower[i]) && Number.isFinite(upper[i]))
      .x(xAt).y0((i) => y(lower[i] / scale)).y1((i) => y(upper[i] / scale));
    plot.append('path').attr('class', 'band').attr('data-band', `${lowP}-${highP}`)
      .attr('fill', layout.color).attr('fill-opacity', BAND_OPACITY[Math.min(k, BAND_OPACITY.length - 1)])
      .attr('d', area(d3.range(n)) ?? '');
  });
  const line = (values: ArrayLike<number>) => d3.line<number>().defined((i) => Number.isFinite(values[i])).x(xAt).y((i) => y(values[i] / scale))(d3.range(n)) ?? '';
  const median = byPercentile.get(50);
  if (median) plot.append('path').attr('class', 'median').attr('fill', 'none').attr('stroke', layout.color).attr('stroke-width', 2).attr('d', line(median));
  if (panel.reference) {
    plot.append('path').attr('class', 'reference').attr('fill', 'none').attr('stroke', COLORS.text).attr('stroke-width', 1.5)
      .attr('stroke-dasharray', '6,4').attr('d', line(panel.reference.values));
  }

  styleAxis(g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0, ${height})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 70))).tickSizeOuter(0)));
  styleAxis(g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('~g')).tickSizeOuter(0)));
  const titleWidth = width + MARGIN.left - 10;
  g.append('text').attr('class', 'panel-title').attr('x', -MARGIN.left + 10).attr('y', -MARGIN.top + 16)
    .attr('font-size', 12.5).attr('font-weight', 'bold').attr('fill', COLORS.text).text(fitText(panel.title, titleWidth, 12.5));
  const unit = scale === 1 ? panel.unit : `${scaleLabel(scale)} ${panel.unit}`;
  g.append('text').attr('class', 'panel-unit').attr('x', -MARGIN.left + 10).attr('y', -MARGIN.top + 31)
    .attr('font-size', 10.5).attr('fill', COLORS.muted).text(fitText(unit === '1' ? 'dimensionless' : unit, titleWidth, 10.5));
  g.append('text').attr('class', 'axis-label').attr('x', width / 2).attr('y', height + 32).attr('text-anchor', 'middle')
    .attr('font-size', 10.5).attr('fill', COLORS.muted).text(`time (${time.unit}s)`);
}
