import { Solver, Outcome } from 'odex';
import { StepDriver } from './stepDriver.ts';
import type { DenseOutput, Integrator, IntegratorOptions, OdeProblem, Solution, StepObserver } from './types.ts';

/**
 * The odex package (Hairer & Wanner's ODEX, Gragg-Bulirsch-Stoer extrapolation) behind our
 * integrator interface. odex is for non-stiff problems; when it runs out of steps it returns
 * a partial state with outcome MaxStepsExceeded, which becomes a max-steps status here.
 * Its callback interface allocates arrays per call: see bonesim's own dp5 for hot loops.
 */
export const odexIntegrator: Integrator = {
  name: 'odex',
  solve(problem: OdeProblem, options: IntegratorOptions, observer?: StepObserver): Solution {
    const n = problem.y0.length;
    const driver = new StepDriver(problem, options, observer);
    const yBuffer = new Float64Array(n);
    const dydt = new Float64Array(n);
    let rhsEvaluations = 0;
    const f = (t: number, y: number[]): number[] => {
      rhsEvaluations++;
      for (let i = 0; i < n; i++) yBuffer[i] = y[i];
      problem.rhs(t, yBuffer, dydt);
      return Array.from(dydt);
    };

    const solver = new Solver(n);
    solver.denseOutput = true;
    solver.relativeTolerance = options.rtol;
    solver.absoluteTolerance = options.atol;
    solver.maxSteps = options.maxSteps;
    if (options.maxStep !== undefined) solver.maxStepSize = options.maxStep;

    let interpolate: (c: number, t: number) => number = () => Number.NaN;
    const dense: DenseOutput = (t, out) => {
      for (let c = 0; c < n; c++) out[c] = interpolate(c, t);
    };
    let stopped = false;
    const result = problem.t1 > problem.t0
      ? solver.solve(f, problem.t0, Array.from(problem.y0), problem.t1, (nr, tPrevious, t, y, denseFn) => {
        if (nr === 1 || !denseFn) return true; // the initial point
        interpolate = denseFn;
        if (!driver.accept(tPrevious, t, y, dense)) {
          stopped = true;
          return false;
        }
        return true;
      })
      : { outcome: Outcome.Converged, nStep: 0, nAccept: 0, nReject: 0, nEval: 0, y: Array.from(problem.y0), xEnd: problem.t1 };

    const stats = {
      steps: result.nAccept,
      rejectedSteps: result.nReject,
      rhsEvaluations,
      jacobianEvaluations: 0,
    };
    const base = { tEnd: driver.tLast, yEnd: driver.yLast, outputCount: driver.outputCount, outputs: driver.outputs, stats, method: 'odex' };
    if (stopped && driver.status === 'non-finite') {
      return { ...base, status: 'non-finite', message: `state component ${driver.nonFiniteComponent} stopped being finite after t = ${driver.tLast}` };
    }
    if (stopped) return { ...base, status: 'stopped', message: `stopped at t = ${driver.tLast} on request` };
    if (result.outcome === Outcome.MaxStepsExceeded) {
      return {
        ...base,
        status: 'max-steps',
        message: `odex reached its limit of ${options.maxSteps} steps at t = ${Number(driver.tLast.toPrecision(6))} of ${Number(problem.t1.toPrecision(6))}: ` +
          'the problem may be stiff or the tolerances too tight',
      };
    }
    // Converged: the last step ends at t1 up to rounding; outputs due at t1 take the final state.
    driver.finish(problem.t1, result.y);
    return { ...base, tEnd: problem.t1, outputCount: driver.outputCount, status: 'success', message: `reached t = ${problem.t1}` };
  },
};
