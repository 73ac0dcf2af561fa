import * as d3 from 'd3';
import { engineeringScale, fitText, scaleLabel, wrapLines } from './chartText.ts';
import { simplifyLine } from './simplifyLine.ts';
import { COLORS, type Marker, type Panel, type LineSeries } from './chartTypes.ts';

/** One panel of a small-multiple chart: grid, event markers, lines, axes with units, title. */
export interface PanelLayout {
  width: number;
  height: number;
  /** Time axis: data times are divided by `factor` and labelled in `unit`. */
  time: { unit: string; factor: number; max: number };
  log: boolean;
  markers: Marker[];
  colorOf: (series: LineSeries) => string;
  /** Unique within the page: the clip path's id. */
  clipId: string;
  /** Label each line's last value at its right end. */
  endLabels: boolean;
  margin: { top: number; left: number };
  /** How many lines a panel title may take (the chart gives every panel the room of the longest). */
  titleLines: number;
}

/** Panel titles: 12.5 px bold, wrapped to the panel's width. */
export const PANEL_TITLE = { size: 12.5, lineHeight: 15 };

/** The lines of a panel title in the room a panel of that plot width has. */
export function panelTitleLines(title: string, plotWidth: number, marginLeft: number, maxLines: number): string[] {
  return wrapLines(title, plotWidth + marginLeft - 10, PANEL_TITLE.size, maxLines, true);
}

type Group = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Below this fraction of the largest value, a log axis stops (a decay to 0 would need endless decades). */
const LOG_FLOOR = 1e-4;

export function drawPanel(g: Group, panel: Panel, layout: PanelLayout): void {
  const { width, height, time } = layout;
  const x = d3.scaleLinear().domain([0, time.max / time.factor]).range([0, width]);
  const range = valueRange(panel.series);
  // A log axis draws the positive values; zeros (a knockout) are left out and the unit line says so.
  const useLog = layout.log && range.positiveCount > 0;
  const [low, high] = useLog ? logDomain(range) : valueDomain(range);
  const scale = useLog ? 1 : engineeringScale(Math.max(Math.abs(low), Math.abs(high)));
  const y = useLog
    ? d3.scaleLog().domain([low, high]).range([height, 0])
    : d3.scaleLinear().domain([low / scale, high / scale]).range([height, 0]).nice();

  g.append('clipPath').attr('id', layout.clipId)
    .append('rect').attr('x', 0).attr('y', -1).attr('width', width).attr('height', height + 2);

  const yTicks = useLog ? logTicks(y as d3.ScaleLogarithmic<number, number>) : (y as d3.ScaleLinear<number, number>).ticks(5);
  g.append('g').attr('class', 'grid').selectAll('line').data(yTicks).join('line')
    .attr('x1', 0).attr('x2', width).attr('y1', (d) => y(d)).attr('y2', (d) => y(d)).attr('stroke', COLORS.grid);

  drawMarkers(g, layout, x);

  const lines = g.append('g').attr('class', 'lines').attr('clip-path', `url(#${layout.clipId})`);
  for (const series of panel.series) {
    const d = linePath(series, (t) => x(t / time.factor), (v) => y(useLog ? v : v / scale), useLog);
    const path = lines.append('path')
      .attr('class', 'series')
      .attr('data-label', series.label)
      .attr('fill', 'none')
      .attr('stroke', layout.colorOf(series))
      .attr('stroke-width', series.width ?? 2)
      .attr('stroke-linejoin', 'round')
      .attr('stroke-linecap', 'round')
      .attr('d', d);
    if (series.dash) path.attr('stroke-dasharray', series.dash);
    path.append('title').text(series.label);
  }

  if (layout.endLabels) {
    const largest = Math.max(Math.abs(low), Math.abs(high)) / (useLog ? 1 : scale);
    drawEndLabels(g, panel, layout, (v) => y(useLog ? v : v / scale), (v) => (useLog ? v : v / scale), 1e-4 * largest);
  }

  const xAxis = g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0, ${height})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 70))).tickSizeOuter(0));
  const yAxis = g.append('g').attr('class', 'axis y-axis')
    .call(useLog
      ? d3.axisLeft(y).tickValues(yTicks).tickFormat(logTickFormat).tickSizeOuter(0)
      : d3.axisLeft(y).ticks(5).tickFormat(d3.format('~g')).tickSizeOuter(0));
  for (const axis of [xAxis, yAxis]) axis.attr('font-family', null).attr('font-size', 10.5).attr('color', COLORS.muted);

  const titleWidth = width + layout.margin.left - 10;
  const titleLines = panelTitleLines(panel.title, width, layout.margin.left, layout.titleLines);
  const title = g.append('text').attr('class', 'panel-title').attr('x', -layout.margin.left + 10).attr('y', -layout.margin.top + 16)
    .attr('font-size', PANEL_TITLE.size).attr('font-weight', 'bold').attr('fill', COLORS.text);
  titleLines.forEach((line, i) => title.append('tspan').attr('x', -layout.margin.left + 10).attr('dy', i ? PANEL_TITLE.lineHeight : 0).text(line));
  if (titleLines.join(' ') !== panel.title) title.append('title').text(panel.title);
  // A dimensionless quantity says so once; a scale factor stands alone before it.
  const dimensionless = panel.unit === '1' || panel.unit === '';
  const unit = scale === 1 ? (dimensionless ? 'dimensionless' : panel.unit) : `${scaleLabel(scale)}${dimensionless ? ' (dimensionless)' : ` ${panel.unit}`}`;
  const omitted = useLog && range.positiveCount < range.count ? ', values \u2264 0 not drawn' : '';
  const unitText = `${unit}${useLog ? `, log scale${omitted}` : layout.log ? ' (linear: no positive values)' : ''}`;
  g.append('text').attr('class', 'panel-unit').attr('x', -layout.margin.left + 10).attr('y', -layout.margin.top + 16 + layout.titleLines * PANEL_TITLE.lineHeight)
    .attr('font-size', 10.5).attr('fill', COLORS.muted).text(fitText(unitText, titleWidth, 10.5));
  g.append('text').attr('class', 'axis-label').attr('x', width / 2).attr('y', height + 32).attr('text-anchor', 'middle')
    .attr('font-size', 10.5).attr('fill', COLORS.muted).text(`time (${time.unit}s)`);
}

