import * as d3 from 'd3';
import { FONT_FAMILY, PALETTE } from './timeSeriesChart.ts';

/**
 * Steady states along a parameter (a one-parameter bifurcation diagram): one panel per quantity,
 * stable stretches as solid lines, unstable ones dashed in a second colour, and a vertical line at
 * each change of stability (e.g. a Hopf point) with its parameter value.
 */
export interface ScanPanel {
  title: string;
  unit: string;
  values: ArrayLike<number>;
}

export interface ScanChartOptions {
  title: string;
  subtitle?: string;
  parameter: string;
  parameterUnit: string;
  values: ArrayLike<number>;
  /** Per point: true stable, false unstable, undefined no steady state found. */
  stable: ReadonlyArray<boolean | undefined>;
  changes: ReadonlyArray<{ at: number; label: string }>;
  panelWidth?: number;
  panelHeight?: number;
}

const MARGIN = { top: 40, right: 16, bottom: 44, left: 64 };
const TEXT = '#222';
const MUTED = '#666';
const GRID = '#e6e6e6';
const STABLE = PALETTE[0];
const UNSTABLE = PALETTE[1];

/**
 * The chart of `bonesim scan`: steady states along a parameter, stable and unstable branches, changes of stability marked.
 *
 * @example
 * ```ts
 * const svg = scanChart(createDocument(), [{ title: 'Osteoclasts', unit: 'cells', values: [1, 2, 3] }],
 *   { title: 'Steady states along g11', parameter: 'g11', parameterUnit: '1', values: [0.9, 1.0, 1.1], stable: [true, true, false], changes: [{ at: 1.1, label: 'Hopf' }] });
 * ```
 */
