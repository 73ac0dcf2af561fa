import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';

describe('outputs at events', () => {
  // Denosumab 60 mg every 183 days, from day 0 until day 915 (inclusive), reported weekly: the grid
  // misses every dose but the first, and sampled peaks read 60, 58.7, 19.9, 22.1 mg for identical doses.
  const { scenario, model } = loadScenario('scenarios/denosumab.yaml');
  const result = simulate({ ...scenario, outputEvery: 7, expectations: [] }, model);
  const times = Array.from(result.times);
  const depot = result.series.DEN_sc;
  const doses = [0, 183, 366, 549, 732, 915];

  it('until: is inclusive: the sixth dose is given on day 915', () => {
    expect(result.events.map((e) => e.time)).toEqual(doses);
  });

  it('reports the state just before and just after every dose, so every 60 mg dose shows as 60 mg', () => {
    for (const t of doses) {
      const before = times.indexOf(t);
      const after = times.lastIndexOf(t);
      if (t === 0) {
        expect(before).toBe(after); // the run starts after the events at 0
        expect(depot[after]).toBe(60);
        continue;
      }
      expect(after).toBe(before + 1);
      expect(depot[after] - depot[before]).toBeCloseTo(60, 12);
      // The peak of each dosing interval is the dose plus what the depot still held.
      const next = doses.find((d) => d > t) ?? scenario.duration;
      const peak = Math.max(...depot.slice(after, times.indexOf(times.find((x) => x >= next)!)));
      expect(peak).toBe(depot[after]);
      expect(peak).toBeGreaterThanOrEqual(60);
    }
  });

  it('keeps times in order, the weekly grid between events, and expectations reading the state after an event', () => {
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThanOrEqual(times[k - 1]);
    expect(times.filter((t) => !doses.includes(t)).every((t) => t % 7 === 0 || t === scenario.duration)).toBe(true);
    const checked = simulate({ ...scenario, outputEvery: 7, expectations: [{ text: 'DEN_sc(183 day) >= 60' }] }, model);
    expect(checked.expectations[0].passed).toBe(true);
  });
});
