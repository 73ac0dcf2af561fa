import { describe, expect, it } from 'vitest';
import { rodas5pIntegrator } from '../../src/solve/rosenbrock.ts';
import { findSignChange } from '../../src/solve/rootFinding.ts';
import type { OdeProblem, SolverStats } from '../../src/solve/types.ts';
import { hires, oregonator, robertson, vanDerPol, type StiffProblem } from './stiffProblems.ts';

/** Error scaled by the tolerance, as scipy's tests do: |y - ref| / (atol + rtol |ref|). */
function worstScaledError(y: ArrayLike<number>, reference: number[], rtol: number, atol: number): number {
  return Math.max(...reference.map((r, i) => Math.abs(y[i] - r) / (atol + rtol * Math.abs(r))));
}

interface Budget { steps: number; rhsEvaluations: number; jacobianEvaluations: number; luDecompositions: number }

// Work measured at rtol 1e-8 with the analytic Jacobian (Robertson 651 steps, 5223 f, 651 J, 653 LU;
// HIRES 784/6301/784/788; Van der Pol 948/7669/948/960; Oregonator 2346/18825/2346/2354), plus ~15%:
// a regression in step control or in the method makes these fail.
const CASES: Array<{ make: () => StiffProblem; rtol: number; atol: number; budget: Budget }> = [
  { make: robertson, rtol: 1e-8, atol: 1e-14, budget: { steps: 750, rhsEvaluations: 6000, jacobianEvaluations: 750, luDecompositions: 760 } },
  { make: hires, rtol: 1e-8, atol: 1e-12, budget: { steps: 900, rhsEvaluations: 7250, jacobianEvaluations: 900, luDecompositions: 910 } },
  { make: vanDerPol, rtol: 1e-8, atol: 1e-8, budget: { steps: 1090, rhsEvaluations: 8800, jacobianEvaluations: 1090, luDecompositions: 1110 } },
  { make: oregonator, rtol: 1e-8, atol: 1e-8, budget: { steps: 2700, rhsEvaluations: 21650, jacobianEvaluations: 2700, luDecompositions: 2710 } },
];

function withinBudget(stats: SolverStats, budget: Budget): void {
  expect(stats.steps).toBeLessThanOrEqual(budget.steps);
  expect(stats.rhsEvaluations).toBeLessThanOrEqual(budget.rhsEvaluations);
  expect(stats.jacobianEvaluations).toBeLessThanOrEqual(budget.jacobianEvaluations);
  expect(stats.luDecompositions).toBeLessThanOrEqual(budget.luDecompositions);
}

describe('Rodas5P on the stiff test problems of the Bari Test Set (Mazzia & Magherini)', () => {
  describe.each(CASES)('$make.name', ({ make, rtol, atol, budget }) => {
    it('reaches the published reference solution within the tolerance, inside its work budget', () => {
      const { problem, reference } = make();
      const solution = rodas5pIntegrator.solve(problem, { rtol, atol, maxSteps: 100_000 });
      expect(solution.status).toBe('success');
      expect(solution.tEnd).toBe(problem.t1);
      expect(worstScaledError(solution.yEnd, reference, rtol, atol)).toBeLessThan(1);
      withinBudget(solution.stats, budget);
      expect(solution.method).toBe('rodas5p');
    });

    it('gets the same answer with a finite-difference Jacobian', () => {
      const { problem, reference } = make();
      delete problem.jacobian;
      const solution = rodas5pIntegrator.solve(problem, { rtol, atol, maxSteps: 100_000 });
      expect(solution.status).toBe('success');
      expect(worstScaledError(solution.yEnd, reference, rtol, atol)).toBeLessThan(1);
      // n extra RHS evaluations per Jacobian, and otherwise the same work.
      expect(solution.stats.steps).toBeLessThanOrEqual(budget.steps);
      expect(solution.stats.rhsEvaluations).toBeLessThanOrEqual(budget.rhsEvaluations + budget.jacobianEvaluations * problem.y0.length);
    });
  });
});

