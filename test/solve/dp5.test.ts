import { describe, expect, it } from 'vitest';
import { dp5Integrator } from '../../src/solve/dp5.ts';
import { odexIntegrator } from '../../src/solve/odex.ts';
import { DEFAULT_INTEGRATOR_OPTIONS, type OdeProblem } from '../../src/solve/types.ts';
import { expectMaxStepsReported, expectObserverStop, grid, scaledError } from './integratorContract.ts';
import scipyRk45 from './reference/scipy-rk45-steps.json' with { type: 'json' };


/** y' = -2 t y^2 (non-autonomous, nonlinear): y = 1 / (1 + t^2). */
const rational: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -2 * t * y[0] * y[0]), t0: 0, t1: 10, y0: Float64Array.of(1) };
const rationalExact = (t: number) => 1 / (1 + t * t);

/** Harmonic oscillator y'' = -omega^2 y. */
const omega = 2;
const oscillator: OdeProblem = {
  rhs: (t, y, dydt) => {
    dydt[0] = y[1];
    dydt[1] = -omega * omega * y[0];
  },
  t0: 0,
  t1: 10 * Math.PI,
  y0: Float64Array.of(1, 0),
};

describe('dp5 (Dormand-Prince 5(4))', () => {
  it.each([1e-4, 1e-7, 1e-10])('meets rtol %s on a nonlinear non-autonomous problem, at every output time (dense output)', (rtol) => {
    const atol = 1e-14;
    const outputTimes = grid(10, 97);
    const solution = dp5Integrator.solve(rational, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol, atol, outputTimes });
    expect(solution.status).toBe('success');
    expect(solution.method).toBe('dp5');
    expect(solution.outputCount).toBe(98);
    expect(solution.tEnd).toBe(10);
    for (let i = 0; i < outputTimes.length; i++) {
      expect(scaledError(solution.outputs[i], rationalExact(outputTimes[i]), rtol, atol)).toBeLessThan(20);
    }
  });

  it('solves the harmonic oscillator over ten periods against its analytic solution', () => {
    const outputTimes = grid(10 * Math.PI, 400);
    const solution = dp5Integrator.solve(oscillator, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-10, atol: 1e-12, outputTimes });
    expect(solution.status).toBe('success');
    let worst = 0;
    for (let i = 0; i < outputTimes.length; i++) {
      const t = outputTimes[i];
      worst = Math.max(worst, Math.abs(solution.outputs[2 * i] - Math.cos(omega * t)), Math.abs(solution.outputs[2 * i + 1] + omega * Math.sin(omega * t)));
    }
    expect(worst).toBeLessThan(1e-8);
    // FSAL: 6 new evaluations per step, plus 2 at the start (derivative and initial-step probe).
    const { steps, rejectedSteps, rhsEvaluations } = solution.stats;
    expect(rhsEvaluations).toBe(6 * (steps + rejectedSteps) + 2);
  });

  it('converges with order 5 (global error at fixed step sizes, steps forced by maxStep and loose tolerances)', () => {
    // With a huge tolerance the controller always proposes the largest step: maxStep fixes h.
    const errorAt = (h: number) => {
      const solution = dp5Integrator.solve(rational, { rtol: 1, atol: 1, maxSteps: 1e6, maxStep: h });
      return Math.abs(solution.yEnd[0] - rationalExact(10));
    };
    // Observed orders for h = 0.2 ... 0.0125: 5.9, 5.5, 5.3, 5.1 (approaching 5 from above).
    const order = Math.log2(errorAt(0.025) / errorAt(0.0125));
    expect(order).toBeGreaterThan(4.8);
    expect(order).toBeLessThan(5.3);
  });

  it('interpolates with the 4th-order continuous extension (error between steps shrinks like h^5 locally)', () => {
    // Output times in the middle of fixed steps: the interpolation error, measured against the exact solution.
    const interpolationError = (h: number) => {
      const outputTimes = Float64Array.from({ length: 20 }, (_, k) => 1 + (k + 0.37) * h);
      const solution = dp5Integrator.solve({ ...rational, t1: 1 + 21 * h }, { rtol: 1, atol: 1, maxSteps: 1e6, maxStep: h, outputTimes });
      let worst = 0;
      for (let i = 0; i < outputTimes.length; i++) worst = Math.max(worst, Math.abs(solution.outputs[i] - rationalExact(outputTimes[i])));
      return worst;
    };
    const order = Math.log2(interpolationError(0.1) / interpolationError(0.05));
    expect(order).toBeGreaterThan(3.7);
  });

  it('samples many output times per step (batch) exactly as its single-point dense output does', () => {
    const outputTimes = grid(10 * Math.PI, 2997);
    const single = new Float64Array(2 * outputTimes.length);
    let next = 1; // t = 0 is the initial state
    const scratch = new Float64Array(2);
    const solution = dp5Integrator.solve(oscillator, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-7, atol: 1e-10, outputTimes }, (tPrev, t, y, dense) => {
      for (; next < outputTimes.length && outputTimes[next] <= t; next++) {
        if (outputTimes[next] === t) scratch.set(y);
        else dense(outputTimes[next], scratch);
        single.set(scratch, 2 * next);
      }
      return undefined;
    });
    single.set(oscillator.y0, 0);
    expect(solution.stats.steps).toBeLessThan(outputTimes.length / 3); // several outputs per step
    expect(Array.from(solution.outputs)).toEqual(Array.from(single));
  });

  it('agrees with odex on a coupled nonlinear system (Lotka-Volterra)', () => {
    const problem: OdeProblem = {
      rhs: (t, y, dydt) => {
        dydt[0] = 1.5 * y[0] - y[0] * y[1];
        dydt[1] = -3 * y[1] + y[0] * y[1];
      },
      t0: 0,
      t1: 15,
      y0: Float64Array.of(10, 5),
    };
    const outputTimes = grid(15, 150);
    const options = { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-10, atol: 1e-12, outputTimes };
    const ours = dp5Integrator.solve(problem, options);
    const reference = odexIntegrator.solve(problem, { ...options, rtol: 1e-13, atol: 1e-14 });
    expect(ours.status).toBe('success');
    let worst = 0;
    for (let i = 0; i < ours.outputs.length; i++) {
      worst = Math.max(worst, Math.abs(ours.outputs[i] - reference.outputs[i]) / Math.max(Math.abs(reference.outputs[i]), 1e-3));
    }
    expect(worst).toBeLessThan(1e-8);
  });

  // The reference counts come from scipy's RK45 (reference/scipy-rk45-steps.py wrote the JSON beside it).
  it.each(scipyRk45.runs)('takes exactly the steps of scipy RK45 on Lotka-Volterra (not at rest) at rtol $rtol', ({ rtol, atol, steps, rhsEvaluations, yEnd }) => {
    const problem: OdeProblem = {
      rhs: (t, y, dydt) => {
        dydt[0] = 1.5 * y[0] - y[0] * y[1];
        dydt[1] = -3 * y[1] + y[0] * y[1];
      },
      t0: 0,
      t1: 15,
      y0: Float64Array.of(10, 5),
    };
    const solution = dp5Integrator.solve(problem, { rtol, atol });
    expect(solution.stats.steps).toBe(steps);
    expect(solution.stats.rhsEvaluations).toBe(rhsEvaluations);
    for (let i = 0; i < 2; i++) expect(Math.abs(solution.yEnd[i] - yEnd[i])).toBeLessThan(1e-9 * Math.abs(yEnd[i]) + 1e-15);
  });

  it('reports max-steps, never a silent partial answer, on a stiff problem', () => {
    expectMaxStepsReported(dp5Integrator);
  });

  it('stops where an observer asks, with the state from dense output', () => {
    expectObserverStop(dp5Integrator);
  });

  it('flags a solution that blows up', () => {
    const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = y[0] * y[0]), t0: 0, t1: 2, y0: Float64Array.of(1) };
    const solution = dp5Integrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, maxSteps: 100_000 });
    expect(['non-finite', 'step-size-underflow', 'max-steps']).toContain(solution.status);
    expect(solution.tEnd).toBeLessThan(1.0000001);
  });

  it('returns the initial state for an empty interval', () => {
    const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -y[0]), t0: 3, t1: 3, y0: Float64Array.of(2) };
    const solution = dp5Integrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, outputTimes: Float64Array.of(3) });
    expect(solution.status).toBe('success');
    expect(solution.yEnd[0]).toBe(2);
    expect(solution.outputCount).toBe(1);
    expect(solution.stats.rhsEvaluations).toBe(0);
  });

  it('is repeatable: reusing its work arrays leaves no trace between integrations of different sizes', () => {
    const first = dp5Integrator.solve(oscillator, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-9 });
    dp5Integrator.solve(rational, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-9 });
    const again = dp5Integrator.solve(oscillator, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-9 });
    expect(Array.from(again.yEnd)).toEqual(Array.from(first.yEnd));
    expect(again.stats).toEqual(first.stats);
  });
});
