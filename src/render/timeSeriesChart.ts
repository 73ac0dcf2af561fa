import * as d3 from 'd3';
import { drawPanel, markerSets, PANEL_TITLE, panelTitleLines } from './chartPanel.ts';
import { displayTimeUnit, shortNumber, textWidth, wrapText } from './chartText.ts';
import { COLORS, FONT_FAMILY, PALETTE, type ChartOptions, type LegendItem, type LineSeries, type Marker, type Panel } from './chartTypes.ts';

export type { ChartOptions, LegendItem, LineSeries, Marker, Panel } from './chartTypes.ts';
export { PALETTE, FONT_FAMILY, BASELINE_COLOR } from './chartTypes.ts';

/**
 * Small-multiple time-series charts: one panel per quantity, one line per run, event
 * markers, axes with units, a legend. One code path for Node and the browser: give it the
 * data and the options (with the document to draw in) and get back an <svg> element.
 */
const MARGIN = { top: 42, right: 16, bottom: 40, left: 66 };
/** Extra room on the right for end labels. */
const END_LABEL_ROOM = 58;
const LEGEND_ROW = 18;

/**
 * Draw panels of time series as one SVG element, in the document given (the browser's, or createDocument() in Node).
 *
 * @example
 * ```ts
 * const days = [0, 1, 2, 3];
 * const svg = timeSeriesChart(
 *   [{ title: 'Active osteoclasts', unit: 'pM', series: [{ label: 'run', times: days, values: days.map((t) => 1e-3 * Math.exp(-t)) }] }],
 *   { timeUnit: 'day', document: createDocument() },
 * );
 * ```
 */
