import { FiniteDifferences } from './finiteDifferences.ts';
import { rosenbrockMessage, solveRodas5pWithKernel } from './kernels/rodas5pKernel.ts';
import { initialStep } from './initialStep.ts';
import { luFactor, luSolve } from './linalg.ts';
import { RODAS5P, type RosenbrockTableau } from './rodas5pTableau.ts';
import { resolveOptions } from './options.ts';
import { StepDriver } from './stepDriver.ts';
import type { DenseOutput, Integrator, IntegratorOptions, OdeProblem, Solution, SolutionStatus, StepObserver } from './types.ts';

/** Step-size controller constants (Hairer & Wanner's RODAS): shrink at most 5x, grow at most 6x. */
const SAFETY = 0.9;
const MAX_SHRINK = 5;
const MAX_GROWTH = 6;

/**
 * A stiffly accurate Rosenbrock–Wanner integrator (Rodas5P by default) for stiff problems:
 * one Jacobian and one LU factorisation of W = I/(h·gamma) − J per step, no Newton iterations.
 * Error control on the embedded solution (RMS norm of err_i / (atol + rtol·max|y_i|)),
 * predictive step-size control (Gustafsson, as in RODAS), a 4th-order dense output for output
 * times and state events, the problem's Jacobian when it has one and finite differences
 * otherwise. All work arrays are allocated once per solve; a step allocates nothing.
 *
 * When to use: models with fast and slow processes together (explicit binding kinetics,
 * pharmacokinetics next to cell dynamics), where odex needs very many tiny steps.
 *
 * @example
 * ```ts
 * const rodas5p = rosenbrockIntegrator(RODAS5P); // the same as rodas5pIntegrator
 * ```
 */
export function rosenbrockIntegrator(tableau: RosenbrockTableau = RODAS5P): Integrator {
  return {
    name: tableau.name,
    solve: (problem, options, observer) => solveRosenbrock(tableau, problem, options, observer),
  };
}

export const rodas5pIntegrator: Integrator = rosenbrockIntegrator(RODAS5P);

