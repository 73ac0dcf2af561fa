import { describe, expect, it } from 'vitest';
import { odexIntegrator } from '../../src/solve/odex.ts';
import { DEFAULT_INTEGRATOR_OPTIONS, type OdeProblem } from '../../src/solve/types.ts';
import { expectMaxStepsReported, expectObserverStop, grid, scaledError } from './integratorContract.ts';


describe('odex adapter', () => {
  it('solves exponential decay to the requested tolerance at every output time', () => {
    const k = 0.7;
    const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = -k * y[0]), t0: 0, t1: 20, y0: Float64Array.of(3) };
    const outputTimes = grid(20, 200);
    const rtol = 1e-10;
    const solution = odexIntegrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol, atol: 1e-14, outputTimes });
    expect(solution.status).toBe('success');
    expect(solution.outputCount).toBe(201);
    for (let i = 0; i < outputTimes.length; i++) {
      expect(scaledError(solution.outputs[i], 3 * Math.exp(-k * outputTimes[i]), rtol, 1e-14)).toBeLessThan(50);
    }
    expect(solution.tEnd).toBe(20);
  });

  it('solves a linear system (harmonic oscillator) against its analytic solution over ten periods', () => {
    const omega = 2;
    const problem: OdeProblem = {
      rhs: (t, y, dydt) => {
        dydt[0] = y[1];
        dydt[1] = -omega * omega * y[0];
      },
      t0: 0,
      t1: 10 * Math.PI,
      y0: Float64Array.of(1, 0),
    };
    const outputTimes = grid(10 * Math.PI, 400);
    const solution = odexIntegrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, rtol: 1e-10, atol: 1e-12, outputTimes });
    expect(solution.status).toBe('success');
    let worst = 0;
    for (let i = 0; i < outputTimes.length; i++) {
      const t = outputTimes[i];
      worst = Math.max(worst, Math.abs(solution.outputs[2 * i] - Math.cos(omega * t)), Math.abs(solution.outputs[2 * i + 1] + omega * Math.sin(omega * t)));
    }
    expect(worst).toBeLessThan(1e-8);
    expect(solution.stats.steps).toBeGreaterThan(10);
    expect(solution.stats.rhsEvaluations).toBeGreaterThan(solution.stats.steps);
  });

  it('reports max-steps, never a silent partial answer, when odex hits its step limit', () => {
    expectMaxStepsReported(odexIntegrator);
  });

  it('stops where an observer asks, with the state from dense output', () => {
    expectObserverStop(odexIntegrator);
  });

  it('flags a non-finite state', () => {
    const problem: OdeProblem = { rhs: (t, y, dydt) => void (dydt[0] = y[0] * y[0]), t0: 0, t1: 2, y0: Float64Array.of(1) };
    const solution = odexIntegrator.solve(problem, { ...DEFAULT_INTEGRATOR_OPTIONS, maxSteps: 100_000 });
    expect(['non-finite', 'max-steps']).toContain(solution.status);
    expect(solution.tEnd).toBeLessThan(1.0000001);
  });
});
