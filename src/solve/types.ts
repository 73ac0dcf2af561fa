/** An initial value problem dy/dt = f(t, y) on [t0, t1]; f writes into dydt and allocates nothing. */
export interface OdeProblem {
  /** Writes f(t, y) into dydt. */
  rhs: (t: number, y: Float64Array, dydt: Float64Array) => void;
  t0: number;
  t1: number;
  y0: Float64Array;
  /**
   * Optional analytic Jacobian: writes df_i/dy_j into J[i * n + j] (row-major), allocating nothing.
   * Stiff methods use it when given and finite differences otherwise.
   */
  jacobian?: (t: number, y: Float64Array, J: Float64Array) => void;
  /** True when f does not depend on t (stiff methods then skip the time derivative). */
  autonomous?: boolean;
  /**
   * Optional, for speed: the order in which stiff methods eliminate the LU of W = I/(h gamma) - J, a
   * permutation of 0..n-1 (a fill-reducing order of the Jacobian's sparsity, CompiledModel.luOrder);
   * default the natural order. A model's generated rodas5p kernel eliminates in the model's order.
   */
  luOrder?: ArrayLike<number>;
  /**
   * Optional, for speed: the same f as a model's generated kernel bound to its parameters. dp5 then
   * runs the kernel (the same steps and values as with `rhs`, src/solve/kernels/dp5Kernel.ts).
   */
  generated?: GeneratedProblem;
}

/** A compiled model's generated integrators, with the parameter vector and time clamp `rhs` uses. */
export interface GeneratedProblem {
  /** The model's dp5 stepper (one per model, cached). */
  readonly dp5: Dp5Kernel;
  /** The model's Rodas5P stepper, generated on first use (only stiff runs need it). */
  readonly rodas5p?: () => Rodas5pKernel;
  /** The parameters f reads (parameter-only values are computed from them once per integration). */
  readonly p: Float64Array;
  /** f reads t clamped to [tLow, tHigh] (a segment between switches of time; -Infinity, Infinity for none). */
  readonly tLow: number;
  readonly tHigh: number;
}

/** A generated dp5 stepper for one model (src/solve/kernels/dp5Kernel.ts). */
export interface Dp5Kernel {
  /** Number of states. */
  readonly n: number;
  /** The generated source, for inspection and for sharing with workers. */
  readonly source: string;
  /** The stepping loop (arguments in src/solve/kernels/dp5Kernel.ts). */
  readonly step: (...args: never[]) => void;
}

/** A generated Rodas5P stepper for one model (src/solve/kernels/rodas5pKernel.ts). */
export interface Rodas5pKernel {
  /** Number of states. */
  readonly n: number;
  /** Nonzero entries of the Jacobian, and cells of W's sparse LU (with fill-in): the sizes of its work arrays. */
  readonly jacobianEntries: number;
  readonly cells: number;
  /** The generated source, for inspection and for sharing with workers. */
  readonly source: string;
  /** The stepping loop (arguments in src/solve/kernels/rodas5pKernel.ts). */
  readonly step: (...args: never[]) => void;
}

/** Decides at the end of a window of accepted steps whether the rest should go to a stiff method. */
export interface StiffnessCheck {
  /** Accepted steps per window. */
  readonly window: number;
  /** After `steps` accepted steps ending at (t, y): true to stop and hand over. */
  windowEnd(t: number, y: Float64Array, steps: number): boolean;
}

/**
 * How to integrate. Every integrator fills in the defaults (DEFAULT_INTEGRATOR_OPTIONS) and refuses
 * invalid values and spans at its boundary (src/solve/options.ts).
 */
