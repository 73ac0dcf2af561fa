import * as d3 from 'd3';
import { chartFrame, styleAxis, type FrameLegendItem } from '../render/chartFrame.ts';
import { COLORS, PALETTE } from '../render/chartTypes.ts';
import { toDays } from './trialTime.ts';
import type { TrialRun } from './runTrial.ts';

const MARGIN = { top: 30, right: 16, bottom: 40, left: 60 };

export interface TrialChartOptions {
  document: Document;
  width?: number;
  height?: number;
}

/** The colour of each arm, in file order (the report's tables use the same). */
export function armColors(run: TrialRun): Map<string, string> {
  return new Map(run.arms.map((arm, i) => [arm.arm.id, PALETTE[i % PALETTE.length]]));
}

/**
 * One endpoint (or a drug's exposure) over the trial: a line per arm, the trial's data as points with
 * their 95 % intervals as error bars (points over a comparator arm are drawn on the comparator's curve plus the difference).
 */
export function trialEndpointChart(run: TrialRun, name: string, options: TrialChartOptions): SVGSVGElement {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  const unit = run.model.timeUnit;
  const colors = armColors(run);
  const endpoint = run.trial.endpoints.find((e) => e.name === name);
  const isExposure = !endpoint;
  const seriesOf = (arm: TrialRun['arms'][number]) => (isExposure ? arm.exposures[name] : arm.endpoints[name]);
  const arms = run.arms.filter((arm) => seriesOf(arm) && (!isExposure || arm.arm.regimen.length));
  const months = (t: number) => toDays(t, unit) / run.trial.monthDays;
  const points = endpoint ? run.comparison.filter((c) => c.point.endpoint === name) : [];
  const drawn = points.map((c) => {
    // A difference over another arm is drawn where it puts the arm: on the comparator's model curve plus the difference.
    const visit = run.trial.visits.findIndex((v) => Math.abs(v - c.point.visit) <= 1e-9 * Math.max(1, v));
    const offset = c.point.over === undefined ? 0 : run.arms.find((a) => a.arm.id === c.point.over)!.atVisits[name][visit];
    return { c, x: months(c.point.visit), y: c.point.value + offset, low: (c.spread?.[0] ?? c.point.value) + offset, high: (c.spread?.[1] ?? c.point.value) + offset };
  });
  const legend: FrameLegendItem[] = arms.map((arm) => ({ label: arm.arm.title, color: colors.get(arm.arm.id)!, swatch: 'line' }));
  const banded = arms.filter((arm) => !isExposure && arm.bands?.[name]);
  if (banded.length) legend.push({ label: 'population, 5th to 95th percentile', color: COLORS.marker, swatch: 'band', opacity: 0.25 });
  if (drawn.length) legend.push({ label: 'trial data (95 % interval)', color: COLORS.text, swatch: 'whisker' });
  const title = endpoint ? `${endpoint.name}${endpoint.title && endpoint.title !== endpoint.name ? ` \u2014 ${endpoint.title}` : ''}` : `${name} (drug exposure)`;
  const quantityUnit = endpoint ? endpoint.unit : run.model.observables.find((o) => o.name === name)?.unit ?? run.model.species.find((s) => s.name === name)?.unit ?? '';
  const { svg, header, finish } = chartFrame(width, { document: options.document, title, legend, description: `${title}: model curves per arm${drawn.length ? ' and trial data' : ''}` }, 'trialEndpointChart');

  const values = arms.flatMap((arm) => Array.from(seriesOf(arm))).concat(banded.flatMap((arm) => [...arm.bands![name].p05, ...arm.bands![name].p95])).concat(drawn.flatMap((d) => [d.low, d.high])).filter(Number.isFinite);
  const [lo, hi] = d3.extent(values) as [number, number];
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.02 || 1;
  const x = d3.scaleLinear().domain([0, months(run.trial.duration)]).range([MARGIN.left, width - MARGIN.right]);
  const y = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([header + height - MARGIN.bottom, header + MARGIN.top]);
  const plot = svg.append('g').attr('class', 'panel');
  plot.append('g').attr('class', 'grid').selectAll('line').data(y.ticks(6)).join('line')
    .attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', (v) => y(v)).attr('y2', (v) => y(v)).attr('stroke', COLORS.grid);
  if (endpoint?.relative && y.domain()[0] < 100 && y.domain()[1] > 100) {
    plot.append('line').attr('class', 'baseline').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(100)).attr('y2', y(100))
      .attr('stroke', COLORS.marker).attr('stroke-dasharray', '4,3');
  }
  const xAxis = plot.append('g').attr('transform', `translate(0, ${header + height - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(8));
  const yAxis = plot.append('g').attr('transform', `translate(${MARGIN.left}, 0)`).call(d3.axisLeft(y).ticks(6));
  styleAxis(xAxis);
  styleAxis(yAxis);
  plot.append('text').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', header + height - 6).attr('text-anchor', 'middle').attr('fill', COLORS.muted)
    .text(`month of the trial${run.trial.monthDays === 28 ? ' (28-day months)' : ''}`);
  plot.append('text').attr('transform', `translate(14, ${header + (height - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', COLORS.muted).text(quantityUnit);

  for (const arm of banded) {
    const band = arm.bands![name];
    const area = d3.area<number>().x((k) => x(months(arm.times[k]))).y0((k) => y(band.p05[k])).y1((k) => y(band.p95[k])).defined((k) => Number.isFinite(band.p05[k]) && Number.isFinite(band.p95[k]));
    plot.append('path').attr('class', 'population-band').attr('data-arm', arm.arm.id).attr('fill', colors.get(arm.arm.id)!).attr('fill-opacity', 0.2).attr('stroke', 'none')
      .attr('d', area(d3.range(arm.times.length)));
  }
  for (const arm of arms) {
    const series = seriesOf(arm);
    const line = d3.line<number>().x((k) => x(months(arm.times[k]))).y((k) => y(series[k])).defined((k) => Number.isFinite(series[k]));
    plot.append('path').attr('class', 'model-curve').attr('data-arm', arm.arm.id).attr('fill', 'none').attr('stroke', colors.get(arm.arm.id)!).attr('stroke-width', 2)
      .attr('d', line(d3.range(arm.times.length)));
  }
  for (const d of drawn) {
    const color = colors.get(d.c.point.arm)!;
    const g = plot.append('g').attr('class', 'data-point').attr('data-arm', d.c.point.arm);
    g.append('title').text(`${d.c.point.arm}, ${d.c.point.visitText}: data ${d.c.point.value}${d.c.spread ? ` [${d.c.spread[0]}, ${d.c.spread[1]}]` : ''}${d.c.point.over ? ` over ${d.c.point.over}` : ''}; model ${d.c.model.toFixed(2)}`);
    if (d.high > d.low) {
      g.append('line').attr('x1', x(d.x)).attr('x2', x(d.x)).attr('y1', y(d.low)).attr('y2', y(d.high)).attr('stroke', color).attr('stroke-width', 1.5);
      for (const v of [d.low, d.high]) g.append('line').attr('x1', x(d.x) - 4).attr('x2', x(d.x) + 4).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', color).attr('stroke-width', 1.5);
    }
    g.append('path').attr('d', d3.symbol(d3.symbolDiamond, 50)()).attr('transform', `translate(${x(d.x)}, ${y(d.y)})`)
      .attr('fill', d.c.within === false ? '#fff' : color).attr('stroke', color).attr('stroke-width', 1.5);
  }
  return finish(header + height);
}
