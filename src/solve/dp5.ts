import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6,
  E1, E3, E4, E5, E6, E7, NODES,
} from './dp5Tableau.ts';
import { Dp5Workspace, returnWorkspace, takeWorkspace } from './dp5Workspace.ts';
import { initialStep } from './initialStep.ts';
import { solveWithKernel } from './kernels/dp5Kernel.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { StepDriver } from './stepDriver.ts';
import type { Integrator, IntegratorOptions, OdeProblem, Solution, SolutionStatus, StepObserver } from './types.ts';

/** Step-size control of Hairer's DOPRI5 and scipy's RK45 (and the perf harness's c-dp5); the generated kernels use the same. */
export const SAFETY = 0.9;
export const MIN_FACTOR = 0.2;
export const MAX_FACTOR = 10;
// err^(-1/5) is computed as exp(-log(err) / 5): V8's Math.pow with a fractional exponent costs as much as a right-hand side.
export const ERROR_EXPONENT = -1 / 5;
/** The order of the embedded error estimate, for the initial step (scipy's `error_estimator_order`). */
export const ERROR_ESTIMATOR_ORDER = 4;



/**
 * bonesim's explicit Runge-Kutta method: Dormand-Prince 5(4) with local extrapolation, FSAL,
 * RMS error norm scaled by atol + rtol * max(|y|, |y_new|), step factor 0.9 * err^(-1/5) in
 * [0.2, 10] with no growth right after a rejection, Hairer's initial step, and the 4th-order
 * continuous extension for output times and state events (so outputs never limit the step).
 * This is the controller of Hairer's DOPRI5 and scipy's RK45: it takes their steps.
 * For non-stiff models; nothing is allocated per step.
 */
export const dp5Integrator: Integrator = {
  name: 'dp5',
  solve(problem: OdeProblem, given: IntegratorOptions, observer?: StepObserver): Solution {
    const options = resolveOptions(problem, given, 'dp5');
    // A model's generated kernel takes the same steps, faster (src/solve/kernels/dp5Kernel.ts).
    if (problem.generated) return solveWithKernel(problem.generated, problem, options, observer);
    const workspace = takeWorkspace(problem.y0.length);
    try {
      return integrate(problem, options, new StepDriver(problem, options, observer), workspace);
    } finally {
      returnWorkspace(workspace);
    }
  },
};