export function timeSeriesChart(panels: Panel[], options: ChartOptions): SVGSVGElement {
  const document = options.document ?? globalThis.document;
  if (!document) throw new Error('timeSeriesChart needs a document: pass options.document (createDocument() in Node)');
  const columns = Math.max(1, Math.min(options.columns ?? (panels.length <= 4 ? 2 : 3), panels.length));
  const panelWidth = options.panelWidth ?? 340;
  const plotWidth = panelWidth - MARGIN.left - MARGIN.right - (options.endLabels ? END_LABEL_ROOM : 0);
  // Long titles wrap onto a second line (never run into the next panel); every panel gets that room.
  const panelTitleRows = Math.max(1, ...panels.map((p) => panelTitleLines(p.title, plotWidth, MARGIN.left, 2).length));
  const margin = { ...MARGIN, top: MARGIN.top + (panelTitleRows - 1) * PANEL_TITLE.lineHeight };
  const panelHeight = (options.panelHeight ?? 220) + (panelTitleRows - 1) * PANEL_TITLE.lineHeight;
  const rows = Math.ceil(panels.length / columns);
  const width = columns * panelWidth;
  const idPrefix = options.idPrefix ?? 'chart';

  const legendItems = options.legendItems ?? defaultLegend(panels);
  const color = new Map(legendItems.map((item) => [item.label, item.color]));
  const colorOf = (series: LineSeries) => series.color ?? color.get(series.label) ?? PALETTE[0];
  const showLegend = (options.legend ?? legendItems.length > 1) && legendItems.length > 0;
  const legendRows = showLegend ? layoutLegend(legendItems, width - 24) : [];
  const markers = options.markers ?? [];
  const maxTime = d3.max(panels.flatMap((p) => p.series.map((s) => (s.times.length ? s.times[s.times.length - 1] : 0)))) ?? 1;
  const display = displayTimeUnit(options.timeUnit, maxTime);
  const noteLines = wrapText(options.markerNote ?? describeMarkers(markers, display), width - 24, 10.5);

  const titleLines = options.title ? wrapText(options.title, width - 24, 16) : [];
  const subtitleLines = options.subtitle ? wrapText(options.subtitle, width - 24, 11.5) : [];
  let cursor = 8;
  const titleY = titleLines.map(() => (cursor += 22));
  const subtitleY = subtitleLines.map(() => (cursor += 17));
  const noteY = noteLines.map(() => (cursor += 15));
  const legendY = legendRows.map(() => (cursor += LEGEND_ROW));
  const header = cursor + 6;
  const height = header + rows * panelHeight + 6;

  const svg = d3.select(document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', 11)
    .attr('role', 'img');
  if (options.title) svg.append('title').text(options.title);
  if (options.description) svg.append('desc').text(options.description);
  svg.append('rect').attr('class', 'background').attr('width', width).attr('height', height).attr('fill', COLORS.background);
  titleLines.forEach((line, i) => {
    svg.append('text').attr('class', 'chart-title').attr('x', 12).attr('y', titleY[i]).attr('font-size', 16).attr('font-weight', 'bold')
      .attr('fill', COLORS.text).text(line);
  });
  subtitleLines.forEach((line, i) => {
    svg.append('text').attr('class', 'chart-subtitle').attr('x', 12).attr('y', subtitleY[i]).attr('font-size', 11.5).attr('fill', COLORS.muted).text(line);
  });
  noteLines.forEach((line, i) => {
    svg.append('text').attr('class', 'marker-note').attr('x', 12).attr('y', noteY[i]).attr('font-size', 10.5).attr('fill', COLORS.muted).text(line);
  });
  if (showLegend) {
    const legend = svg.append('g').attr('class', 'legend');
    legendRows.forEach((row, r) => {
      for (const { item, x } of row) {
        const entry = legend.append('g').attr('class', 'legend-item').attr('transform', `translate(${12 + x}, ${legendY[r]})`);
        const line = entry.append('line').attr('x1', 0).attr('x2', 22).attr('y1', -4).attr('y2', -4).attr('stroke', item.color).attr('stroke-width', 2.5);
        if (item.dash) line.attr('stroke-dasharray', item.dash);
        entry.append('text').attr('x', 28).attr('y', 0).attr('fill', COLORS.text).text(item.label);
      }
    });
  }

  panels.forEach((panel, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const g = svg.append('g')
      .attr('class', 'panel')
      .attr('data-title', panel.title)
      .attr('transform', `translate(${column * panelWidth + margin.left}, ${header + row * panelHeight + margin.top})`);
    drawPanel(g, panel, {
      width: plotWidth,
      endLabels: options.endLabels ?? false,
      height: panelHeight - margin.top - margin.bottom,
      time: { ...display, max: maxTime > 0 ? maxTime : 1 },
      log: options.log ?? false,
      markers,
      colorOf,
      clipId: `${idPrefix}-clip-${index}`,
      margin,
      titleLines: panelTitleRows,
    });
  });
  return svg.node()!;
}

function defaultLegend(panels: Panel[]): LegendItem[] {
  const items = new Map<string, LegendItem>();
  for (const panel of panels) {
    for (const s of panel.series) {
      if (!items.has(s.label)) items.set(s.label, { label: s.label, color: s.color ?? PALETTE[items.size % PALETTE.length], dash: s.dash });
    }
  }
  return [...items.values()];
}

/** Legend entries flowed into rows that fit the width. */
function layoutLegend(items: LegendItem[], width: number): { item: LegendItem; x: number }[][] {
  const rows: { item: LegendItem; x: number }[][] = [[]];
  let x = 0;
  for (const item of items) {
    const w = 28 + textWidth(item.label, 11) + 18;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push({ item, x });
    x += w;
  }
  return rows;
}

/**
 * "dashed lines: day 20 PTH infusion starts; day 80 PTH infusion stops"; a repeating event (a dose)
 * is described once: "teriparatide 20 ug s.c.: 640 times, every 1 day from day 0 to 639".
 */
export function describeMarkers(markers: Marker[], display: { unit: string; factor: number }): string {
  if (!markers.length) return '';
  const at = (t: number) => `${display.unit} ${shortNumber(t / display.factor, 3)}`;
  const single: string[] = [];
  const repeated: string[] = [];
  for (const set of markerSets(markers)) {
    const times = set.markers.map((m) => m.time);
    if (times.length === 1) {
      single.push(`${at(times[0])} ${set.label}`);
      continue;
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const regular = gaps.every((g) => Math.abs(g - gaps[0]) <= 1e-6 * Math.max(1, gaps[0]));
    const every = regular ? `every ${shortNumber(gaps[0] / display.factor, 3)} ${display.unit}, ` : '';
    repeated.push(`${set.label}: ${times.length} times, ${every}from ${at(times[0])} to ${shortNumber(times[times.length - 1] / display.factor, 3)}`);
  }
  const parts: string[] = [];
  if (single.length > 6) parts.push(`ticks: ${single.length} events`);
  else if (single.length) parts.push(`dashed lines: ${single.join('; ')}`);
  if (repeated.length) parts.push(`${single.length ? '' : 'ticks and bands: '}${repeated.join('; ')}`);
  return parts.join('; ');
}
