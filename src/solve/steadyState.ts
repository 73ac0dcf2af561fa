import { inputError, numericalError } from '../errors.ts';
import type { CompiledModel } from '../model/compile.ts';
import { luFactor, luSolve } from './linalg.ts';
import { integratorNamed } from './methods.ts';

export interface SteadyStateOptions {
  /** Newton iterations per attempt. */
  maxIterations?: number;
  /** How long to integrate before polishing with Newton, if Newton alone fails (model time units). */
  settleTime?: number;
}

export interface SteadyState {
  /** The full state vector; readout species (e.g. bone volume) keep their starting values. */
  y: Float64Array;
  /** Which path found it: Newton from the starting state, or integration forward then Newton. */
  method: 'newton' | 'integration+newton';
  iterations: number;
  /** Largest |dy/dt| / max(|y|, scale) over the non-readout species at the solution (per time unit). */
  residual: number;
}

const SQRT_EPS = Math.sqrt(Number.EPSILON);

/**
 * Newton factorises a dense n x n Jacobian at every iteration (n^3 work): beyond this many species a
 * steady state would take minutes. The published bone models have 3 to 31.
 */
export const MAX_STEADY_STATE_SPECIES = 600;

/**
 * Solve f(y) = 0 for the species that feed back on the dynamics, as COPASI does:
 * Newton with a line search from the starting state; if that fails, integrate forward (method auto)
 * and polish the end state with Newton. Readouts (species no rate reads) are held fixed.
 *
 * @example
 * ```ts
 * const compiled = compileModel(model);
 * const { y, method, residual } = findSteadyState(compiled, compiled.p0, compiled.y0);
 * ```
 */
export function findSteadyState(model: CompiledModel, p: Float64Array, y0: Float64Array, options: SteadyStateOptions = {}): SteadyState {
  const n = model.speciesNames.length;
  if (n > MAX_STEADY_STATE_SPECIES) {
    throw inputError(`model ${model.model.id} has ${n} species; steady states (dense Newton) are limited to ${MAX_STEADY_STATE_SPECIES}`, { file: model.model.file },
      'start the scenario from its initial values (start: initial), or reduce the model');
  }
  const maxIterations = options.maxIterations ?? 60;
  const first = newton(model, p, y0, maxIterations);
  // Newton can also land on an equilibrium the dynamics never reach (e.g. the trivial state with
  // no cells). If a population that was present vanished, let integration decide where the system goes.
  if (first.converged && !collapsed(model, y0, first.y)) {
    return { y: first.y, method: 'newton', iterations: first.iterations, residual: first.residual };
  }

  const settleTime = options.settleTime ?? 20_000;
  // auto: odex, or rodas5p if the model is stiff (e.g. explicit binding kinetics).
  const settled = integratorNamed('auto').solve(
    { rhs: (t, y, dydt) => model.rhs(t, y, p, dydt), jacobian: (t, y, J) => model.jacobian(t, y, p, J), autonomous: model.autonomous, t0: 0, t1: settleTime, y0 },
    { rtol: 1e-10, atol: 1e-16, maxSteps: 200_000 },
  );
  if (settled.status !== 'success' && first.converged) {
    return { y: first.y, method: 'newton', iterations: first.iterations, residual: first.residual };
  }
  if (settled.status === 'success') {
    const second = newton(model, p, settled.yEnd, maxIterations);
    if (second.converged) {
      const y = second.y;
      model.readouts.forEach((readout, i) => readout && (y[i] = y0[i]));
      return { y, method: 'integration+newton', iterations: first.iterations + second.iterations, residual: second.residual };
    }
    // The dynamics do head for the equilibrium Newton found with a population gone (a knockout's
    // osteoclast-free state), only slowly, so Newton cannot polish the end state on its own.
    if (first.converged && approaches(model, y0, settled.yEnd, first.y)) {
      return { y: first.y, method: 'integration+newton', iterations: first.iterations + second.iterations, residual: first.residual };
    }
  }
  const unit = model.model.timeUnit;
  const integration = settled.status === 'success'
    ? 'did not settle'
    : settled.status === 'non-finite'
      ? `ended in overflow after t = ${Number(settled.tEnd.toPrecision(4))} ${unit}`
      : `failed (${settled.message})`;
  throw numericalError(
    `no steady state found for model ${model.model.id}: Newton did not converge (largest relative rate ${first.residual.toExponential(2)} per ${unit}), ` +
      `and integrating forward for ${settleTime} ${unit} ${integration}`,
    { file: model.model.file },
    'start from initial values (start: initial), or check that the parameters admit a steady state',
  );
}