function integrate(problem: OdeProblem, options: ResolvedOptions, driver: StepDriver, w: Dp5Workspace): Solution {
  const { rhs, t0, t1 } = problem;
  const { rtol, atol, maxSteps } = options;
  const maxStep = options.maxStep ?? Infinity;
  const { n, y, yNew, yStage, k, stages, dense, denseBatch } = w;
  const [k1, k2, k3, k4, k5, k6] = stages;
  y.set(problem.y0);
  let rhsEvaluations = 0;
  let steps = 0;
  let rejectedSteps = 0;
  let status: SolutionStatus = 'success';
  let t = t0;
  let lastTrialNonFinite = false;

  if (t1 > t0) {
    rhs(t0, y, k1);
    let hAbs = Math.min(initialStep(rhs, t0, t1 - t0, y, k1, ERROR_ESTIMATOR_ORDER, rtol, atol, yStage, stages[1]), maxStep);
    rhsEvaluations += 2;
    integration: while (t < t1) {
      let rejectedThisStep = false;
      for (;;) {
        if (steps + rejectedSteps >= maxSteps) {
          status = 'max-steps';
          break integration;
        }
        if (hAbs < 10 * Number.EPSILON * Math.abs(t)) {
          status = lastTrialNonFinite ? 'non-finite' : 'step-size-underflow';
          break integration;
        }
        const tNew = t + hAbs >= t1 ? t1 : t + hAbs;
        const h = tNew - t;

        // Stages 2..7 (the 7th at the new solution), from one call site so that V8 inlines the right-hand side.
        for (let s = 1; s < 7; s++) {
          switch (s) {
            case 1:
              for (let i = 0; i < n; i++) yStage[i] = y[i] + h * (A21 * k1[i]);
              break;
            case 2:
              for (let i = 0; i < n; i++) yStage[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
              break;
            case 3:
              for (let i = 0; i < n; i++) yStage[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
              break;
            case 4:
              for (let i = 0; i < n; i++) yStage[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
              break;
            case 5:
              for (let i = 0; i < n; i++) yStage[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
              break;
            default:
              for (let i = 0; i < n; i++) yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
          }
          rhs(s >= 5 ? tNew : t + NODES[s] * h, s === 6 ? yNew : yStage, stages[s]);
        }
        rhsEvaluations += 6;

        let sum = 0;
        for (let i = 0; i < n; i++) {
          const error = h * (E1 * k[i] + E3 * k[2 * n + i] + E4 * k[3 * n + i] + E5 * k[4 * n + i] + E6 * k[5 * n + i] + E7 * k[6 * n + i]);
          const scaled = error / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i])));
          sum += scaled * scaled;
        }
        const errorNorm = Math.sqrt(sum / n);

        // A NaN estimate (a stage outside the right-hand side's domain) fails this test and is rejected below.
        if (errorNorm < 1) {
          let factor = errorNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * Math.exp(ERROR_EXPONENT * Math.log(errorNorm)));
          if (rejectedThisStep) factor = Math.min(1, factor);
          steps++;
          w.tOld = t;
          w.h = h;
          w.denseReady = false;
          driver.stepStart = t;
          driver.stepEnd = tNew;
          const goOn = driver.acceptStep(yNew, dense, denseBatch);
          // First Same As Last: the last stage is the derivative at the new point.
          for (let i = 0; i < n; i++) {
            y[i] = yNew[i];
            k[i] = k[6 * n + i];
          }
          t = tNew;
          hAbs = Math.min(h * factor, maxStep);
          if (!goOn) {
            status = driver.status;
            break integration;
          }
          break;
        }
        lastTrialNonFinite = !Number.isFinite(errorNorm);
        // NaN or infinite error (overflow in the trial step): shrink as much as allowed.
        hAbs = h * (lastTrialNonFinite ? MIN_FACTOR : Math.max(MIN_FACTOR, SAFETY * Math.exp(ERROR_EXPONENT * Math.log(errorNorm))));
        rejectedThisStep = true;
        rejectedSteps++;
      }
    }
  }
  if (status === 'success') driver.finish(t1, y);

  const stats = { steps, rejectedSteps, rhsEvaluations, jacobianEvaluations: 0 };
  const tEnd = status === 'success' ? t1 : driver.tLast;
  return {
    status,
    message: describe(status, driver, options, t, t1),
    tEnd,
    yEnd: driver.yLast,
    outputCount: driver.outputCount,
    outputs: driver.outputs,
    stats,
    method: 'dp5',
  };
}

/** Where an integration ended, as the message needs it. */
export interface EndState {
  readonly tLast: number;
  readonly yLast: Float64Array;
  readonly nonFiniteComponent: number;
}

export function describe(status: SolutionStatus, driver: EndState, options: ResolvedOptions, t: number, t1: number): string {
  switch (status) {
    case 'success':
      return 'reached the end of the interval';
    case 'stopped':
      return `stopped at t = ${driver.tLast} on request`;
    case 'max-steps':
      return `dp5 reached its limit of ${options.maxSteps} steps at t = ${t} of ${t1}: the problem may be stiff or the tolerances too tight`;
    case 'non-finite':
      return driver.nonFiniteComponent >= 0
        ? `state component ${driver.nonFiniteComponent} became ${driver.yLast[driver.nonFiniteComponent]} after t = ${driver.tLast}`
        : `the trial steps after t = ${t} overflowed to non-finite values however small the step`;
    case 'step-size-underflow':
      return `dp5's step size became too small for the floating-point resolution at t = ${t}: the problem may be stiff or the solution may blow up there`;
  }
}