export function scanChart(document: Document, panels: ScanPanel[], options: ScanChartOptions): SVGSVGElement {
  const panelWidth = options.panelWidth ?? 330;
  const panelHeight = options.panelHeight ?? 250;
  const header = 30 + (options.subtitle ? 18 : 0) + 32;
  const width = panels.length * panelWidth;
  const height = header + panelHeight + 6;

  const svg = d3.select(document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', 11)
    .attr('role', 'img');
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', '#ffffff');
  svg.append('title').text(options.title);
  svg.append('text').attr('x', 12).attr('y', 22).attr('font-size', 16).attr('font-weight', 'bold').attr('fill', TEXT).text(options.title);
  if (options.subtitle) svg.append('text').attr('x', 12).attr('y', 42).attr('font-size', 11).attr('fill', MUTED).text(options.subtitle);

  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(12, ${header - 12})`);
  const items: Array<[string, string, string | null]> = [['stable steady state', STABLE, null], ['unstable steady state', UNSTABLE, '6,4']];
  items.forEach(([label, color, dash], k) => {
    const item = legend.append('g').attr('transform', `translate(${k * 170}, 0)`);
    item.append('line').attr('x1', 0).attr('x2', 22).attr('y1', -4).attr('y2', -4).attr('stroke', color).attr('stroke-width', 2.5).attr('stroke-dasharray', dash);
    item.append('text').attr('x', 28).attr('y', 0).attr('fill', TEXT).text(label);
  });
  if (options.changes.length) {
    const item = legend.append('g').attr('transform', `translate(${items.length * 170}, 0)`);
    item.append('line').attr('x1', 10).attr('x2', 10).attr('y1', -12).attr('y2', 4).attr('stroke', MUTED).attr('stroke-dasharray', '2,3');
    item.append('text').attr('x', 18).attr('y', 0).attr('fill', TEXT).text('change of stability');
  }

  const xs = Array.from(options.values);
  const x = d3.scaleLinear().domain(d3.extent(xs) as [number, number]).range([0, panelWidth - MARGIN.left - MARGIN.right]);
  panels.forEach((panel, index) => {
    const g = svg.append('g').attr('class', 'panel').attr('data-title', panel.title)
      .attr('transform', `translate(${index * panelWidth + MARGIN.left}, ${header + MARGIN.top - 16})`);
    drawPanel(g, panel, x, options, panelHeight - MARGIN.top - MARGIN.bottom + 16);
  });
  return svg.node()!;
}

function drawPanel(g: d3.Selection<SVGGElement, unknown, null, undefined>, panel: ScanPanel, x: d3.ScaleLinear<number, number>, options: ScanChartOptions, height: number): void {
  const width = x.range()[1];
  const values = Array.from(panel.values);
  const finite = values.filter(Number.isFinite);
  let [low, high] = finite.length ? (d3.extent(finite) as [number, number]) : [0, 1];
  // Zero up to rounding everywhere (e.g. the bone balance of a model whose steady states always balance).
  const allZero = finite.length > 0 && finite.every((v) => Math.abs(v) < 1e-10);
  if (allZero) [low, high] = [-1, 1];
  const span = high - low;
  const minimum = Math.max(Math.abs(high + low) * 0.005, 1e-12);
  if (span < minimum) {
    low -= minimum;
    high += minimum;
  }
  const y = d3.scaleLinear().domain([low, high]).range([height, 0]).nice();

  g.append('g').attr('class', 'grid').selectAll('line').data(y.ticks(5)).join('line')
    .attr('x1', 0).attr('x2', width).attr('y1', (d) => y(d)).attr('y2', (d) => y(d)).attr('stroke', GRID);
  if (low < 0 && high > 0) g.append('line').attr('x1', 0).attr('x2', width).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', '#bbb');

  // One path per run of equal stability; neighbouring runs share their boundary point so the curve is unbroken.
  const xs = Array.from(options.values);
  let start = 0;
  for (let k = 1; k <= xs.length; k++) {
    if (k < xs.length && options.stable[k] === options.stable[start]) continue;
    const kind = options.stable[start];
    if (kind !== undefined) {
      const indices = d3.range(start, Math.min(k + 1, xs.length)).filter((i) => options.stable[i] !== undefined);
      const line = d3.line<number>().defined((i) => Number.isFinite(values[i])).x((i) => x(xs[i])).y((i) => y(values[i]));
      g.append('path').attr('class', kind ? 'stable' : 'unstable').attr('fill', 'none')
        .attr('stroke', kind ? STABLE : UNSTABLE).attr('stroke-width', 2.2).attr('stroke-dasharray', kind ? null : '6,4')
        .attr('d', line(indices) ?? '');
    }
    start = k;
  }

  if (allZero) {
    g.append('text').attr('x', 8).attr('y', y(0) - 8).attr('font-size', 10.5).attr('fill', MUTED)
      .text('zero at every steady state');
  }
  for (const change of options.changes) {
    g.append('line').attr('class', 'stability-change').attr('x1', x(change.at)).attr('x2', x(change.at)).attr('y1', 0).attr('y2', height)
      .attr('stroke', MUTED).attr('stroke-dasharray', '2,3');
    g.append('text').attr('x', x(change.at) + 4).attr('y', 10).attr('font-size', 10).attr('fill', MUTED).text(change.label);
  }

  const xAxis = g.append('g').attr('transform', `translate(0, ${height})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 60))).tickFormat(d3.format('~g')));
  const yAxis = g.append('g').call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('~g')));
  for (const axis of [xAxis, yAxis]) axis.attr('font-family', null).attr('font-size', 10).attr('color', MUTED);
  g.append('text').attr('class', 'panel-title').attr('x', -MARGIN.left + 10).attr('y', -22).attr('font-size', 12).attr('font-weight', 'bold').attr('fill', TEXT).text(panel.title);
  g.append('text').attr('x', -MARGIN.left + 10).attr('y', -8).attr('font-size', 10).attr('fill', MUTED).text(panel.unit === '1' ? 'dimensionless' : panel.unit);
  g.append('text').attr('x', width / 2).attr('y', height + 34).attr('text-anchor', 'middle').attr('font-size', 10).attr('fill', MUTED)
    .text(options.parameterUnit && options.parameterUnit !== '1' ? `${options.parameter} (${options.parameterUnit})` : options.parameter);
}