/** Prothero-Robinson: y' = lambda (y - sin t) + cos t, y(0) = 0, exact y = sin t (non-autonomous). */
function protheroRobinson(lambda: number): OdeProblem {
  return { t0: 0, t1: 2, y0: Float64Array.of(0), rhs: (t, y, f) => void (f[0] = lambda * (y[0] - Math.sin(t)) + Math.cos(t)) };
}

/** Run with a fixed step h: tolerances so loose that every step is accepted, and maxStep = h. */
function fixedStepErrors(h: number) {
  const problem = protheroRobinson(-2);
  const outputTimes = Float64Array.from({ length: 40 }, (_, i) => 0.05 * (i + 0.5) + 0.0);
  const solution = rodas5pIntegrator.solve(problem, { rtol: 1e6, atol: 1e6, maxSteps: 1e6, maxStep: h, outputTimes });
  let dense = 0;
  for (let i = 0; i < outputTimes.length; i++) dense = Math.max(dense, Math.abs(solution.outputs[i] - Math.sin(outputTimes[i])));
  return { end: Math.abs(solution.yEnd[0] - Math.sin(2)), dense, rejected: solution.stats.rejectedSteps };
}

describe('Rodas5P order of accuracy', () => {
  it('converges with order 5 at the step ends and order >= 4 in its dense output (fixed steps)', () => {
    const coarse = fixedStepErrors(0.1);
    const fine = fixedStepErrors(0.05);
    expect(coarse.rejected + fine.rejected).toBe(0);
    const order = Math.log2(coarse.end / fine.end);
    expect(order).toBeGreaterThan(4.5);
    expect(order).toBeLessThan(6);
    expect(Math.log2(coarse.dense / fine.dense)).toBeGreaterThan(3.8);
  });
});

describe('Rodas5P through the step driver', () => {
  const decay: OdeProblem = { t0: 0, t1: 10, y0: Float64Array.of(1), autonomous: true, rhs: (t, y, f) => void (f[0] = -y[0]) };

  it('reports the solution at requested output times to the tolerance', () => {
    const outputTimes = Float64Array.from({ length: 101 }, (_, i) => i * 0.1);
    const solution = rodas5pIntegrator.solve(decay, { rtol: 1e-9, atol: 1e-14, maxSteps: 10_000, outputTimes });
    expect(solution.outputCount).toBe(101);
    for (let i = 0; i < 101; i++) expect(Math.abs(solution.outputs[i] - Math.exp(-outputTimes[i]))).toBeLessThan(2e-9 * Math.exp(-outputTimes[i]) + 1e-14);
  });

  it('stops where an observer locates a crossing on the dense output (a state event)', () => {
    const scratch = new Float64Array(1);
    const solution = rodas5pIntegrator.solve(decay, { rtol: 1e-10, atol: 1e-14, maxSteps: 10_000 }, (tPrevious, t, y, dense) => {
      if (y[0] >= 0.5) return undefined;
      const g = (tq: number) => (dense(tq, scratch), scratch[0] - 0.5);
      return findSignChange(g, tPrevious, t, g(tPrevious), y[0] - 0.5, 1e-13);
    });
    expect(solution.status).toBe('stopped');
    expect(Math.abs(solution.tEnd - Math.LN2)).toBeLessThan(1e-9);
    expect(Math.abs(solution.yEnd[0] - 0.5)).toBeLessThan(1e-9);
  });

  it('returns max-steps, not a silent partial answer, when it runs out of steps', () => {
    const { problem } = robertson();
    const solution = rodas5pIntegrator.solve(problem, { rtol: 1e-8, atol: 1e-14, maxSteps: 50 });
    expect(solution.status).toBe('max-steps');
    expect(solution.tEnd).toBeLessThan(problem.t1);
  });

  it('reports a blow-up as a failure status', () => {
    const blowUp: OdeProblem = { t0: 0, t1: 2, y0: Float64Array.of(1), rhs: (t, y, f) => void (f[0] = y[0] * y[0]) };
    const solution = rodas5pIntegrator.solve(blowUp, { rtol: 1e-8, atol: 1e-12, maxSteps: 100_000 });
    expect(['non-finite', 'step-size-underflow', 'max-steps']).toContain(solution.status);
    expect(solution.tEnd).toBeLessThan(1.0001);
  });
});
