import * as d3 from 'd3';
import { DAYS_PER, type TimeUnit } from '../model/timeUnits.ts';

/**
 * Small-multiple time-series charts: one panel per quantity, one line per run, event
 * markers, axes with units. One code path for Node (linkedom) and the browser: pass the
 * document to draw in; get back an <svg> element.
 */
export interface LineSeries {
  label: string;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  color?: string;
}

export interface Marker {
  time: number;
  label: string;
}

export interface Panel {
  title: string;
  unit: string;
  series: LineSeries[];
}

export interface ChartOptions {
  title?: string;
  subtitle?: string;
  /** The unit the series' times are in. */
  timeUnit: TimeUnit;
  markers?: Marker[];
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
  /** Logarithmic value axes (panels with non-positive values stay linear). */
  log?: boolean;
  legend?: boolean;
}

/** Okabe & Ito's colour-blind-safe palette (black last). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

const MARGIN = { top: 40, right: 14, bottom: 38, left: 64 };
const TEXT = '#222';
const MUTED = '#666';
const GRID = '#e6e6e6';

export function timeSeriesChart(document: Document, panels: Panel[], options: ChartOptions): SVGSVGElement {
  const columns = Math.max(1, Math.min(options.columns ?? (panels.length <= 4 ? 2 : 3), panels.length));
  const panelWidth = options.panelWidth ?? 340;
  const panelHeight = options.panelHeight ?? 210;
  const rows = Math.ceil(panels.length / columns);
  const labels = uniqueLabels(panels);
  const showLegend = options.legend ?? labels.length > 1;
  const markerNote = describeMarkers(options.markers ?? [], options.timeUnit);
  const header = (options.title ? 30 : 8) + (options.subtitle ? 18 : 0) + (markerNote ? 16 : 0) + (showLegend ? 26 : 0);
  const width = columns * panelWidth;
  const height = header + rows * panelHeight + 8;
  const color = (label: string, fallback?: string) => fallback ?? PALETTE[labels.indexOf(label) % PALETTE.length];

  const maxTime = d3.max(panels.flatMap((p) => p.series.map((s) => (s.times.length ? s.times[s.times.length - 1] : 0)))) ?? 1;
  const display = displayTimeUnit(options.timeUnit, maxTime);

  const svg = d3.select(document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', 11)
    .attr('role', 'img');
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', '#ffffff');
  if (options.title) {
    svg.append('title').text(options.title);
    svg.append('text').attr('x', 12).attr('y', 22).attr('font-size', 16).attr('font-weight', 'bold').attr('fill', TEXT).text(options.title);
  }
  if (options.subtitle) {
    svg.append('text').attr('x', 12).attr('y', options.title ? 42 : 20).attr('font-size', 11).attr('fill', MUTED).text(options.subtitle);
  }
  if (markerNote) {
    svg.append('text').attr('class', 'marker-note').attr('x', 12).attr('y', (options.title ? 30 : 8) + (options.subtitle ? 18 : 0) + 12)
      .attr('font-size', 10.5).attr('fill', MUTED).text(markerNote);
  }
  if (showLegend) {
    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(12, ${header - 14})`);
    let x = 0;
    for (const label of labels) {
      const item = legend.append('g').attr('transform', `translate(${x}, 0)`);
      item.append('line').attr('x1', 0).attr('x2', 18).attr('y1', -4).attr('y2', -4).attr('stroke', color(label)).attr('stroke-width', 2.5);
      item.append('text').attr('x', 23).attr('y', 0).attr('fill', TEXT).text(label);
      x += 32 + label.length * 6.6;
    }
  }

  panels.forEach((panel, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const g = svg.append('g')
      .attr('class', 'panel')
      .attr('data-title', panel.title)
      .attr('transform', `translate(${column * panelWidth + MARGIN.left}, ${header + row * panelHeight + MARGIN.top})`);
    drawPanel(g, panel, {
      width: panelWidth - MARGIN.left - MARGIN.right,
      height: panelHeight - MARGIN.top - MARGIN.bottom,
      display,
      maxTime,
      log: options.log ?? false,
      markers: options.markers ?? [],
      color,
    });
  });
  return svg.node()!;
}

interface PanelLayout {
  width: number;
  height: number;
  display: { unit: string; factor: number };
  maxTime: number;
  log: boolean;
  markers: Marker[];
  color: (label: string, fallback?: string) => string;
}

function drawPanel(g: d3.Selection<SVGGElement, unknown, null, undefined>, panel: Panel, layout: PanelLayout): void {
  const { width, height, display } = layout;
  const x = d3.scaleLinear().domain([0, layout.maxTime / display.factor]).range([0, width]);
  const values = panel.series.flatMap((s) => Array.from(s.values).filter(Number.isFinite));
  const useLog = layout.log && values.length > 0 && values.every((v) => v > 0);
  const [low, high] = valueDomain(values, useLog);
  const scale = useLog ? 1 : engineeringScale(Math.max(Math.abs(low), Math.abs(high)));
  const y = useLog
    ? d3.scaleLog().domain([low, high]).range([height, 0]).nice()
    : d3.scaleLinear().domain([low / scale, high / scale]).range([height, 0]).nice();

  g.append('g').attr('class', 'grid').selectAll('line').data(y.ticks(5)).join('line')
    .attr('x1', 0).attr('x2', width).attr('y1', (d) => y(d)).attr('y2', (d) => y(d)).attr('stroke', GRID);

  const markerTimes = [...new Set(layout.markers.map((m) => m.time))];
  const markers = g.append('g').attr('class', 'markers');
  if (markerTimes.length <= 24) {
    markers.selectAll('line').data(markerTimes).join('line')
      .attr('x1', (t) => x(t / display.factor)).attr('x2', (t) => x(t / display.factor))
      .attr('y1', 0).attr('y2', height).attr('stroke', '#999').attr('stroke-dasharray', '3,3');
  } else {
    // Frequent events (e.g. daily dosing) become a rug along the time axis.
    markers.selectAll('line').data(markerTimes).join('line')
      .attr('x1', (t) => x(t / display.factor)).attr('x2', (t) => x(t / display.factor))
      .attr('y1', height - 5).attr('y2', height).attr('stroke', '#999');
  }

  for (const series of panel.series) {
    const times = series.times;
    const path = d3.line<number>()
      .defined((v) => Number.isFinite(v) && (!useLog || v > 0))
      .x((_, i) => x(times[i] / display.factor))
      .y((v) => y(useLog ? v : v / scale));
    g.append('path')
      .attr('class', 'series')
      .attr('data-label', series.label)
      .attr('fill', 'none')
      .attr('stroke', layout.color(series.label, series.color))
      .attr('stroke-width', 1.8)
      .attr('stroke-linejoin', 'round')
      .attr('d', path(Array.from(series.values)) ?? '');
  }

  const xAxis = g.append('g').attr('transform', `translate(0, ${height})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 70))));
  const yAxis = g.append('g').call(useLog ? d3.axisLeft(y).ticks(4, '~g') : d3.axisLeft(y).ticks(5).tickFormat(d3.format('~g')));
  for (const axis of [xAxis, yAxis]) axis.attr('font-family', null).attr('font-size', 10).attr('color', MUTED);

  g.append('text').attr('class', 'panel-title').attr('x', -MARGIN.left + 10).attr('y', -24).attr('font-size', 12).attr('font-weight', 'bold').attr('fill', TEXT)
    .text(fitText(panel.title, width + MARGIN.left - 10, 12 * 0.62));
  const unitLabel = scale === 1 ? panel.unit : `${scaleLabel(scale)} ${panel.unit}`;
  g.append('text').attr('class', 'panel-unit').attr('x', -MARGIN.left + 10).attr('y', -9).attr('font-size', 10).attr('fill', MUTED)
    .text(`${unitLabel === '1' ? 'dimensionless' : unitLabel}${useLog ? ', log scale' : ''}`);
  g.append('text').attr('x', width / 2).attr('y', height + 32).attr('text-anchor', 'middle').attr('font-size', 10).attr('fill', MUTED)
    .text(`time (${display.unit})`);
}

/** Show years for runs of two years or more, otherwise the model's own unit. */
export function displayTimeUnit(unit: TimeUnit, maxTime: number): { unit: string; factor: number } {
  const days = maxTime * DAYS_PER[unit];
  if (days >= 730) return { unit: 'year', factor: DAYS_PER.year / DAYS_PER[unit] };
  return { unit, factor: 1 };
}

