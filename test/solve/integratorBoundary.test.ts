import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { dp5Integrator } from '../../src/solve/dp5.ts';
import { integratorNamed } from '../../src/solve/methods.ts';
import { odexIntegrator } from '../../src/solve/odex.ts';
import { rodas5pIntegrator } from '../../src/solve/rosenbrock.ts';
import { expectInvalidCallsRefused, expectNonFiniteTrialRejected } from './integratorContract.ts';

const integrators = [dp5Integrator, odexIntegrator, rodas5pIntegrator, integratorNamed('auto')];

describe.each(integrators.map((integrator) => [integrator.name, integrator] as const))('%s at its boundary', (_, integrator) => {
  it('rejects a step whose stages or error estimate are not finite, and retries it smaller', () => {
    expectNonFiniteTrialRejected(integrator);
  });

  it('refuses backward spans, non-finite times and invalid tolerances; fills in the defaults', () => {
    expectInvalidCallsRefused(integrator);
  });
});

describe("Komarova 2003 at its Hopf point (g11 = 1.1), 1000 days from the Fig. 2 start", () => {
  // Trial stages can take x1 below zero, where x1^1.1 is NaN: odex 2.0.4 accepted such a step and
  // the default method reported "the solution stopped being finite".
  const { scenario, model } = loadScenario('scenarios/komarova-remodeling-cycle.yaml');
  const run = (method: string, tolerances = {}) =>
    simulate({ ...scenario, duration: 1000, parameters: { g11: 1.1 }, expectations: [], solver: { ...scenario.solver, method } }, model, tolerances);

  it('runs with the default method and agrees with dp5 and rodas5p', () => {
    const byDefault = run(scenario.solver.method);
    expect(byDefault.solver.method).toBe('auto');
    const reference = run('dp5', { rtol: 1e-11, atol: 1e-12 });
    for (const other of [byDefault, run('rodas5p')]) {
      for (const name of ['x1', 'x2']) {
        const a = other.series[name];
        const b = reference.series[name];
        let worst = 0;
        const scale = Math.max(...b);
        for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]) / scale);
        expect(worst).toBeLessThan(1e-4); // measured: auto (odex) 2.1e-5 of the amplitude, rodas5p 1.4e-6
      }
    }
    // At the Hopf point the remodelling cycles neither die out nor grow without bound.
    const x1 = reference.series.x1;
    const late = x1.slice(600);
    expect(Math.max(...late)).toBeGreaterThan(5);
    expect(Math.max(...late)).toBeLessThan(Math.max(...x1) * 1.01);
  });
});
