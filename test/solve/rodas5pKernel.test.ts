import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { luFactor } from '../../src/solve/linalg.ts';
import { rodas5pIntegrator } from '../../src/solve/rosenbrock.ts';
import { findSteadyState } from '../../src/solve/steadyState.ts';
import type { Integrator, OdeProblem } from '../../src/solve/types.ts';

/** The generic Rosenbrock integrator (src/solve/rosenbrock.ts): the reference the generated kernel is tested against. */
const reference: Integrator = {
  name: 'rodas5p',
  solve: (problem, options, observer) => rodas5pIntegrator.solve({ ...problem, generated: undefined }, options, observer),
};

/** A model's problem as simulate() builds it: bound right-hand side, analytic Jacobian and the generated kernels. */
function problemOf(modelFile: string, parameters: Record<string, number>, t1: number): OdeProblem {
  const compiled = compileModel(loadModel(modelFile));
  const y0 = Float64Array.from(findSteadyState(compiled, compiled.p0, compiled.y0).y);
  const p = Float64Array.from(compiled.p0);
  for (const [name, value] of Object.entries(parameters)) p[compiled.parameterIndex(name)] = value;
  const bound = compiled.bindRhs(p);
  bound.refresh();
  return {
    rhs: bound.fn,
    jacobian: (t, y, J) => compiled.jacobian(t, y, p, J),
    autonomous: compiled.autonomous,
    luOrder: compiled.luOrder,
    t0: 0,
    t1,
    y0,
    generated: { dp5: compiled.dp5Kernel(), rodas5p: compiled.rodas5pKernel, p, tLow: -Infinity, tHigh: Infinity },
  };
}

describe('the generated rodas5p kernel', () => {
  // Autonomous and time-dependent models (inputs of time: the time derivative by differences), doses and
  // knockouts as events, state events (Komarova: the observer on every step), a stiff PK model, Lemaire with PTH.
  it.each([
    'scenarios/opg-knockout.yaml',
    'scenarios/denosumab-stop.yaml',
    'scenarios/estrogen-deficiency.yaml',
    'scenarios/menopause.yaml',
    'scenarios/komarova-remodeling-cycle.yaml',
    'scenarios/lemaire-pth-10-years.yaml',
    'scenarios/pivonka-explicit-pth-infusion.yaml',
    'scenarios/metastasis-osteolytic.yaml',
  ])('%s: the same steps and, bit for bit, the same values as the generic rodas5p', (file) => {
    const { scenario, model } = loadScenario(file);
    const options = { maxSteps: 400_000 };
    const kernel = simulate(scenario, model, { ...options, integrator: rodas5pIntegrator });
    const generic = simulate(scenario, model, { ...options, integrator: reference });
    expect(kernel.stats.steps).toBeGreaterThan(5);
    expect(kernel.stats.steps).toBe(generic.stats.steps);
    expect(kernel.stats.rejectedSteps).toBe(generic.stats.rejectedSteps);
    expect(kernel.stats.rhsEvaluations).toBe(generic.stats.rhsEvaluations);
    expect(kernel.stats.jacobianEvaluations).toBe(generic.stats.jacobianEvaluations);
    expect(kernel.stats.luDecompositions).toBe(generic.stats.luDecompositions);
    expect(kernel.times).toEqual(generic.times);
    expect(kernel.events).toEqual(generic.events);
    // The same operations in the same order: equal to the last bit.
    for (const name of kernel.columns) expect(kernel.series[name]).toEqual(generic.series[name]);
  });

  it('bone-rankl-explicit (31 species, explicit RANKL binding), the stiff peer workload: the same steps and values, including the steps whose LU needs row exchanges', () => {
    const problem = problemOf('models/bone-rankl-explicit.yaml', { beta_OPG: 0 }, 3652.5);
    const outputTimes = Float64Array.from({ length: 121 }, (_, k) => (3652.5 * k) / 120);
    const options = { rtol: 1e-6, atol: 1e-12, maxSteps: 100_000, outputTimes };
    const kernel = rodas5pIntegrator.solve(problem, options);
    const generic = reference.solve(problem, options);
    expect(kernel.status).toBe('success');
    expect(generic.status).toBe('success');
    expect(kernel.message).toBe(generic.message);
    // W's diagonal is not always the pivot luFactor chooses here (membrane RANKL against its complexes): a few
    // steps (2 of 169 in the model's elimination order, CompiledModel.luOrder) go to the dense LU in that order.
    expect(kernel.stats.pivotedFactorisations).toBeGreaterThan(0);
    expect(kernel.stats.pivotedFactorisations).toBeLessThan(kernel.stats.luDecompositions!);
    const { pivotedFactorisations, ...kernelStats } = kernel.stats;
    expect(kernelStats).toEqual(generic.stats);
    expect(kernel.outputCount).toBe(121);
    expect(kernel.outputs).toEqual(generic.outputs);
    expect(kernel.yEnd).toEqual(generic.yEnd);
  });

  it('fails the way the generic method fails: a step limit, with the same state, time and message', () => {
    const problem = problemOf('models/bone-rankl.yaml', { beta_OPG: 0 }, 3652.5);
    const options = { maxSteps: 40 };
    const kernel = rodas5pIntegrator.solve(problem, options);
    const generic = reference.solve(problem, options);
    expect(kernel.status).toBe('max-steps');
    expect(generic.status).toBe('max-steps');
    expect(kernel.message).toBe(generic.message);
    expect(kernel.tEnd).toBe(generic.tEnd);
    expect(kernel.yEnd).toEqual(generic.yEnd);
  });

  it('an observer that stops the run: the stop state from dense output, as the generic method gives it', () => {
    const problem = problemOf('models/bone-rankl.yaml', { beta_OPG: 0 }, 3652.5);
    const stopAt = 1234.5;
    const observer = (tPrevious: number, t: number) => (tPrevious < stopAt && t >= stopAt ? stopAt : undefined);
    const kernel = rodas5pIntegrator.solve(problem, {}, observer);
    const generic = reference.solve(problem, {}, observer);
    expect(kernel.status).toBe('stopped');
    expect(kernel.tEnd).toBe(stopAt);
    expect(kernel.message).toBe(generic.message);
    expect(kernel.yEnd).toEqual(generic.yEnd);
  });
});

describe('threshold partial pivoting (luFactor)', () => {
  it('keeps the diagonal while it is within 1/1000 of the largest scaled entry of its column, and swaps beyond', () => {
    const pivotsOf = (below: number) => {
      const a = Float64Array.from([1, 1, below, 1]);
      const pivots = new Int32Array(2);
      expect(luFactor(a, 2, pivots, new Float64Array(2))).toBe(true);
      return pivots[0];
    };
    expect(pivotsOf(500)).toBe(0); // row scales: row 1's max is 500, so its scaled entry is 1 against the diagonal's 1
    const a = Float64Array.from([1e-3, 1, 1, 1]);
    const pivots = new Int32Array(2);
    expect(luFactor(a, 2, pivots, new Float64Array(2))).toBe(true);
    expect(pivots[0]).toBe(0); // 1e-3 against 1: exactly at the threshold
    const b = Float64Array.from([0.9e-3, 1, 1, 1]);
    expect(luFactor(b, 2, pivots, new Float64Array(2))).toBe(true);
    expect(pivots[0]).toBe(1); // below it: the larger row
  });
});