/** A domain that never zooms into rounding noise: flat series get a +-0.5 % band. */
function valueDomain(values: number[], log: boolean): [number, number] {
  if (!values.length) return [0, 1];
  let low = d3.min(values)!;
  let high = d3.max(values)!;
  const middle = (low + high) / 2;
  const span = high - low;
  const minimum = Math.max(Math.abs(middle) * 0.01, Number.MIN_VALUE * 1e10);
  if (span < minimum) {
    low = middle - minimum / 2;
    high = middle + minimum / 2;
  }
  if (!log && low > 0 && low < 0.25 * high) low = 0; // show the baseline when it is near
  return [low, high];
}

/** A power of 1000 that brings the largest value into [1, 1000), for readable tick labels. */
function engineeringScale(largest: number): number {
  if (!(largest > 0) || (largest >= 0.01 && largest < 1e4)) return 1;
  return 10 ** (3 * Math.floor(Math.log10(largest) / 3));
}

function scaleLabel(scale: number): string {
  const exponent = Math.round(Math.log10(scale));
  const superscript = String(exponent).replace(/-/g, '\u207b').replace(/\d/g, (d) => '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079'[Number(d)]);
  return `\u00d710${superscript}`;
}

/** "dashed lines: day 20 PTH infusion starts; day 80 PTH infusion stops", or a count when there are many. */
function describeMarkers(markers: Marker[], unit: TimeUnit): string {
  if (!markers.length) return '';
  const distinct = [...new Map(markers.map((m) => [`${m.time}|${m.label}`, m])).values()];
  if (distinct.length > 6) return `grey ticks: ${distinct.length} events (${[...new Set(distinct.map((m) => m.label))].slice(0, 3).join('; ')})`;
  return `dashed lines: ${distinct.map((m) => `${unit} ${Number(m.time.toPrecision(6))} ${m.label}`).join('; ')}`;
}

/** Truncate text to about the width it may take (average glyph width given), with an ellipsis. */
function fitText(text: string, width: number, glyph: number): string {
  const room = Math.floor(width / glyph);
  return text.length > room ? `${text.slice(0, Math.max(1, room - 1))}\u2026` : text;
}

function uniqueLabels(panels: Panel[]): string[] {
  const labels: string[] = [];
  for (const panel of panels) for (const s of panel.series) if (!labels.includes(s.label)) labels.push(s.label);
  return labels;
}