/** After integrating, every dynamic species is within 1 % of its starting size of the equilibrium. */
function approaches(model: CompiledModel, start: Float64Array, end: Float64Array, equilibrium: Float64Array): boolean {
  return model.readouts.every((readout, i) => readout || Math.abs(end[i] - equilibrium[i]) <= 0.01 * Math.max(Math.abs(start[i]), Math.abs(equilibrium[i])));
}

/** A species present at the start is (numerically) gone at the solution. */
function collapsed(model: CompiledModel, start: Float64Array, end: Float64Array): boolean {
  return model.readouts.some((readout, i) => !readout && start[i] > 0 && end[i] < 1e-9 * start[i]);
}

interface NewtonResult {
  y: Float64Array;
  converged: boolean;
  iterations: number;
  residual: number;
}

function newton(model: CompiledModel, p: Float64Array, start: Float64Array, maxIterations: number): NewtonResult {
  const free: number[] = [];
  model.readouts.forEach((readout, i) => !readout && free.push(i));
  const n = free.length;
  const y = Float64Array.from(start);
  const full = y.length;
  const dydt = new Float64Array(full);
  const trial = new Float64Array(full);
  const f = new Float64Array(n);
  const fTrial = new Float64Array(n);
  const jacobian = new Float64Array(n * n);
  const step = new Float64Array(n);
  const pivots = new Int32Array(n);
  const rowScale = new Float64Array(n);
  const nonnegative = model.model.species.map((s) => s.nonnegative);
  // A typical size per species, so zero-valued species still get a sensible perturbation and scale.
  let largest = 0;
  for (const i of free) largest = Math.max(largest, Math.abs(start[i]));
  const typical = free.map((i) => Math.max(Math.abs(start[i]), 1e-9 * largest, 1e-30));

  const evaluate = (state: Float64Array, out: Float64Array) => {
    model.rhs(0, state, p, dydt);
    for (let k = 0; k < n; k++) out[k] = dydt[free[k]];
  };
  const scaledNorm = (state: Float64Array, values: Float64Array) => {
    let worst = 0;
    for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(values[k]) / Math.max(Math.abs(state[free[k]]), typical[k]));
    return worst;
  };

  evaluate(y, f);
  let residual = scaledNorm(y, f);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (!Number.isFinite(residual)) return { y, converged: false, iterations: iteration, residual };
    // Forward-difference Jacobian of the free species.
    for (let c = 0; c < n; c++) {
      const i = free[c];
      const h = SQRT_EPS * Math.max(Math.abs(y[i]), typical[c]);
      trial.set(y);
      trial[i] = y[i] + h;
      evaluate(trial, fTrial);
      for (let r = 0; r < n; r++) jacobian[r * n + c] = (fTrial[r] - f[r]) / h;
    }
    if (!luFactor(jacobian, n, pivots, rowScale)) return { y, converged: false, iterations: iteration, residual };
    for (let k = 0; k < n; k++) step[k] = -f[k];
    luSolve(jacobian, n, pivots, step);

    // Stay non-negative, then backtrack until the residual falls.
    let lambda = 1;
    for (let k = 0; k < n; k++) {
      const i = free[k];
      if (nonnegative[i] && y[i] + step[k] < 0 && step[k] < 0) lambda = Math.min(lambda, (0.9 * y[i]) / -step[k]);
    }
    let accepted = false;
    for (let attempt = 0; attempt < 40; attempt++) {
      trial.set(y);
      for (let k = 0; k < n; k++) trial[free[k]] = y[free[k]] + lambda * step[k];
      evaluate(trial, fTrial);
      const trialResidual = scaledNorm(trial, fTrial);
      if (trialResidual < (1 - 1e-4 * lambda) * residual || trialResidual === 0) {
        accepted = true;
        residual = trialResidual;
        break;
      }
      lambda *= 0.5;
    }
    if (!accepted) {
      // No decrease possible: converged if already at rounding level, otherwise failed.
      return { y, converged: residual < 1e-12, iterations: iteration, residual };
    }
    let largestChange = 0;
    for (let k = 0; k < n; k++) {
      const i = free[k];
      largestChange = Math.max(largestChange, Math.abs(lambda * step[k]) / Math.max(Math.abs(trial[i]), typical[k]));
    }
    y.set(trial);
    f.set(fTrial);
    // Tiny steps only mean convergence when the rates are also ~0 (not stuck against a bound).
    if (residual === 0 || (largestChange < 1e-13 && residual < 1e-10)) return { y, converged: true, iterations: iteration, residual };
    if (largestChange < 1e-15) return { y, converged: false, iterations: iteration, residual };
  }
  return { y, converged: residual < 1e-12, iterations: maxIterations, residual };
}
