import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
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
});
