// Issue 16, metrics a scientist reads: peaks on plateaus, no peak for a knockout, one steady-state
// reading that cannot contradict itself, sentences without stray punctuation.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analysis/compare.ts';
import { metricRows } from '../../src/analysis/metricRows.ts';
import { runMetrics } from '../../src/analysis/metrics.ts';
import { extreme, timeExtremeReached } from '../../src/analysis/trajectory.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { summarySentences } from '../../src/render/reportSummary.ts';
import { timeFormatFor } from '../../src/render/format.ts';
import { simulate } from '../../src/simulate/simulate.ts';

const run = (file: string) => {
  const { scenario, model } = loadScenario(file);
  return simulate(scenario, model);
};

describe('peak times', () => {
  it('a rise to a plateau peaks where the plateau begins, not where rounding puts the largest sample', () => {
    // 1 - exp(-t) from 0 to 10, then flat with a last sample a hair higher.
    const times = Float64Array.from({ length: 101 }, (_, i) => i / 10 * 10);
    const values = times.map((t) => 1 - Math.exp(-t));
    values[100] += 1e-12;
    const trajectory = { times, values };
    const top = extreme(trajectory, 'max');
    expect(top.time).toBe(100);
    // within 1 % of the rise: 1 - exp(-t) >= 0.99 (1 - exp(-100)) from t = ln(100) = 4.6
    expect(timeExtremeReached(trajectory, top, 0)).toBe(5);
  });

  it('hyperparathyroidism: the osteoclast peak is dated to the start of its plateau (under a year), a RANKL knockout has none', () => {
    const results = ['scenarios/healthy-baseline.yaml', 'scenarios/hyperparathyroidism.yaml', 'scenarios/rankl-knockout.yaml'].map(run);
    const comparison = compareRuns(results);
    const rows = metricRows(comparison.runs.map((r) => runMetrics(r, comparison.timeUnit)));
    const peak = rows.find((r) => r.key === 'active_osteoclasts_peak')!;
    const [healthy, pth, knockout] = [0, 1, 2];
    expect(peak.values[pth]).toBeGreaterThan(1.2);
    expect(peak.times![pth]).toBeLessThan(365);
    expect(peak.values[knockout]).toBeUndefined();
    expect(peak.values[healthy]).toBeUndefined();
    const trough = rows.find((r) => r.key === 'active_osteoclasts_trough')!;
    expect(trough.values[knockout]).toBeLessThan(0.05);
    expect(trough.values[pth]).toBeUndefined();
  });
});

describe('readings that agree with each other', () => {
  it('"settled within 1 % from" comes with how much is still changing, never a bare "no"', () => {
    const results = ['scenarios/healthy-baseline.yaml', 'scenarios/opg-knockout.yaml'].map(run);
    const comparison = compareRuns(results);
    const rows = metricRows(comparison.runs.map((r) => runMetrics(r, comparison.timeUnit)));
    expect(rows.find((r) => r.key === 'steady_state_reached')).toBeUndefined();
    const drift = rows.find((r) => r.key === 'steady_state_recent_change')!;
    expect(drift.values[0]).toBeLessThan(1e-6);
    expect(drift.values[1]).toBeGreaterThan(0);
  });

  it('summary sentences over runs of different lengths have no ",," or ",."', () => {
    const results = ['scenarios/lemaire-baseline.yaml', 'scenarios/lemaire-pth-injection.yaml', 'scenarios/pivonka-opg-knockout.yaml', 'scenarios/lemaire-opg-knockout.yaml'].map(run);
    const comparison = compareRuns(results);
    const metrics = comparison.runs.map((r) => runMetrics(r, comparison.timeUnit));
    const text = summarySentences(metrics, comparison.runs.map((r) => r.isBaseline), timeFormatFor(comparison.timeUnit, 3650)).join(' ');
    expect(text).toMatch(/\(at the end of the run|\(after /);
    expect(text).not.toMatch(/,\s*[,.]/);
  });
});
