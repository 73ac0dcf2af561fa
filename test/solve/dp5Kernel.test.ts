import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { prepareSimulation, simulate } from '../../src/simulate/simulate.ts';
import { dp5Integrator } from '../../src/solve/dp5.ts';
import type { Integrator } from '../../src/solve/types.ts';

/** The generic dp5 (src/solve/dp5.ts): the reference the generated kernels are tested against. */
const reference: Integrator = {
  name: 'dp5',
  solve: (problem, options, observer) => dp5Integrator.solve({ ...problem, generated: undefined }, options, observer),
};

describe('the generated dp5 kernel', () => {
  // Lemaire with PTH as events (W1 of the bench), with its observer protocol; bone-rankl scenarios with doses,
  // knockouts and inputs of time; Pivonka; Komarova with state events (the observer called on every step).
  it.each([
    'scenarios/lemaire-pth-10-years.yaml',
    'scenarios/lemaire-pth-injection.yaml',
    'scenarios/denosumab.yaml',
    'scenarios/teriparatide-daily.yaml',
    'scenarios/estrogen-deficiency.yaml',
    'scenarios/pivonka-pth-infusion.yaml',
    'scenarios/komarova-remodeling-cycle.yaml',
  ])('%s: the same steps and the same values as the generic dp5', (file) => {
    const { scenario, model } = loadScenario(file);
    const options = { maxSteps: 400_000 };
    const kernel = simulate(scenario, model, { ...options, integrator: dp5Integrator });
    const generic = simulate(scenario, model, { ...options, integrator: reference });
    expect(kernel.stats.steps).toBeGreaterThan(10);
    expect(kernel.stats.steps).toBe(generic.stats.steps);
    expect(kernel.stats.rejectedSteps).toBe(generic.stats.rejectedSteps);
    expect(kernel.stats.rhsEvaluations).toBe(generic.stats.rhsEvaluations);
    expect(kernel.times).toEqual(generic.times);
    expect(kernel.events).toEqual(generic.events);
    for (const name of kernel.columns) {
      const a = kernel.series[name];
      const b = generic.series[name];
      for (let k = 0; k < a.length; k++) {
        // Same arithmetic in the same order: equal to the last bit, or within rounding where V8 contracts differently.
        expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(b[k])));
      }
    }
  });

  it('W2 of the bench (Lemaire with PTH events, parameters and start state per run, final state only): the same steps and end states', () => {
    const { scenario, model } = loadScenario('scenarios/lemaire-pth-10-years.yaml');
    const kernel = prepareSimulation(scenario, model, { rtol: 1e-6, atol: 1e-12, integrator: dp5Integrator });
    const generic = prepareSimulation(scenario, model, { rtol: 1e-6, atol: 1e-12, integrator: reference });
    const index = (name: string) => kernel.compiled.speciesIndex(name);
    for (let i = 0; i < 8; i++) {
      const factor = 0.8 + 0.05 * i;
      const start = Float64Array.from(kernel.compiled.y0);
      start[index('C')] *= 2 - factor;
      const variation = { parameters: { k_B: 0.189 * factor, D_R: 7e-4 / factor }, initialState: start, report: 'end' as const };
      const a = kernel.run(variation);
      const b = generic.run(variation);
      expect(a.stats.steps).toBe(b.stats.steps);
      expect(a.stats.rejectedSteps).toBe(b.stats.rejectedSteps);
      for (const name of a.columns) expect(Math.abs(a.series[name][0] - b.series[name][0])).toBeLessThanOrEqual(1e-13 * Math.abs(b.series[name][0]));
    }
  });
});