export interface IntegratorOptions {
  /** Relative tolerance, positive (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance, in the units of each state, positive (default 1e-14). */
  atol?: number;
  /** Largest number of steps (accepted and rejected) before the integrator gives up with status max-steps (default 100,000). */
  maxSteps?: number;
  /** Times at which to report the solution (through dense output), within [t0, t1], ascending. */
  outputTimes?: Float64Array;
  /** Optional cap on the step size. */
  maxStep?: number;
  /**
   * Optional storage for the outputs (at least outputTimes.length x states), reused by a caller
   * that copies them out after each integration: then Solution.outputs is this array.
   */
  outputBuffer?: Float64Array;
  /**
   * End of the whole run when this integration is one segment of it (between events): auto weighs
   * a switch to its stiff method against the steps left to the run, not to the segment (default t1).
   */
  horizon?: number;
  /** An earlier segment of the same run turned out stiff: auto starts with its stiff method. */
  knownStiff?: boolean;
  /**
   * An earlier segment of the same run handed over to the stiff method and found its steps, of this
   * mean length, too short to pay for their cost (Solution.stiffMeanStep): auto keeps to its explicit
   * method for as many steps as the stiff method's would cost, and hands over only after them.
   */
  stiffMeanStep?: number;
  /**
   * The observer has nothing to do on a step unless a state component is below its level here: the
   * integrator then skips the call on other steps (no call, no numbers boxed). Without it, every step.
   */
  observeOnlyBelow?: Float64Array;
  /**
   * auto's stiffness detector: consulted every `window` accepted steps (after the observer); when it
   * says stiff, the integration stops there with status 'stopped'. Only the non-stiff member gets one.
   */
  stiffness?: StiffnessCheck;
}

export const DEFAULT_INTEGRATOR_OPTIONS: Readonly<{ rtol: number; atol: number; maxSteps: number }> = Object.freeze({
  rtol: 1e-8,
  atol: 1e-14,
  maxSteps: 100_000,
});

/** Interpolates the solution anywhere inside the last accepted step, into `out`. */
export type DenseOutput = (t: number, out: Float64Array) => void;

/**
 * Optional, for speed: interpolates at times[from], ..., times[to - 1] (inside the last accepted
 * step) in one call, into out from row `row` on (n values per row).
 */
export type DenseOutputBatch = (times: Float64Array, from: number, to: number, out: Float64Array, row: number) => void;

/**
 * Watches accepted steps (e.g. for state events or forbidden values). Returning a time in
 * (tPrevious, t] stops the integration there, with the state taken from dense output.
 */
export type StepObserver = (tPrevious: number, t: number, y: Float64Array, dense: DenseOutput) => number | undefined;

export type SolutionStatus = 'success' | 'stopped' | 'max-steps' | 'non-finite' | 'step-size-underflow';

export interface SolverStats {
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
  /** LU factorisations of the iteration matrix (stiff methods only). */
  luDecompositions?: number;
  /** Of these, the factorisations a generated kernel handed to the generic dense LU because they needed row exchanges. */
  pivotedFactorisations?: number;
}

export interface Solution {
  status: SolutionStatus;
  /** What happened, in words (also for success). */
  message: string;
  /** Where the integration ended: t1 on success, the stop time, or the last accepted step on failure. */
  tEnd: number;
  yEnd: Float64Array;
  /** The solution at the requested output times that were reached (row-major: outputs x states). */
  outputCount: number;
  outputs: Float64Array;
  stats: SolverStats;
  method: string;
  /**
   * Set by auto when it handed over to its stiff method: whether the stiff steps were long enough to
   * pay for their cost against the explicit steps at their stability limit. A run split into segments
   * starts the later ones with the stiff method when true (options.knownStiff), keeps them explicit
   * when false (options.stiffMeanStep).
   */
  stiffPaysOff?: boolean;
  /** With stiffPaysOff false: the stiff method's mean step, for options.stiffMeanStep of the later segments. */
  stiffMeanStep?: number;
}

export interface Integrator {
  readonly name: string;
  /** Integrate the problem from t0 to t1; a numerical failure is a status in the Solution, not an exception. */
  solve(problem: OdeProblem, options: IntegratorOptions, observer?: StepObserver): Solution;
}
