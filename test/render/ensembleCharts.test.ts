import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDocument, svgToString } from '../../src/render/dom.ts';
import { fanChart, type FanPanel } from '../../src/render/fanChart.ts';
import { svgToPng } from '../../src/node/png.ts';
import { sobolChart } from '../../src/render/sobolChart.ts';
import { tornadoChart } from '../../src/render/tornadoChart.ts';
import { expectSvgSnapshot } from './svgSnapshot.ts';

const here = fileURLToPath(import.meta.url);
const years = Float64Array.from({ length: 121 }, (_, i) => i * 30.4375);

/** Bands that widen over ten years around a falling median, and a flat panel. */
function fanPanels(): FanPanel[] {
  const z: Record<number, number> = { 5: -1.645, 25: -0.674, 50: 0, 75: 0.674, 95: 1.645 };
  return [
    {
      title: 'Bone volume', unit: '%', times: years,
      percentiles: Object.entries(z).map(([p, zp]) => ({ percentile: Number(p), values: years.map((t) => 100 - 0.004 * t + zp * 0.002 * t) })),
      reference: { label: 'nominal patient', values: years.map((t) => 100 - 0.0042 * t) },
    },
    { title: 'RANKL', unit: 'pM', times: years, percentiles: Object.entries(z).map(([p, zp]) => ({ percentile: Number(p), values: years.map(() => 4 + zp * 0.1) })) },
  ];
}

describe('fanChart', () => {
  it('draws nested bands from the outside in, the median and the reference (snapshot)', async () => {
    const svg = fanChart(fanPanels(), { document: createDocument(), title: 'A virtual population', subtitle: 'synthetic bands', timeUnit: 'day', idPrefix: 'fan' });
    expect(Array.from(svg.querySelectorAll('path.band')).map((e) => e.getAttribute('data-band'))).toEqual(['5-95', '25-75', '5-95', '25-75']);
    expect(svg.querySelectorAll('path.median')).toHaveLength(2);
    expect(svg.querySelectorAll('path.reference')).toHaveLength(1);
    expect(Array.from(svg.querySelectorAll('g.legend-item text')).map((e) => e.textContent)).toEqual(['5\u201395th percentile', '25\u201375th percentile', 'median', 'nominal patient']);
    expect(svg.querySelector('.axis-label')?.textContent).toBe('time (years)');
    await expectSvgSnapshot(svg.outerHTML, 'fan-chart', here);
  });

  it('renders to PNG at three sizes', () => {
    const text = svgToString(fanChart(fanPanels(), { document: createDocument(), timeUnit: 'day' }));
    for (const width of [600, 1200, 2400]) {
      const png = svgToPng(text, width);
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(width);
    }
  });
});

describe('tornadoChart', () => {
  it('sorts bars by size, colours them by sign, draws whiskers and the second measure (snapshot)', async () => {
    const svg = tornadoChart([
      {
        title: 'Bone volume change at 10 years', axisLabel: 'd ln(metric) / d ln(parameter)',
        bars: [{ label: 'D_OBp', value: -0.3 }, { label: 'k_form', value: 1.9, interval: [1.8, 2] }, { label: 'beta_RANKL', value: -1.1 }, { label: 'nan', value: NaN }],
      },
      { title: 'Morris', axisLabel: 'mu*', bars: [{ label: 'a', value: 2, secondary: 0.5 }, { label: 'b', value: 3, secondary: 2.5 }] },
    ], { document: createDocument(), title: 'Local sensitivity', positive: 'raises the metric', negative: 'lowers the metric', interval: 'error', secondary: 'sigma' });
    const panels = svg.querySelectorAll('g.panel');
    expect(Array.from(panels[0].querySelectorAll('g.bar')).map((e) => e.getAttribute('data-label'))).toEqual(['k_form', 'beta_RANKL', 'D_OBp']);
    expect(Array.from(panels[0].querySelectorAll('g.bar rect')).map((e) => e.getAttribute('fill'))).toEqual(['#0072B2', '#D55E00', '#D55E00']);
    expect(panels[0].querySelectorAll('line.whisker')).toHaveLength(1);
    expect(panels[1].querySelectorAll('path.secondary')).toHaveLength(2);
    expect(panels[0].querySelector('.hidden-note')?.textContent).toBe('1 without a value (a failed run, or a metric of 0)');
    // A negative bar ends left of zero: its rect starts at x(value) and spans to x(0).
    const rects = Array.from(panels[0].querySelectorAll('g.bar rect'));
    const zero = Number(panels[0].querySelector('line.zero')!.getAttribute('x1'));
    expect(Number(rects[1].getAttribute('x')) + Number(rects[1].getAttribute('width'))).toBeCloseTo(zero, 6);
    await expectSvgSnapshot(svg.outerHTML, 'tornado-chart', here);
  });
});

describe('sobolChart', () => {
  it('pairs first-order and total bars per parameter, sorted by ST, with interval whiskers (snapshot)', async () => {
    const svg = sobolChart([{
      title: 'Ishigami', parameters: ['x1', 'x2', 'x3'],
      first: [0.31, 0.44, -0.004], total: [0.56, 0.44, 0.24],
      firstInterval: { low: [0.28, 0.41, -0.03], high: [0.35, 0.46, 0.02] }, totalInterval: { low: [0.52, 0.43, 0.23], high: [0.6, 0.47, 0.26] },
    }], { document: createDocument(), title: 'Sobol indices', confidence: 0.95 });
    expect(Array.from(svg.querySelectorAll('g.parameter')).map((e) => e.getAttribute('data-label'))).toEqual(['x1', 'x2', 'x3']);
    expect(svg.querySelectorAll('rect.first')).toHaveLength(3);
    expect(svg.querySelectorAll('line.total-interval')).toHaveLength(3);
    expect(svg.querySelector('.panel-note')?.textContent).toMatch(/^\u03a3 S\u1d62 = 0\.75/);
    expect(Array.from(svg.querySelectorAll('g.legend-item text')).map((e) => e.textContent)).toContain('95 % bootstrap interval');
    await expectSvgSnapshot(svg.outerHTML, 'sobol-chart', here);
  });
});