/** Each line's last value beside its end, nudged apart so labels never overlap. */
function drawEndLabels(g: Group, panel: Panel, layout: PanelLayout, yOf: (v: number) => number, shown: (v: number) => number, negligible: number): void {
  const GAP = 12;
  const labels = panel.series.flatMap((series) => {
    for (let i = Math.min(series.values.length, series.times.length) - 1; i >= 0; i--) {
      const v = series.values[i];
      if (Number.isFinite(v) && yOf(v) >= -1 && yOf(v) <= layout.height + 1) return [{ series, value: v, y: yOf(v) }];
      if (Number.isFinite(v)) return [];
    }
    return [];
  }).sort((a, b) => a.y - b.y);
  // Push labels down where they crowd, then back up if the last one falls off the bottom.
  for (let k = 1; k < labels.length; k++) labels[k].y = Math.max(labels[k].y, labels[k - 1].y + GAP);
  // The lowest label's text (drawn 4 px below its y) stays above the time axis.
  const overflow = labels.length ? labels[labels.length - 1].y - (layout.height - 4) : 0;
  if (overflow > 0) labels.forEach((l) => (l.y -= overflow));
  for (let k = labels.length - 2; k >= 0; k--) labels[k].y = Math.min(labels[k].y, labels[k + 1].y - GAP);
  g.append('g').attr('class', 'end-labels').selectAll('text').data(labels).join('text')
    .attr('x', layout.width + 6).attr('y', (l) => l.y + 4)
    .attr('font-size', 10.5).attr('font-weight', 'bold').attr('fill', (l) => layout.colorOf(l.series))
    .text((l) => (Math.abs(shown(l.value)) < negligible ? '\u22480' : d3.format('.3~g')(shown(l.value))));
}

