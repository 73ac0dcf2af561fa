import * as d3 from 'd3';
import { chartFrame, labelColumnWidth, styleAxis, type FrameLegendItem, type Group } from './chartFrame.ts';
import { fitText } from './chartText.ts';
import { COLORS, PALETTE } from './chartTypes.ts';

/**
 * Sobol indices as paired horizontal bars: first-order S_i and total ST_i per parameter, sorted by
 * ST, each with its bootstrap interval as a whisker. One panel per metric. The gap between ST and
 * S_i is what the parameter does through interactions.
 */
export interface SobolPanel {
  title: string;
  parameters: string[];
  first: ArrayLike<number>;
  total: ArrayLike<number>;
  firstInterval?: { low: ArrayLike<number>; high: ArrayLike<number> };
  totalInterval?: { low: ArrayLike<number>; high: ArrayLike<number> };
}

export interface SobolChartOptions {
  document?: Document;
  title?: string;
  subtitle?: string;
  note?: string;
  description?: string;
  /** e.g. 0.95: names the whiskers in the legend. */
  confidence?: number;
  panelWidth?: number;
  rowHeight?: number;
  maxParameters?: number;
}

const MARGIN = { top: 40, right: 44, bottom: 44 };
const FIRST = PALETTE[0];
const TOTAL = PALETTE[4];

export function sobolChart(panels: SobolPanel[], options: SobolChartOptions = {}): SVGSVGElement {
  const panelWidth = options.panelWidth ?? 460;
  const rowHeight = options.rowHeight ?? 30;
  const maxParameters = options.maxParameters ?? 20;
  const width = panelWidth * Math.max(1, panels.length);
  const withIntervals = panels.some((p) => p.firstInterval || p.totalInterval);
  const legend: FrameLegendItem[] = [
    { label: 'first order S\u1d62 (alone)', color: FIRST, swatch: 'bar' },
    { label: 'total ST\u1d62 (with interactions)', color: TOTAL, swatch: 'bar' },
    ...(withIntervals ? [{ label: `${Math.round((options.confidence ?? 0.95) * 100)} % bootstrap interval`, color: COLORS.text, swatch: 'whisker' as const }] : []),
  ];
  const { svg, header, finish } = chartFrame(width, { ...options, legend }, 'sobolChart');
  const rows = Math.min(maxParameters, Math.max(1, ...panels.map((p) => p.parameters.length)));
  const labelWidth = labelColumnWidth(panels.flatMap((p) => p.parameters), panelWidth);
  panels.forEach((panel, index) => {
    const g = svg.append('g').attr('class', 'panel').attr('data-title', panel.title)
      .attr('transform', `translate(${index * panelWidth + labelWidth}, ${header + MARGIN.top})`);
    drawSobolPanel(g, panel, { width: panelWidth - labelWidth - MARGIN.right, rowHeight, maxParameters, labelWidth });
  });
  return finish(header + MARGIN.top + rows * rowHeight + MARGIN.bottom + 18);
}

interface SobolLayout {
  width: number;
  rowHeight: number;
  maxParameters: number;
  labelWidth: number;
}

