import { describe, expect, it } from 'vitest';
import { isBaselineScenario } from '../../src/analysis/baseline.ts';
import { compareRuns } from '../../src/analysis/compare.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';

const run = (file: string) => {
  const { scenario, model } = loadScenario(file);
  return simulate(scenario, model);
};

describe('compareRuns', () => {
  const lemairePth = run('scenarios/lemaire-pth-injection.yaml');
  const pivonkaBaseline = run('scenarios/pivonka-baseline.yaml');

  it('matches quantities across models by role, and keeps each model\'s own observables', () => {
    const comparison = compareRuns([lemairePth, pivonkaBaseline]);
    const byKey = new Map(comparison.quantities.map((q) => [q.key, q]));
    expect(comparison.quantities.slice(0, 6).map((q) => q.key)).toEqual(['bone_volume', 'active_osteoblasts', 'active_osteoclasts', 'rankl', 'opg', 'rank_occupancy']);
    expect(byKey.get('active_osteoclasts')!.columns).toEqual(['C', 'OCa']);
    expect(byKey.get('bone_volume')!.columns).toEqual(['BV', 'BV']);
    expect(byKey.get('tgf_beta')!.columns).toEqual([undefined, 'TGFb_level']);
    expect(byKey.get('TGFb_occupancy')!.columns).toEqual(['TGFb_occupancy', undefined]);
    // state variables without a role are not charted by default
    expect(byKey.has('RANKL_RANK')).toBe(true);
    expect(comparison.timeUnit).toBe('day');
  });

  it('measures each run against its model\'s baseline: a listed baseline run, else the steady state', () => {
    expect(isBaselineScenario(pivonkaBaseline.scenario)).toBe(true);
    expect(isBaselineScenario(lemairePth.scenario)).toBe(false);
    const comparison = compareRuns([lemairePth, pivonkaBaseline]);
    expect(comparison.runs.map((r) => r.isBaseline)).toEqual([false, true]);
    expect(comparison.runs[1].reference).toBe(pivonkaBaseline);
    const lemaireReference = comparison.runs[0].reference;
    expect(lemaireReference.scenario.id).toBe('lemaire2004-steady-state');
    expect(lemaireReference.times[lemaireReference.times.length - 1]).toBe(140);
    // The reference starts where the PTH run starts: the model's own steady state.
    expect(lemaireReference.series.C[0]).toBeCloseTo(lemairePth.series.C[0], 15);
    expect(Math.abs(lemaireReference.series.C[140] / lemaireReference.series.C[0] - 1)).toBeLessThan(1e-7);
  });

  it('selects quantities by role or column name, and names the choices for an unknown one', () => {
    const comparison = compareRuns([lemairePth], { observables: ['bone_volume', 'C', 'PTH'] });
    expect(comparison.quantities.map((q) => q.key)).toEqual(['bone_volume', 'active_osteoclasts', 'pth']);
    expect(() => compareRuns([lemairePth], { observables: ['osteocytes'] })).toThrow(/"osteocytes" is not an observable[\s\S]*choose from: bone_volume, active_osteoblasts/);
  });
});