function drawMarkers(g: Group, layout: PanelLayout, x: d3.ScaleLinear<number, number>): void {
  const group = g.append('g').attr('class', 'markers');
  const at = (m: Marker) => x(m.time / layout.time.factor);
  for (const set of markerSets(layout.markers)) {
    const positions = set.markers.map(at);
    const span = positions[positions.length - 1] - positions[0];
    // Events closer than 3 px apart (daily dosing over years) cannot be told apart: draw their span as a band.
    if (set.markers.length > 24 && span / (set.markers.length - 1) < 3) {
      group.append('rect').attr('class', 'marker-band')
        .attr('x', positions[0]).attr('width', Math.max(1, span)).attr('y', layout.height - 6).attr('height', 6)
        .attr('fill', set.color ?? COLORS.marker).attr('fill-opacity', 0.45)
        .append('title').text(`${set.markers.length} \u00d7 ${set.label}`);
      continue;
    }
    const many = layout.markers.length > 24;
    group.append('g').selectAll('line').data(set.markers).join('line')
      .attr('x1', at).attr('x2', at)
      .attr('y1', many ? layout.height - 5 : 0).attr('y2', layout.height)
      .attr('stroke', set.color ?? COLORS.marker)
      .attr('stroke-opacity', many ? 0.8 : 0.55)
      .attr('stroke-dasharray', many ? null : '4,3')
      .append('title').text((m) => m.label);
  }
}

/** Markers grouped by label and colour (one dosing regimen, one event), each group in time order, duplicates dropped. */
export function markerSets(markers: readonly Marker[]): Array<{ label: string; color?: string; markers: Marker[] }> {
  const sets = new Map<string, { label: string; color?: string; markers: Marker[] }>();
  for (const m of markers) {
    const key = `${m.label}|${m.color ?? ''}`;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { label: m.label, color: m.color, markers: [] }));
    set.markers.push(m);
  }
  for (const set of sets.values()) {
    set.markers.sort((a, b) => a.time - b.time);
    set.markers = set.markers.filter((m, i) => i === 0 || m.time !== set.markers[i - 1].time);
  }
  return [...sets.values()];
}

/** SVG path data for a series, split at undefined values and thinned to what can be seen. */
function linePath(series: LineSeries, xOf: (t: number) => number, yOf: (v: number) => number, log: boolean): string {
  const n = Math.min(series.times.length, series.values.length);
  const parts: string[] = [];
  let start = 0;
  while (start < n) {
    while (start < n && !usable(series.values[start], log)) start++;
    let end = start;
    while (end < n && usable(series.values[end], log)) end++;
    if (end > start) {
      const xs = new Float64Array(end - start);
      const ys = new Float64Array(end - start);
      for (let i = start; i < end; i++) {
        xs[i - start] = xOf(series.times[i]);
        ys[i - start] = yOf(series.values[i]);
      }
      const [px, py] = decimateByPixel(xs, ys);
      const kept = simplifyLine(px, py);
      let d = '';
      kept.forEach((k, j) => (d += `${j ? 'L' : 'M'}${round(px[k])},${round(py[k])}`));
      parts.push(d);
    }
    start = end;
  }
  return parts.join('');
}

function usable(v: number, log: boolean): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}

function round(v: number): number {
  // Clamp far-off-panel points (a log axis floor) so the path stays well-formed.
  return Math.round(Math.max(-1e5, Math.min(1e5, v)) * 100) / 100;
}

/** The extent of the series' finite values in one pass (a million-point run builds no arrays). */
interface ValueRange {
  count: number;
  min: number;
  max: number;
  positiveCount: number;
  minPositive: number;
}

function valueRange(series: readonly LineSeries[]): ValueRange {
  const r: ValueRange = { count: 0, min: Infinity, max: -Infinity, positiveCount: 0, minPositive: Infinity };
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) continue;
      r.count++;
      if (v < r.min) r.min = v;
      if (v > r.max) r.max = v;
      if (v > 0) {
        r.positiveCount++;
        if (v < r.minPositive) r.minPositive = v;
      }
    }
  }
  return r;
}

