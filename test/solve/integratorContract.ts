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
