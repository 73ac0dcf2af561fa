import { expect } from 'vitest';
import { DEFAULT_INTEGRATOR_OPTIONS, type Integrator, type OdeProblem } from '../../src/solve/types.ts';

/** n + 1 equally spaced output times on [0, t1]. */
export const grid = (t1: number, n: number) => Float64Array.from({ length: n + 1 }, (_, k) => (k * t1) / n);

/** Error scaled by the tolerance, as scipy's tests do: |y - exact| / (atol + rtol |exact|). */
export function scaledError(value: number, exact: number, rtol: number, atol: number): number {
  return Math.abs(value - exact) / (atol + rtol * Math.abs(exact));
}

/** An explicit method on stiff decay hits its step limit: that must be a status, never a silent partial answer. */
export function expectMaxStepsReported(integrator: Integrator): void {
  const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -1e5 * (y[0] - Math.cos(t))), t0: 0, t1: 100, y0: Float64Array.of(1) };
  const solution = integrator.solve(problem, { rtol: 1e-8, atol: 1e-12, maxSteps: 50, outputTimes: grid(100, 10) });
  expect(solution.status).toBe('max-steps');
  expect(solution.message).toMatch(/limit of 50 steps at t = [\d.e-]+ of 100/);
  expect(solution.tEnd).toBeLessThan(100);
  expect(solution.outputCount).toBeLessThan(11);
}

/** An observer stops the run at t = 2.5; the end state comes from dense output. */
export function expectObserverStop(integrator: Integrator): void {
  const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -y[0]), t0: 0, t1: 10, y0: Float64Array.of(1) };
  const solution = integrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, outputTimes: grid(10, 10) }, (tPrev, t) =>
    tPrev < 2.5 && t >= 2.5 ? 2.5 : undefined);
  expect(solution.status).toBe('stopped');
  expect(solution.tEnd).toBe(2.5);
  expect(solution.yEnd[0]).toBeCloseTo(Math.exp(-2.5), 9);
  expect(solution.outputCount).toBe(3); // t = 0, 1, 2; 2.5 is where the caller restarts
}

/**
 * y' = -(sqrt(y))^2 = -y, y(0) = 1, exactly e^-t, but NaN wherever y < 0. Once y is far below atol the
 * steps grow to the explicit stability limit and trial stages overshoot below zero: a NaN error
 * estimate must be a rejected step (shrink and retry), never an accepted one or a failed run.
 */
export function expectNonFiniteTrialRejected(integrator: Integrator): void {
  const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -(Math.sqrt(y[0]) ** 2)), t0: 0, t1: 60, y0: Float64Array.of(1) };
  let nonFiniteTrials = 0;
  const counted: OdeProblem = { ...problem, rhs: (t, y, dydt) => {
    problem.rhs(t, y, dydt);
    if (!Number.isFinite(dydt[0])) nonFiniteTrials++;
  } };
  const rtol = 1e-4;
  const atol = 1e-8;
  const outputTimes = grid(60, 60);
  const solution = integrator.solve(counted, { rtol, atol, outputTimes });
  expect(nonFiniteTrials).toBeGreaterThan(0); // the problem does provoke them
  expect(solution.status).toBe('success');
  expect(solution.stats.rejectedSteps).toBeGreaterThan(0);
  for (let k = 0; k < outputTimes.length; k++) expect(scaledError(solution.outputs[k], Math.exp(-outputTimes[k]), rtol, atol)).toBeLessThan(10);
}

/** Backward spans, non-finite times and start values, and tolerances that are not positive are refused, never "success". */
export function expectInvalidCallsRefused(integrator: Integrator): void {
  const decay: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -y[0]), t0: 0, t1: 1, y0: Float64Array.of(1) };
  const refused = (problem: OdeProblem, options: Parameters<Integrator['solve']>[1], pattern: RegExp) =>
    expect(() => integrator.solve(problem, options)).toThrow(pattern);
  refused({ ...decay, t0: 1, t1: 0 }, {}, /end time t1 = 0 is before the start time t0 = 1/);
  refused({ ...decay, t1: Number.NaN }, {}, /end time t1 is NaN/);
  refused({ ...decay, t1: Infinity }, {}, /end time t1 is Infinity/);
  refused({ ...decay, y0: Float64Array.of(Number.NaN) }, {}, /start value y0\[0\] is NaN/);
  refused(decay, { rtol: -1e-6 }, /rtol must be positive and finite, got -0.000001/);
  refused(decay, { atol: 0 }, /atol must be positive/);
  refused(decay, { maxSteps: 0 }, /maxSteps must be a positive whole number/);
  refused(decay, { maxStep: -1 }, /maxStep must be positive/);
  refused(decay, { outputTimes: Float64Array.of(0.5, 2) }, /output time 2 is outside the span \[0, 1\]/);
  refused(decay, { outputTimes: Float64Array.of(0.5, 0.25) }, /output times must ascend/);
  // The defaults stand in for options left out.
  const solution = integrator.solve(decay, {});
  expect(solution.status).toBe('success');
  expect(Math.abs(solution.yEnd[0] - Math.exp(-1))).toBeLessThan(1e-7);
  // An empty span is the start state itself.
  const empty = integrator.solve({ ...decay, t1: 0 }, { outputTimes: Float64Array.of(0) });
  expect(empty.status).toBe('success');
  expect(empty.tEnd).toBe(0);
  expect(empty.yEnd[0]).toBe(1);
  expect(empty.outputCount).toBe(1);
}