/**
 * Points that share a pixel column cannot be told apart: keep, per column, the first, lowest,
 * highest and last (in time order), so the drawn envelope is exact and a million samples
 * become a few per pixel before the line is simplified.
 */
export function decimateByPixel(xs: Float64Array, ys: Float64Array): [Float64Array, Float64Array] {
  const n = xs.length;
  if (n <= 4096) return [xs, ys];
  const outX = new Float64Array(n);
  const outY = new Float64Array(n);
  let size = 0;
  let start = 0;
  while (start < n) {
    const column = Math.floor(xs[start]);
    let end = start;
    let low = start;
    let high = start;
    while (end + 1 < n && Math.floor(xs[end + 1]) === column) {
      end++;
      if (ys[end] < ys[low]) low = end;
      if (ys[end] > ys[high]) high = end;
    }
    const keep = [...new Set([start, low, high, end])].sort((a, b) => a - b);
    for (const k of keep) {
      outX[size] = xs[k];
      outY[size++] = ys[k];
    }
    start = end + 1;
  }
  return [outX.slice(0, size), outY.slice(0, size)];
}

/**
 * The positive values with a little room, at most log10(1/LOG_FLOOR) decades deep; a domain
 * spanning more than a decade is widened to the next 1, 2 or 5 so its ends carry ticks.
 */
function logDomain(range: ValueRange): [number, number] {
  const high = range.max;
  const low = Math.max(range.minPositive, high * LOG_FLOOR);
  const pad = Math.max(1.005, (high / low) ** 0.03);
  if (high / low <= 10) return [low / pad, high * pad];
  return [niceStep(low, 'down'), niceStep(high, 'up')];
}

/** The nearest of 1, 2 or 5 times a power of ten below (or above) the value. */
function niceStep(value: number, direction: 'up' | 'down'): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  return direction === 'up' ? steps.find((s) => s >= value * (1 - 1e-12))! : [...steps].reverse().find((s) => s <= value * (1 + 1e-12))!;
}

/** A domain that never zooms into rounding noise: flat series get a +-0.5 % band. */
function valueDomain(range: ValueRange): [number, number] {
  if (!range.count) return [0, 1];
  let low = range.min;
  let high = range.max;
  const middle = (low + high) / 2;
  // A series that is 0 up to rounding (a drug never given) is drawn at 0 on a plain 0..1 axis.
  if (Math.max(Math.abs(low), Math.abs(high)) < 1e-30) return [0, 1];
  const minimum = Math.max(Math.abs(middle) * 0.01, Number.MIN_VALUE * 1e10);
  if (high - low < minimum) {
    low = middle - minimum / 2;
    high = middle + minimum / 2;
  }
  if (low > 0 && low < 0.25 * high) low = 0; // show zero when it is near
  return [low, high];
}

/** Powers of ten (and 2 and 5 between them when there are few decades). */
function logTicks(y: d3.ScaleLogarithmic<number, number>): number[] {
  const [low, high] = y.domain();
  const decades = Math.log10(high / low);
  const ticks = y.ticks(decades > 3 ? 4 : 6).filter((t) => {
    const mantissa = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
    return decades > 3 ? Math.abs(mantissa - 1) < 1e-6 : [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
  });
  return ticks.length >= 2 ? ticks : y.ticks(5);
}

/** 0.5, 20, or 10⁻⁴ and 2×10⁻⁴ outside the readable range. */
function logTickFormat(value: d3.NumberValue): string {
  const v = Number(value);
  if (v >= 1e-3 && v < 1e5) return d3.format('~g')(v);
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Number((v / 10 ** exponent).toPrecision(3));
  const power = scaleLabel(10 ** exponent).slice(1);
  return mantissa === 1 ? power : `${mantissa}\u00d7${power}`;
}