function solveRosenbrock(tableau: RosenbrockTableau, problem: OdeProblem, given: IntegratorOptions, observer?: StepObserver): Solution {
  const options = resolveOptions(problem, given, tableau.name);
  // A model's generated kernel takes the same steps with the same values, faster (src/solve/kernels/rodas5pKernel.ts).
  if (tableau === RODAS5P && problem.generated?.rodas5p && problem.t1 > problem.t0) return solveRodas5pWithKernel(problem.generated, problem, options, observer);
  const n = problem.y0.length;
  const s = tableau.stages;
  const { a, C, c, d, H, gamma } = tableau;
  const { rtol, atol } = options;
  const rhs = problem.rhs;
  const luOrder = problem.luOrder;
  if (luOrder && luOrder.length !== n) throw new RangeError(`luOrder has ${luOrder.length} entries, the problem ${n} states`);
  const driver = new StepDriver(problem, options, observer);
  const differences = new FiniteDifferences(rhs, n, Math.max(options.atol, Number.MIN_VALUE));
  const stats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0 };

  // Work arrays, allocated once.
  const y = Float64Array.from(problem.y0);
  const yNew = new Float64Array(n);
  const yOld = new Float64Array(n);
  const f0 = new Float64Array(n);
  const dfdt = new Float64Array(n);
  const J = new Float64Array(n * n);
  const W = new Float64Array(n * n);
  const pivots = new Int32Array(n);
  const rowScale = new Float64Array(n);
  const k: Float64Array[] = Array.from({ length: s }, () => new Float64Array(n));
  const stageY = new Float64Array(n);
  const stageF = new Float64Array(n);
  const dense = new Float64Array(3 * n);

  const evaluate = (t: number, state: Float64Array, out: Float64Array) => {
    rhs(t, state, out);
    stats.rhsEvaluations++;
  };

  // Dense output over the last accepted step [tOld, tOld + hOld].
  let tOld = problem.t0;
  let hOld = 0;
  const denseOutput: DenseOutput = (tq, out) => {
    const theta = (tq - tOld) / hOld;
    const theta1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      out[i] = theta1 * yOld[i] + theta * (yNew[i] + theta1 * (dense[i] + theta * (dense[n + i] + theta * dense[2 * n + i])));
    }
  };

  const finish = (status: SolutionStatus, message: string): Solution => {
    stats.rhsEvaluations += differences.evaluations;
    return {
      status, message, tEnd: driver.tLast, yEnd: driver.yLast, outputCount: driver.outputCount, outputs: driver.outputs,
      stats, method: tableau.name,
    };
  };

  const t0 = problem.t0;
  const t1 = problem.t1;
  const at = () => ({ t: driver.tLast, t1, h: 0, tLast: driver.tLast, maxSteps: options.maxSteps, nonFiniteComponent: driver.nonFiniteComponent, yLast: driver.yLast });
  if (t1 === t0) {
    driver.finish(t0, y);
    return finish('success', `reached t = ${t1} (an empty span)`);
  }
  const span = t1 - t0;
  const maxStep = Math.min(options.maxStep ?? span, span);
  const exponent = 1 / tableau.order; // error estimate of order p-1: err ~ h^p

  let t = t0;
  evaluate(t, y, f0);
  // The error estimate is of order p - 1 (the embedded solution's).
  let h = Math.min(initialStep(evaluate, t, span, y, f0, tableau.order - 1, rtol, atol, stageY, stageF), maxStep);
  let jacobianCurrent = false;
  let rejectedLast = false;
  let acceptedSteps = 0;
  let hAccepted = 0;
  let errAccepted = 0;
  let attempts = 0;
  let lastTrialNonFinite = false;

  while (true) {
    if (attempts >= options.maxSteps) {
      return finish('max-steps', rosenbrockMessage(tableau.name, 'max-steps', { ...at(), t }));
    }
    if (!(h > 10 * Number.EPSILON * Math.abs(t))) {
      const status = lastTrialNonFinite ? 'non-finite' : 'step-size-underflow';
      return finish(status, rosenbrockMessage(tableau.name, status, { ...at(), t, h }));
    }
    const last = t + 1.0001 * h >= t1;
    if (last) h = t1 - t;
    attempts++;

    // Jacobian and time derivative at (t, y): reused after a rejected step.
    if (!jacobianCurrent) {
      if (problem.jacobian) problem.jacobian(t, y, J);
      else differences.jacobian(t, y, f0, J);
      stats.jacobianEvaluations++;
      if (problem.autonomous) dfdt.fill(0);
      else differences.timeDerivative(t, y, f0, dfdt);
      jacobianCurrent = true;
    }

    const inverseHGamma = 1 / (h * gamma);
    for (let i = 0; i < n * n; i++) W[i] = -J[i];
    for (let i = 0; i < n; i++) W[i * n + i] += inverseHGamma;
    stats.luDecompositions++;
    if (!luFactor(W, n, pivots, rowScale, luOrder)) {
      // Singular iteration matrix: try a smaller step.
      h *= 0.5;
      rejectedLast = true;
      stats.rejectedSteps++;
      continue;
    }

    for (let stage = 0; stage < s; stage++) {
      const kStage = k[stage];
      if (stage === 0) {
        stageF.set(f0);
      } else {
        for (let i = 0; i < n; i++) {
          let sum = y[i];
          for (let j = 0; j < stage; j++) sum += a[stage * s + j] * k[j][i];
          stageY[i] = sum;
        }
        evaluate(t + c[stage] * h, stageY, stageF);
      }
      const hd = h * d[stage];
      for (let i = 0; i < n; i++) {
        let sum = stageF[i] + hd * dfdt[i];
        for (let j = 0; j < stage; j++) sum += (C[stage * s + j] / h) * k[j][i];
        kStage[i] = sum;
      }
      luSolve(W, n, pivots, kStage, luOrder);
    }

    // y_new = last stage value + k_s; the error estimate is k_s.
    const kLast = k[s - 1];
    let errSquares = 0;
    for (let i = 0; i < n; i++) {
      const value = stageY[i] + kLast[i];
      yNew[i] = value;
      const scale = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(value));
      const e = kLast[i] / scale;
      errSquares += e * e;
    }
    const err = Math.sqrt(errSquares / n);

    // A stage or estimate that is not finite (outside the right-hand side's domain, or overflow) is a rejected step.
    lastTrialNonFinite = !Number.isFinite(err);
    if (lastTrialNonFinite) {
      h /= MAX_SHRINK;
      rejectedLast = true;
      stats.rejectedSteps++;
      continue;
    }
    let factor = Math.max(1 / MAX_GROWTH, Math.min(MAX_SHRINK, err ** exponent / SAFETY));
    if (err > 1) {
      h = acceptedSteps === 0 && !rejectedLast ? h * 0.1 : h / factor;
      rejectedLast = true;
      stats.rejectedSteps++;
      continue;
    }

    // Accepted.
    if (acceptedSteps > 0) {
      // Gustafsson's predictive controller: use the error history to avoid oscillating step sizes.
      let predicted = ((hAccepted / h) * (err * err / errAccepted) ** exponent) / SAFETY;
      predicted = Math.max(1 / MAX_GROWTH, Math.min(MAX_SHRINK, predicted));
      factor = Math.max(factor, predicted);
    }
    hAccepted = h;
    errAccepted = Math.max(1e-2, err);
    acceptedSteps++;
    stats.steps++;

    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < s; j++) sum += H[r * s + j] * k[j][i];
        dense[r * n + i] = sum;
      }
    }
    yOld.set(y);
    tOld = t;
    hOld = h;
    const tNew = last ? t1 : t + h;
    y.set(yNew);
    t = tNew;
    jacobianCurrent = false;

    if (!driver.accept(tOld, t, y, denseOutput)) {
      return finish(driver.status, rosenbrockMessage(tableau.name, driver.status, at()));
    }
    if (last) {
      driver.finish(t1, y);
      return finish('success', rosenbrockMessage(tableau.name, 'success', at()));
    }
    evaluate(t, y, f0);

    let hNew = h / factor;
    if (rejectedLast) hNew = Math.min(hNew, h);
    rejectedLast = false;
    h = Math.min(hNew, maxStep);
  }
}
