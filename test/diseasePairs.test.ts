import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate, type SimulationResult } from '../src/simulate/simulate.ts';

/**
 * Phenotypes that compare two scenarios ("less bone loss than untreated", "the same dose given continuously
 * loses bone"): a scenario file can only check its own run, so these run both files and compare them.
 */
const runs = new Map<string, SimulationResult>();
function run(id: string): SimulationResult {
  let result = runs.get(id);
  if (!result) {
    const { scenario, model } = loadScenario(`scenarios/${id}.yaml`);
    result = simulate(scenario, model);
    runs.set(id, result);
  }
  return result;
}

const DAYS_PER_YEAR = 365.25;
/** The value of a series at the output time closest to t (days). */
function at(result: SimulationResult, name: string, t: number): number {
  let best = 0;
  result.times.forEach((time, i) => {
    if (Math.abs(time - t) < Math.abs(result.times[best] - t)) best = i;
  });
  return result.series[name][best];
}

/**
 * Time average of a decaying-or-constant series over the run. The output is right-continuous, so an interval that
 * ends at a dose ends on the post-dose peak: integrate such an interval with its left value, the others as
 * exponentials (exact for first-order elimination between doses).
 */
function meanBetweenDoses(result: SimulationResult, name: string): number {
  const { times } = result;
  const values = result.series[name];
  let area = 0;
  for (let i = 1; i < times.length; i++) {
    const [v0, v1, dt] = [values[i - 1], values[i], times[i] - times[i - 1]];
    if (v1 > v0 || v1 <= 0) area += v0 * dt;
    else if (v1 === v0) area += v0 * dt;
    else area += ((v0 - v1) / Math.log(v0 / v1)) * dt;
  }
  return area / (times[times.length - 1] - times[0]);
}

describe('intermittent versus continuous PTH (same daily teriparatide dose)', () => {
  it('delivers the same mean teriparatide exposure both ways', () => {
    // Ten days sampled finely enough to resolve each hour-long pulse.
    const fine = (id: string) => {
      const { scenario, model } = loadScenario(`scenarios/${id}.yaml`);
      return simulate({ ...scenario, duration: 10, outputEvery: 0.002, expectations: [] }, model);
    };
    const daily = meanBetweenDoses(fine('teriparatide-daily'), 'teriparatide');
    const continuous = meanBetweenDoses(fine('teriparatide-continuous'), 'teriparatide');
    expect(continuous).toBeGreaterThan(3);
    expect(Math.abs(daily - continuous) / continuous).toBeLessThan(0.01);
  });

  it('gains bone when pulsed and loses it when continuous', () => {
    const daily = run('teriparatide-daily');
    const continuous = run('teriparatide-continuous');
    const end = daily.times[daily.times.length - 1];
    expect(at(daily, 'BV', end)).toBeGreaterThan(100);
    expect(at(continuous, 'BV', end)).toBeLessThan(100);
    expect(at(daily, 'OB_survival_signal', 300)).toBeGreaterThan(at(continuous, 'OB_survival_signal', 300) + 0.3);
  });
});

describe('treating an osteolytic metastasis', () => {
  for (const treated of ['metastasis-opg', 'metastasis-bisphosphonate']) {
    it(`${treated}: less bone loss and a smaller tumour than untreated, at every year`, () => {
      const untreated = run('metastasis-osteolytic');
      const therapy = run(treated);
      for (const years of [1, 2, 3]) {
        const t = years * DAYS_PER_YEAR;
        expect(at(therapy, 'BV', t), `BV at ${years} y`).toBeGreaterThan(at(untreated, 'BV', t));
        expect(at(therapy, 'OCa', t), `OCa at ${years} y`).toBeLessThan(at(untreated, 'OCa', t));
      }
      for (const years of [1, 2]) {
        const t = years * DAYS_PER_YEAR;
        expect(at(therapy, 'T', t), `tumour at ${years} y`).toBeLessThan(at(untreated, 'T', t));
      }
    });
  }
});

describe('periprosthetic osteolysis', () => {
  it('loses less bone with a bisphosphonate', () => {
    const untreated = run('arthroplasty-osteolysis');
    const treated = run('arthroplasty-osteolysis-bisphosphonate');
    for (const years of [1, 3, 5]) {
      const t = years * DAYS_PER_YEAR;
      expect(at(treated, 'BV', t), `BV at ${years} y`).toBeGreaterThan(at(untreated, 'BV', t));
    }
  });
});

describe('the published structures and the mechanism model agree on direction', () => {
  it.each([
    ['opg-knockout', 'lemaire', 'C'], ['opg-knockout', 'pivonka', 'OCa'],
  ])('%s: osteoclasts up and bone down on bone-rankl and on %s', (id, author, osteoclasts) => {
    const mechanism = run(id);
    const published = run(`${author}-${id}`);
    const t = DAYS_PER_YEAR;
    expect(at(mechanism, 'OCa', t)).toBeGreaterThan(at(mechanism, 'OCa', 0));
    expect(at(published, osteoclasts, t)).toBeGreaterThan(at(published, osteoclasts, 0));
    expect(at(mechanism, 'BV', t)).toBeLessThan(100);
    expect(at(published, 'BV', t)).toBeLessThan(100);
  });
});
