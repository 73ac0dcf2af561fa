import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analysis/compare.ts';
import { metricRows } from '../../src/analysis/metricRows.ts';
import { runMetrics } from '../../src/analysis/metrics.ts';
import { valueAt } from '../../src/analysis/trajectory.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { relativeError } from '../helpers.ts';

const run = (file: string) => {
  const { scenario, model } = loadScenario(file);
  return simulate(scenario, model);
};
const fixture = (name: string) => `test/fixtures/flagship/lemaire-${name}.yaml`;

describe('runMetrics on Lemaire 2004 disease runs', () => {
  const baseline = run('scenarios/lemaire-baseline.yaml');
  const knockout = run(fixture('rankl-knockout'));
  const opgLoss = run(fixture('opg-loss'));
  const comparison = compareRuns([baseline, knockout, opgLoss]);
  const [, knockoutMetrics, opgMetrics] = comparison.runs.map((r) => runMetrics(r, comparison.timeUnit));
  const parameter = (name: string) => knockout.model.parameters.find((p) => p.name === name)!.value;

  it('reaches the analytic RANKL-knockout limits: B = D_R f0 / k_B, R = D_R f0 / d_B, no osteoclasts', () => {
    const [D_R, f0, k_B, d_B] = ['D_R', 'f0', 'k_B', 'd_B'].map(parameter);
    const population = (role: string) => knockoutMetrics.populations.find((p) => p.role === role)!;
    expect(relativeError(population('active_osteoblasts').end.value, (D_R * f0) / k_B)).toBeLessThan(1e-6);
    expect(relativeError(population('osteoblast_precursors').end.value, (D_R * f0) / d_B)).toBeLessThan(1e-6);
    expect(population('active_osteoblasts').end.fold).toBeCloseTo((D_R * f0) / k_B / baseline.series.B[0], 6);
    expect(population('active_osteoclasts').end.fold).toBeLessThan(1e-3);
    expect(knockoutMetrics.biomarkers.ctx!.end).toBeLessThan(1e-3);
    expect(knockoutMetrics.steadyState.reached).toBe(true);
  });

  it('gives the knockout\'s bone gain rate from formation alone: 100 k_form B_inf per year', () => {
    const [D_R, f0, k_B, k_form] = ['D_R', 'f0', 'k_B', 'k_form'].map(parameter);
    const expected = k_form * ((D_R * f0) / k_B) * 365.25; // % of BV(0) = 100 per year
    expect(relativeError(knockoutMetrics.boneVolume!.endRatePercentPerYear, expected)).toBeLessThan(1e-3);
    expect(knockoutMetrics.boneVolume!.changes.map((c) => c.label)).toEqual(['1 year', '5 years', '10 years']);
  });

  it('reads bone volume change consistently with the formation and resorption observables', () => {
    // BV(t) - BV(0) = integral of (formation - resorption): trapezoid over the daily outputs.
    const tenYears = 3652.5;
    let integral = 0;
    for (let i = 1; i < opgLoss.times.length && opgLoss.times[i] <= tenYears; i++) {
      const net = (k: number) => opgLoss.series.formation[k] - opgLoss.series.resorption[k];
      integral += 0.5 * (net(i) + net(i - 1)) * (opgLoss.times[i] - opgLoss.times[i - 1]);
    }
    integral += (tenYears - 3652) * (opgLoss.series.formation[3652] - opgLoss.series.resorption[3652]);
    const change = opgMetrics.boneVolume!.changes.find((c) => c.label === '10 years')!;
    expect(change.changePercent).toBeLessThan(-50);
    expect(Math.abs(change.changePercent - integral)).toBeLessThan(1e-3 * Math.abs(integral));
  });

  it('makes CTX and P1NP proxies the fold changes of the osteoclasts and osteoblasts they are proportional to', () => {
    const oc = opgMetrics.populations.find((p) => p.role === 'active_osteoclasts')!;
    const ob = opgMetrics.populations.find((p) => p.role === 'active_osteoblasts')!;
    expect(relativeError(opgMetrics.biomarkers.ctx!.end, oc.end.fold)).toBeLessThan(1e-9);
    expect(relativeError(opgMetrics.biomarkers.p1np!.end, ob.end.fold)).toBeLessThan(1e-9);
    expect(oc.end.fold).toBeGreaterThan(10);
    expect(opgMetrics.turnover.balance!.end).toBeCloseTo(ob.end.fold / oc.end.fold, 9);
    expect(opgMetrics.turnover.balance!.reference).toBeCloseTo(1, 9);
  });

  it('times half of the final osteoclast rise where the run is half-way', () => {
    const oc = opgMetrics.populations.find((p) => p.role === 'active_osteoclasts')!;
    const C = { times: opgLoss.times, values: opgLoss.series.C };
    const start = opgLoss.series.C[0];
    const half = start + 0.5 * (oc.end.value - start);
    expect(relativeError(valueAt(C, oc.halfEffectTime!), half)).toBeLessThan(1e-9);
    expect(valueAt(C, oc.halfEffectTime! - 1)).toBeLessThan(half);
  });

  it('marks a flat baseline as having no peak, no trough and no half-effect time', () => {
    const baselineMetrics = runMetrics(comparison.runs[0], comparison.timeUnit);
    for (const p of baselineMetrics.populations) {
      expect(p.peak.time).toBeUndefined();
      expect(p.trough.time).toBeUndefined();
      expect(p.halfEffectTime).toBeUndefined();
    }
    expect(baselineMetrics.steadyState).toMatchObject({ reached: true, settledAt: 0 });
  });

  it('settles when every species is within 1 % of its final value (or of the reference)', () => {
    const settled = knockoutMetrics.steadyState.settledAt!;
    expect(settled).toBeGreaterThan(0);
    for (const name of ['R', 'B', 'C']) {
      const values = knockout.series[name];
      const end = values[values.length - 1];
      const band = 0.01 * Math.max(Math.abs(end), Math.abs(baseline.series[name][0]));
      knockout.times.forEach((t, i) => t >= settled && expect(Math.abs(values[i] - end)).toBeLessThanOrEqual(band));
    }
  });

  it('flattens into rows the table, text summary and CSV share', () => {
    const rows = metricRows([knockoutMetrics, opgMetrics]);
    const keys = rows.map((r) => r.key);
    expect(keys.slice(0, 3)).toEqual(['bv_change_1y', 'bv_change_5y', 'bv_change_10y']);
    expect(keys).toContain('active_osteoclasts_peak');
    expect(keys).toContain('ctx_end');
    const tenYears = rows.find((r) => r.key === 'bv_change_10y')!;
    expect(tenYears.values).toEqual([knockoutMetrics.boneVolume!.changes[2].changePercent, opgMetrics.boneVolume!.changes[2].changePercent]);
  });
});
