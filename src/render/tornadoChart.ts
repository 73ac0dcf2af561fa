import * as d3 from 'd3';
import { chartFrame, labelColumnWidth, styleAxis, type FrameLegendItem, type Group } from './chartFrame.ts';
import { fitText, wrapText } from './chartText.ts';
import { COLORS, PALETTE } from './chartTypes.ts';

/**
 * Tornado charts: one horizontal bar per parameter, largest effect on top, signed around zero
 * (local sensitivities) or all positive (Morris mu*), with an optional interval whisker per bar and
 * an optional second measure as a point (Morris sigma). One panel per metric, side by side.
 */
export interface TornadoBar {
  label: string;
  value: number;
  interval?: [number, number];
  /** A second measure on the same axis, drawn as a diamond (e.g. Morris sigma). */
  secondary?: number;
}

export interface TornadoPanel {
  title: string;
  /** What the bars measure, under the axis (e.g. "d ln(bone change) / d ln(parameter)"). */
  axisLabel: string;
  bars: TornadoBar[];
}

export interface TornadoChartOptions {
  document?: Document;
  title?: string;
  subtitle?: string;
  note?: string;
  description?: string;
  /** Legend text for the bars; with `negative`, negative bars get their own colour and entry. */
  positive?: string;
  negative?: string;
  interval?: string;
  secondary?: string;
  panelWidth?: number;
  barHeight?: number;
  /** Bars shown per panel (the rest are counted in a line below). */
  maxBars?: number;
}

const MARGIN = { top: 40, right: 44, bottom: 44 };

export function tornadoChart(panels: TornadoPanel[], options: TornadoChartOptions = {}): SVGSVGElement {
  const panelWidth = options.panelWidth ?? 460;
  const barHeight = options.barHeight ?? 20;
  const maxBars = options.maxBars ?? 20;
  const width = panelWidth * Math.max(1, panels.length);
  const anyNegative = panels.some((p) => p.bars.some((b) => b.value < 0));
  const signed = anyNegative && options.negative !== undefined;
  const legend: FrameLegendItem[] = [
    { label: options.positive ?? 'effect', color: PALETTE[0], swatch: 'bar' },
    ...(signed ? [{ label: options.negative!, color: PALETTE[1], swatch: 'bar' as const }] : []),
    ...(options.interval && panels.some((p) => p.bars.some((b) => b.interval)) ? [{ label: options.interval, color: COLORS.text, swatch: 'whisker' as const }] : []),
    ...(options.secondary && panels.some((p) => p.bars.some((b) => b.secondary !== undefined)) ? [{ label: options.secondary, color: PALETTE[4], swatch: 'point' as const }] : []),
  ];
  const { svg, header, finish } = chartFrame(width, { ...options, legend }, 'tornadoChart');
  const rows = Math.min(maxBars, Math.max(1, ...panels.map((p) => p.bars.length)));
  const plotHeight = rows * barHeight;
  const labelWidth = labelColumnWidth(panels.flatMap((p) => p.bars.map((b) => b.label)), panelWidth);
  panels.forEach((panel, index) => {
    const g = svg.append('g').attr('class', 'panel').attr('data-title', panel.title)
      .attr('transform', `translate(${index * panelWidth + labelWidth}, ${header + MARGIN.top})`);
    drawTornadoPanel(g, panel, { width: panelWidth - labelWidth - MARGIN.right, barHeight, maxBars, signed, labelWidth });
  });
  return finish(header + MARGIN.top + plotHeight + MARGIN.bottom + 18);
}

interface TornadoLayout {
  width: number;
  barHeight: number;
  maxBars: number;
  signed: boolean;
  labelWidth: number;
}

