import { FiniteDifferences } from './finiteDifferences.ts';
import type { OdeProblem, StiffnessCheck } from './types.ts';

export interface StiffnessSettings {
  /** Look at the step sizes every this many accepted steps. */
  window: number;
  /** Switch only if the explicit method would still need at least this many steps at its current pace. */
  minimumRemainingSteps: number;
  /** h · rho(J) at or above this means the step is held at the explicit method's stability limit. */
  stabilityBound: number;
  /** rho(J) must exceed the solution's own relative rate of change this many times: the fast modes have died out. */
  separation: number;
}

/**
 * When does an explicit method's step size mean stiffness (odex's settings here, dp5's below)? An explicit method on a stiff problem takes steps
 * pinned near its stability limit h·rho(J) ≈ 4–6 (odex, measured on y' = lambda·y), however
 * smooth the solution is. But odex's high orders also take h·rho ≈ 2–2.6 on a plain oscillator
 * resolved to 1e-8, so h·rho alone cannot tell; what can is that in a stiff problem the fast
 * modes have died out: the solution itself moves much more slowly than rho(J) (its relative rate
 * max_i |f_i| / (|y_i| + atol/rtol) is far below rho), while an oscillator moves at rho.
 * Stiffness is also only worth a switch when odex would need many more steps at its current
 * pace to the end of the run (near a steady state every model is "stiff" and odex still needs
 * few steps; a run split by daily doses into one-day segments still needs many). Only then
 * is rho(J) estimated, by power iteration on the Jacobian (the problem's own, or finite
 * differences): a few n² products every `window` steps, allocation-free.
 */
export const DEFAULT_STIFFNESS_SETTINGS: Readonly<StiffnessSettings> = Object.freeze({
  window: 25,
  minimumRemainingSteps: 500,
  stabilityBound: 2,
  separation: 20,
});

/**
 * The same for dp5, auto's explicit member. Dormand-Prince 5(4)'s stability region reaches about
 * -3.3 on the real axis, but its steps held there oscillate between acceptance and rejection, and
 * their mean sits lower: measured h·rho(J) = 1.36 on y' = -1000 (y - cos t) at rtol 1e-8, 1.7-2.2 on
 * HIRES and the Oregonator, 2.5-2.7 on Robertson and Van der Pol (mu = 1000), against 0.08-0.3 on a
 * resolved oscillator. A bound of 1 catches all of these; the separation test keeps oscillators explicit.
 */
export const DP5_STIFFNESS_SETTINGS: Readonly<StiffnessSettings> = Object.freeze({
  ...DEFAULT_STIFFNESS_SETTINGS,
  stabilityBound: 1,
});

const POWER_ITERATIONS = 12;

export class StiffnessDetector implements StiffnessCheck {
  /** Why the detector decided the problem is stiff, for the result's message. */
  reason = '';
  /** Where it decided so (NaN until then). */
  stiffAt = Number.NaN;
  /** The explicit method's mean step in the window that decided it (NaN until then). */
  explicitStep = Number.NaN;
  /** Number of spectral-radius estimates made. */
  estimates = 0;
  private stepsInWindow = 0;
  private windowStart: number;
  private readonly n: number;
  private readonly J: Float64Array;
  private readonly f0: Float64Array;
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly differences: FiniteDifferences;
  /** Below this size a state counts as zero when measuring how fast the solution moves. */
  private readonly zeroLevel: number;

  constructor(
    private readonly problem: OdeProblem,
    private readonly settings: StiffnessSettings = DEFAULT_STIFFNESS_SETTINGS,
    atol = 1e-14,
    rtol = 1e-8,
    /** Where the whole run ends (a segment's t1 is not the end when events split the run). */
    private readonly horizon = problem.t1,
  ) {
    this.zeroLevel = atol / rtol;
    this.n = problem.y0.length;
    this.windowStart = problem.t0;
    this.J = new Float64Array(this.n * this.n);
    this.f0 = new Float64Array(this.n);
    this.v = new Float64Array(this.n);
    this.w = new Float64Array(this.n);
    this.differences = new FiniteDifferences(problem.rhs, this.n, atol);
  }

  /** RHS evaluations the detector itself spent (finite-difference Jacobians). */
  get rhsEvaluations(): number {
    return this.differences.evaluations + this.baseEvaluations;
  }

  private baseEvaluations = 0;

  get window(): number {
    return this.settings.window;
  }

  /** After an accepted step ending at (t, y): true when the rest should be integrated by a stiff method. */
  isStiff(t: number, y: Float64Array): boolean {
    if (++this.stepsInWindow < this.settings.window) return false;
    const steps = this.stepsInWindow;
    this.stepsInWindow = 0;
    return this.windowEnd(t, y, steps);
  }

  /** The end of a window of `steps` accepted steps, at (t, y) (an integrator that counts them itself calls this). */
  windowEnd(t: number, y: Float64Array, steps: number): boolean {
    const meanStep = (t - this.windowStart) / steps;
    this.windowStart = t;
    const remaining = (Math.max(this.horizon, this.problem.t1) - t) / meanStep;
    if (!(remaining >= this.settings.minimumRemainingSteps)) return false;
    const rho = this.spectralRadius(t, y);
    this.estimates++;
    if (meanStep * rho < this.settings.stabilityBound) return false;
    const rate = this.relativeRate(t, y);
    if (rho < this.settings.separation * rate) return false;
    this.reason = `at t = ${t.toPrecision(6)} the explicit steps (mean ${meanStep.toExponential(2)}) sat at the stability limit ` +
      `(h·rho(J) = ${(meanStep * rho).toFixed(1)}, rho(J) = ${rho.toExponential(2)} against the solution's rate ${rate.toExponential(2)}) ` +
      `with about ${remaining.toExponential(1)} steps to go`;
    this.stiffAt = t;
    this.explicitStep = meanStep;
    return true;
  }

  /** How fast the solution itself moves: max_i |f_i| / (|y_i| + atol/rtol). */
  private relativeRate(t: number, y: Float64Array): number {
    this.problem.rhs(t, y, this.f0);
    this.baseEvaluations++;
    let rate = 0;
    for (let i = 0; i < this.n; i++) rate = Math.max(rate, Math.abs(this.f0[i]) / (Math.abs(y[i]) + this.zeroLevel));
    return rate;
  }

  /** Growth per product of normalised power iteration, averaged over its second half (after the start vector has faded). */
  spectralRadius(t: number, y: Float64Array): number {
    const { n, J, v, w } = this;
    if (this.problem.jacobian) {
      this.problem.jacobian(t, y, J);
    } else {
      this.problem.rhs(t, y, this.f0);
      this.baseEvaluations++;
      this.differences.jacobian(t, y, this.f0, J);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      v[i] = 1 + i / n; // a fixed start, not special to any model
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
    let logGrowth = 0;
    for (let k = 0; k < POWER_ITERATIONS; k++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += J[i * n + j] * v[j];
        w[i] = sum;
      }
      norm = 0;
      for (let i = 0; i < n; i++) norm += w[i] * w[i];
      norm = Math.sqrt(norm);
      if (!(norm > 0) || !Number.isFinite(norm)) return norm === 0 ? 0 : Number.POSITIVE_INFINITY;
      if (2 * k >= POWER_ITERATIONS) logGrowth += Math.log(norm);
      for (let i = 0; i < n; i++) v[i] = w[i] / norm;
    }
    return Math.exp(logGrowth / (POWER_ITERATIONS / 2));
  }
}
