import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analysis/compare.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { comparisonChart } from '../../src/render/comparisonChart.ts';
import { createDocument } from '../../src/render/dom.ts';
import { timeSeriesChart, type Panel } from '../../src/render/timeSeriesChart.ts';
import { expectSvgSnapshot, normaliseSvg } from './svgSnapshot.ts';

const here = fileURLToPath(import.meta.url);
const days = Float64Array.from({ length: 201 }, (_, i) => i);

/** Synthetic data that exercises every feature: decay, a step, a flat line, tiny values, a zero. */
function syntheticPanels(): Panel[] {
  return [
    {
      title: 'Active osteoclasts',
      unit: 'pM',
      series: [
        { label: 'baseline', times: days, values: days.map(() => 9.1e-4), color: '#000000', dash: '6,4' },
        { label: 'knockout', times: days, values: days.map((t) => 9.1e-4 * Math.exp(-0.035 * t)) },
      ],
    },
    {
      title: 'Bone volume',
      unit: '%',
      series: [
        { label: 'baseline', times: days, values: days.map(() => 100), color: '#000000', dash: '6,4' },
        { label: 'knockout', times: days, values: days.map((t) => (t < 50 ? 100 : 100 + 0.02 * (t - 50))) },
      ],
    },
    {
      title: 'RANKL',
      unit: 'pM',
      series: [{ label: 'knockout', times: days, values: days.map((t) => (t < 20 ? 2 : 0)) }],
    },
  ];
}

describe('timeSeriesChart', () => {
  it('draws panels, lines, markers, legend and units (snapshot)', async () => {
    const svg = timeSeriesChart(syntheticPanels(), {
      document: createDocument(),
      title: 'A knockout at day 20',
      subtitle: 'synthetic data',
      timeUnit: 'day',
      markers: [{ time: 20, label: 'knockout', color: '#0072B2' }],
      idPrefix: 'synthetic',
    });
    expect(svg.querySelectorAll('g.panel')).toHaveLength(3);
    expect(svg.querySelectorAll('path.series')).toHaveLength(5);
    expect(svg.querySelectorAll('g.legend-item')).toHaveLength(2);
    expect(svg.querySelector('.panel-unit')?.textContent).toBe('\u00d710\u207b\u2076 pM');
    await expectSvgSnapshot(svg.outerHTML, 'time-series-linear', here);
  });

  it('uses log axes for positive panels and says when zeros are left out (snapshot)', async () => {
    const svg = timeSeriesChart(syntheticPanels(), { document: createDocument(), timeUnit: 'day', log: true, idPrefix: 'synthetic-log' });
    const units = Array.from(svg.querySelectorAll('.panel-unit')).map((e) => e.textContent);
    expect(units).toEqual(['pM, log scale', '%, log scale', 'pM, log scale, values \u2264 0 not drawn']);
    await expectSvgSnapshot(svg.outerHTML, 'time-series-log', here);
  });

  it('thins ten years of daily output to what a panel can show', () => {
    const years = Float64Array.from({ length: 3653 }, (_, i) => i);
    const svg = timeSeriesChart([{ title: 'x', unit: '1', series: [{ label: 'a', times: years, values: years.map((t) => 1 - Math.exp(-t / 300)) }] }], {
      document: createDocument(), timeUnit: 'day',
    });
    const points = svg.querySelector('path.series')!.getAttribute('d')!.split(/[ML]/).filter(Boolean).length;
    expect(points).toBeGreaterThan(10);
    expect(points).toBeLessThan(200);
  });

  it('gives each chart its own clip-path ids so several can share a page', () => {
    const document = createDocument();
    const a = timeSeriesChart(syntheticPanels(), { document, timeUnit: 'day', idPrefix: 'a' });
    const b = timeSeriesChart(syntheticPanels(), { document, timeUnit: 'day', idPrefix: 'b' });
    const ids = [...Array.from(a.querySelectorAll('[id]')), ...Array.from(b.querySelectorAll('[id]'))].map((e) => e.getAttribute('id'));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('comparisonChart', () => {
  it('draws a real PTH run against the model steady state, with its events (snapshot)', async () => {
    const { scenario, model } = loadScenario('scenarios/lemaire-pth-injection.yaml');
    const comparison = compareRuns([simulate(scenario, model)], { observables: ['bone_volume', 'active_osteoclasts', 'RANKL'] });
    const svg = comparisonChart(comparison, { document: createDocument(), title: 'Continuous PTH, days 20-80', idPrefix: 'pth' });
    expect(Array.from(svg.querySelectorAll('.panel-title')).map((e) => e.textContent)).toEqual(['Bone volume', 'Active osteoclasts', 'RANKL']);
    // one line for the run and one dotted reference line per panel
    expect(Array.from(svg.querySelectorAll('path.series')).map((e) => e.getAttribute('data-label'))).toEqual(
      Array(3).fill(['lemaire2004 steady state (reference)', 'Continuous PTH administration on days 20-80 (Lemaire 2004)']).flat());
    expect(svg.querySelectorAll('g.markers line')).toHaveLength(6);
    await expectSvgSnapshot(svg.outerHTML, 'comparison-pth', here);
  });

  it('normalises numbers and ids for snapshots', () => {
    expect(normaliseSvg('<g id="x-clip-3"><path d="M1.23456,2.5" clip-path="url(#x-clip-3)"/></g>')).toBe(
      '<g id="id-0">\n<path d="M1.235,2.5" clip-path="url(#id-0)"/>\n</g>\n');
  });
});