function drawTornadoPanel(g: Group, panel: TornadoPanel, layout: TornadoLayout): void {
  const bars = panel.bars.filter((b) => Number.isFinite(b.value)).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const shown = bars.slice(0, layout.maxBars);
  const extent = [0, ...shown.flatMap((b) => [b.value, ...(b.interval ?? []), ...(b.secondary !== undefined ? [b.secondary] : [])])].filter(Number.isFinite);
  let [low, high] = d3.extent(extent) as [number, number];
  if (low === high) high = low + 1;
  const x = d3.scaleLinear().domain([low, high]).range([0, layout.width]).nice();
  const height = shown.length * layout.barHeight;
  const y = (k: number) => k * layout.barHeight;
  const bar = layout.barHeight * 0.62;

  g.append('g').attr('class', 'grid').selectAll('line').data(x.ticks(5)).join('line')
    .attr('x1', (d) => x(d)).attr('x2', (d) => x(d)).attr('y1', 0).attr('y2', height).attr('stroke', COLORS.grid);
  const rows = g.append('g').attr('class', 'bars').selectAll('g').data(shown).join('g')
    .attr('class', 'bar').attr('data-label', (b) => b.label).attr('transform', (_, k) => `translate(0, ${y(k)})`);
  rows.append('rect')
    .attr('x', (b) => x(Math.min(0, b.value))).attr('y', (layout.barHeight - bar) / 2)
    .attr('width', (b) => Math.abs(x(b.value) - x(0))).attr('height', bar)
    .attr('fill', (b) => (layout.signed && b.value < 0 ? PALETTE[1] : PALETTE[0]));
  rows.filter((b) => b.interval !== undefined && b.interval.every(Number.isFinite)).each(function drawWhisker(b) {
    const row = d3.select(this);
    const [a, c] = b.interval!;
    const mid = layout.barHeight / 2;
    row.append('line').attr('class', 'whisker').attr('x1', x(a)).attr('x2', x(c)).attr('y1', mid).attr('y2', mid).attr('stroke', COLORS.text).attr('stroke-width', 1.2);
    for (const v of [a, c]) row.append('line').attr('x1', x(v)).attr('x2', x(v)).attr('y1', mid - 4).attr('y2', mid + 4).attr('stroke', COLORS.text).attr('stroke-width', 1.2);
  });
  rows.filter((b) => b.secondary !== undefined && Number.isFinite(b.secondary)).append('path').attr('class', 'secondary')
    .attr('d', d3.symbol(d3.symbolDiamond, 48)()).attr('transform', (b) => `translate(${x(b.secondary!)}, ${layout.barHeight / 2})`)
    .attr('fill', PALETTE[4]).attr('stroke', '#ffffff').attr('stroke-width', 0.8);
  rows.append('text').attr('class', 'bar-label').attr('x', -8).attr('y', layout.barHeight / 2 + 4).attr('text-anchor', 'end')
    .attr('font-size', 11).attr('fill', COLORS.text).text((b) => fitText(b.label, layout.labelWidth - 12, 11));
  rows.append('title').text((b) => `${b.label}: ${d3.format('.3~g')(b.value)}${b.interval ? ` (${b.interval.map((v) => d3.format('.3~g')(v)).join(' to ')})` : ''}`);
  g.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', -4).attr('y2', height).attr('stroke', COLORS.muted);

  styleAxis(g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0, ${height})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(layout.width / 70))).tickFormat(d3.format('~g')).tickSizeOuter(0)));
  wrapText(panel.axisLabel, layout.width, 10.5).slice(0, 2).forEach((line, k) => {
    g.append('text').attr('class', 'axis-label').attr('x', layout.width / 2).attr('y', height + 32 + 13 * k).attr('text-anchor', 'middle')
      .attr('font-size', 10.5).attr('fill', COLORS.muted).text(line);
  });
  g.append('text').attr('class', 'panel-title').attr('x', -layout.labelWidth + 10).attr('y', -MARGIN.top + 18)
    .attr('font-size', 12.5).attr('font-weight', 'bold').attr('fill', COLORS.text).text(fitText(panel.title, layout.width + layout.labelWidth - 10, 12.5));
  const notes = [
    ...(bars.length > shown.length ? [`${shown.length} largest of ${bars.length} shown`] : []),
    ...(panel.bars.length > bars.length ? [`${panel.bars.length - bars.length} without a value (a failed run, or a metric of 0)`] : []),
  ];
  if (notes.length) {
    g.append('text').attr('class', 'hidden-note').attr('x', -layout.labelWidth + 10).attr('y', -MARGIN.top + 33).attr('font-size', 10.5).attr('fill', COLORS.muted)
      .text(notes.join('; '));
  }
}