function drawSobolPanel(g: Group, panel: SobolPanel, layout: SobolLayout): void {
  const order = panel.parameters.map((_, k) => k).filter((k) => Number.isFinite(panel.total[k]))
    .sort((a, b) => panel.total[b] - panel.total[a]);
  const shown = order.slice(0, layout.maxParameters);
  const values = shown.flatMap((k) => [panel.first[k], panel.total[k], panel.firstInterval?.low[k] ?? 0, panel.firstInterval?.high[k] ?? 0,
    panel.totalInterval?.low[k] ?? 0, panel.totalInterval?.high[k] ?? 0]).filter(Number.isFinite);
  const low = Math.min(0, d3.min(values) ?? 0);
  const high = Math.max(0.1, d3.max(values) ?? 1);
  const x = d3.scaleLinear().domain([low, Math.min(high, 1.2)]).range([0, layout.width]).nice().clamp(true);
  const height = shown.length * layout.rowHeight;
  const bar = layout.rowHeight * 0.34;

  g.append('g').attr('class', 'grid').selectAll('line').data(x.ticks(5)).join('line')
    .attr('x1', (d) => x(d)).attr('x2', (d) => x(d)).attr('y1', 0).attr('y2', height).attr('stroke', COLORS.grid);
  const rows = g.append('g').attr('class', 'parameters').selectAll('g').data(shown).join('g')
    .attr('class', 'parameter').attr('data-label', (k) => panel.parameters[k]).attr('transform', (_, r) => `translate(0, ${r * layout.rowHeight})`);
  const drawIndex = (kind: 'first' | 'total', offset: number, color: string) => {
    const value = kind === 'first' ? panel.first : panel.total;
    const interval = kind === 'first' ? panel.firstInterval : panel.totalInterval;
    rows.append('rect').attr('class', kind)
      .attr('x', (k) => x(Math.min(0, value[k]))).attr('y', offset)
      .attr('width', (k) => Math.abs(x(value[k]) - x(0))).attr('height', bar).attr('fill', color);
    if (!interval) return;
    rows.filter((k) => Number.isFinite(interval.low[k]) && Number.isFinite(interval.high[k])).each(function drawWhisker(k) {
      const row = d3.select(this);
      const mid = offset + bar / 2;
      row.append('line').attr('class', `${kind}-interval`).attr('x1', x(interval.low[k])).attr('x2', x(interval.high[k])).attr('y1', mid).attr('y2', mid)
        .attr('stroke', COLORS.text).attr('stroke-width', 1.2);
      for (const v of [interval.low[k], interval.high[k]]) row.append('line').attr('x1', x(v)).attr('x2', x(v)).attr('y1', mid - 3.5).attr('y2', mid + 3.5).attr('stroke', COLORS.text).attr('stroke-width', 1.2);
    });
  };
  const top = (layout.rowHeight - 2 * bar - 2) / 2;
  drawIndex('first', top, FIRST);
  drawIndex('total', top + bar + 2, TOTAL);
  rows.append('text').attr('class', 'bar-label').attr('x', -8).attr('y', layout.rowHeight / 2 + 4).attr('text-anchor', 'end')
    .attr('font-size', 11).attr('fill', COLORS.text).text((k) => fitText(panel.parameters[k], layout.labelWidth - 12, 11));
  const f = d3.format('.2f');
  rows.append('title').text((k) => `${panel.parameters[k]}: S = ${f(panel.first[k])}, ST = ${f(panel.total[k])}`);
  g.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', -4).attr('y2', height).attr('stroke', COLORS.muted);

  styleAxis(g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0, ${height})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(layout.width / 70))).tickFormat(d3.format('~g')).tickSizeOuter(0)));
  g.append('text').attr('class', 'axis-label').attr('x', layout.width / 2).attr('y', height + 32).attr('text-anchor', 'middle')
    .attr('font-size', 10.5).attr('fill', COLORS.muted).text('share of the output variance');
  g.append('text').attr('class', 'panel-title').attr('x', -layout.labelWidth + 10).attr('y', -MARGIN.top + 18)
    .attr('font-size', 12.5).attr('font-weight', 'bold').attr('fill', COLORS.text).text(fitText(panel.title, layout.width + layout.labelWidth - 10, 12.5));
  let sum = 0;
  for (let k = 0; k < panel.parameters.length; k++) if (Number.isFinite(panel.first[k])) sum += panel.first[k];
  const hidden = panel.parameters.length - shown.length;
  g.append('text').attr('class', 'panel-note').attr('x', -layout.labelWidth + 10).attr('y', -MARGIN.top + 33).attr('font-size', 10.5).attr('fill', COLORS.muted)
    .text(`\u03a3 S\u1d62 = ${f(sum)} (1 \u2212 \u03a3 S\u1d62: the share of interactions)${hidden > 0 ? `; ${shown.length} of ${panel.parameters.length} by ST` : ''}`);
}
