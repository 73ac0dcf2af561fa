import { Solver, Outcome } from 'odex';
import { resolveOptions } from './options.ts';
import { StepDriver } from './stepDriver.ts';
import type { DenseOutput, Integrator, IntegratorOptions, OdeProblem, Solution, StepObserver } from './types.ts';

/** Thrown out of odex's right-hand side callback when a trial stage or derivative is not finite. */
class NonFiniteTrial extends Error {}

/** How much a trial step is cut after a non-finite stage (odex's own stepSizeReductionFactor). */
const NON_FINITE_SHRINK = 0.5;

/**
 * The odex package (Hairer & Wanner's ODEX, Gragg-Bulirsch-Stoer extrapolation) behind our
 * integrator interface. odex is for non-stiff problems; when it runs out of steps it returns
 * a partial state with outcome MaxStepsExceeded, which becomes a max-steps status here.
 *
 * odex tests `err <= 1` and `err > 1`, so a NaN error estimate (a trial stage outside the right-hand
 * side's domain, e.g. x^1.1 of a negative x) is neither and its step can be accepted. Here, as in
 * dp5 and rodas5p, a non-finite stage is a rejected step: the callback throws, and odex restarts
 * from the last accepted step with the trial step halved, for one step, then goes on uncapped.
 * (Statistics of an attempt cut short count its accepted steps and the one rejection.)
 * The adapter allocates nothing per call (the array handed back is reused: odex copies it), but odex
 * itself slices the state on every call: see bonesim's own dp5 for hot loops.
 */
export const odexIntegrator: Integrator = {
  name: 'odex',
  solve(problem: OdeProblem, given: IntegratorOptions, observer?: StepObserver): Solution {
    const options = resolveOptions(problem, given, 'odex');
    const n = problem.y0.length;
    const { t1 } = problem;
    const driver = new StepDriver(problem, options, observer);
    const yBuffer = new Float64Array(n);
    const dydt = new Float64Array(n);
    // odex copies what the callback returns: one array, refilled on every call.
    const returned: number[] = Array.from({ length: n }, () => 0);
    let rhsEvaluations = 0;
    let steps = 0;
    let rejectedSteps = 0;
    // The furthest time a trial stage of the current step reached, to size the retry after a non-finite one.
    let tFurthest = problem.t0;
    const f = (t: number, y: number[]): number[] => {
      rhsEvaluations++;
      if (t > tFurthest) tFurthest = t;
      for (let i = 0; i < n; i++) yBuffer[i] = y[i];
      problem.rhs(t, yBuffer, dydt);
      for (let i = 0; i < n; i++) if (!Number.isFinite(yBuffer[i]) || !Number.isFinite(dydt[i])) throw new NonFiniteTrial();
      for (let i = 0; i < n; i++) returned[i] = dydt[i];
      return returned;
    };

    let interpolate: (c: number, t: number) => number = () => Number.NaN;
    const dense: DenseOutput = (t, out) => {
      for (let c = 0; c < n; c++) out[c] = interpolate(c, t);
    };
    const base = () => ({
      tEnd: driver.tLast, yEnd: driver.yLast, outputCount: driver.outputCount, outputs: driver.outputs,
      stats: { steps, rejectedSteps, rhsEvaluations, jacobianEvaluations: 0 }, method: 'odex',
    });
    if (t1 === problem.t0) {
      driver.finish(t1, problem.y0);
      return { ...base(), status: 'success', message: `reached t = ${t1} (an empty span)` };
    }

    let stopped = false;
    // After a non-finite trial: the capped step to retry with, taken alone before odex goes on uncapped.
    let retryStep: number | undefined;
    let initialStep: number | undefined;
    for (;;) {
      const start = driver.tLast;
      const solver = new Solver(n);
      solver.denseOutput = true;
      solver.relativeTolerance = options.rtol;
      solver.absoluteTolerance = options.atol;
      solver.maxSteps = Math.max(1, options.maxSteps - steps - rejectedSteps);
      const cap = Math.min(options.maxStep ?? Infinity, retryStep ?? Infinity);
      if (cap < Infinity) solver.maxStepSize = cap;
      if (initialStep !== undefined) solver.initialStepSize = initialStep;
      const single = retryStep !== undefined;
      let lastStep = 0;
      tFurthest = start;
      let result: ReturnType<Solver['solve']> | undefined;
      try {
        result = solver.solve(f, start, Array.from(driver.yLast), t1, (nr, tPrevious, t, y, denseFn) => {
          if (nr === 1 || !denseFn) return true; // the initial point
          interpolate = denseFn;
          steps++;
          lastStep = t - tPrevious;
          tFurthest = t;
          if (!driver.accept(tPrevious, t, y, dense)) {
            stopped = true;
            return false;
          }
          return !single;
        });
      } catch (error) {
        if (!(error instanceof NonFiniteTrial)) throw error;
      }
      if (stopped) break;
      if (result === undefined) {
        // A non-finite trial stage: reject the step, retry it halved from the last accepted state.
        rejectedSteps++;
        const tried = tFurthest - driver.tLast;
        retryStep = NON_FINITE_SHRINK * Math.min(tried > 0 ? tried : Infinity, retryStep ?? Infinity, options.maxStep ?? Infinity);
        if (!(retryStep > 10 * Number.EPSILON * Math.max(1, Math.abs(driver.tLast))) || !Number.isFinite(retryStep)) {
          return { ...base(), status: 'non-finite', message: `odex: the trial steps after t = ${driver.tLast} were not finite however small the step` };
        }
        if (steps + rejectedSteps >= options.maxSteps) return maxSteps();
        continue;
      }
      rejectedSteps += result.nReject;
      if (single && result.outcome === Outcome.EarlyReturn) {
        retryStep = undefined;
        initialStep = lastStep;
        continue;
      }
      if (result.outcome === Outcome.MaxStepsExceeded) return maxSteps();
      // Converged: the last step ends at t1 up to rounding; outputs due at t1 take the final state.
      driver.finish(t1, result.y);
      return { ...base(), tEnd: t1, status: 'success', message: `reached t = ${t1}` };
    }

    if (driver.status === 'non-finite') {
      return { ...base(), status: 'non-finite', message: `state component ${driver.nonFiniteComponent} stopped being finite after t = ${driver.tLast}` };
    }
    return { ...base(), status: 'stopped', message: `stopped at t = ${driver.tLast} on request` };

    function maxSteps(): Solution {
      return {
        ...base(),
        status: 'max-steps',
        message: `odex reached its limit of ${options.maxSteps} steps at t = ${Number(driver.tLast.toPrecision(6))} of ${Number(t1.toPrecision(6))}: ` +
          'the problem may be stiff or the tolerances too tight',
      };
    }
  },
};
