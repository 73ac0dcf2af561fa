import { streamKey, uniformAt } from '../ensemble/counterRandom.ts';
import { prepareTrial, type PreparedTrial } from '../trial/runTrial.ts';
import type { Trial } from '../trial/trial.ts';
import { fisherUncertainty, type Uncertainty } from './fisherInformation.ts';
import { levenbergMarquardt, type LeastSquaresResult } from './levenbergMarquardt.ts';
import type { Fit, FitParameter } from './parseFit.ts';

export interface FitProgress {
  start: number;
  starts: number;
  iteration: number;
  cost: number;
  evaluations: number;
  seconds: number;
}

export interface ParameterEstimate {
  parameter: FitParameter;
  value: number;
  /** 95 % interval from the Fisher information (log-scale parameters: exp of the interval of the logarithm). */
  low: number;
  high: number;
  /** Standard error of the fitted (transformed) value: of ln(value) for log-scale parameters. */
  standardError: number;
  atBound: boolean;
  identified: boolean;
}

export interface PointResidual {
  trial: string;
  arm: string;
  endpoint: string;
  visit: string;
  over?: string;
  data: number;
  model: number;
  residual: number;
  /** residual / sigma x sqrt(weight): what the fit squares. */
  weighted: number;
}

export interface FitResult {
  fit: Fit;
  estimates: ParameterEstimate[];
  /** Weighted sum of squared residuals at the fitted values, and at the first start. */
  ssr: number;
  startSsr: number;
  points: PointResidual[];
  uncertainty: Uncertainty;
  starts: Array<{ x: number[]; ssr: number; iterations: number; reason: LeastSquaresResult['reason'] }>;
  best: number;
  evaluations: number;
  seconds: number;
}

/** The fit's parameters as the optimiser sees them: logarithms for log-scale ones. */
const toInternal = (p: FitParameter, v: number) => (p.scale === 'log' ? Math.log(v) : v);
const toValue = (p: FitParameter, x: number) => (p.scale === 'log' ? Math.exp(x) : x);

/** The fit's trials as one function of the fitted parameters. */
export interface FitModel {
  /** Number of data points (the length of evaluate's output). */
  m: number;
  /** Write the model's value at every data point for internal parameters x (logarithms for log-scale ones). */
  evaluate(x: Float64Array, out: Float64Array): void;
}

export interface FitRunOptions {
  /**
   * Model values at several parameter points at once (the Jacobian's columns), e.g. on worker threads that
   * each hold fitModelValues(fit): points in the fit's internal (log or linear) scale, values flattened over the trials' data.
   */
  evaluateMany?(points: Float64Array[]): Promise<Float64Array[]>;
}

/**
 * The fit's model: every trial prepared once (at the fit's tolerance); evaluate(x, out) writes the model's value at
 * each data point (trials in order, each in its data order) for internal parameters x (logarithms for log-scale ones).
 *
 * @example
 * ```ts
 * const model = fitModelValues(fit);
 * const values = new Float64Array(model.m);
 * model.evaluate(Float64Array.from(fit.parameters, (p) => Math.log(p.start)), values);
 * ```
 */
export function fitModelValues(fit: Fit): FitModel {
  const prepared: PreparedTrial[] = fit.trials.map((t) => prepareTrial(withFitSolver(t.trial, fit.rtol, fit.atol), t.model));
  const base = prepared.map((p) => p.parameterVector());
  const indices = prepared.map((p) => fit.parameters.map((q) => p.parameterIndex(q.name)));
  const counts = prepared.map((p) => p.trial.data.length);
  const vectors = base.map((b) => Float64Array.from(b));
  const outs = counts.map((c) => new Float64Array(c));
  const m = counts.reduce((a, b) => a + b, 0);
  const evaluate = (x: Float64Array, out: Float64Array) => {
    let offset = 0;
    prepared.forEach((trial, t) => {
      const p = vectors[t];
      p.set(base[t]);
      fit.parameters.forEach((q, j) => (p[indices[t][j]] = toValue(q, x[j])));
      trial.evaluateData(p, outs[t]);
      out.set(outs[t], offset);
      offset += counts[t];
    });
  };
  return { m, evaluate };
}

/** A trial with the fit's tolerances (differences of runs must be smooth in the parameters). */
function withFitSolver(trial: Trial, rtol: number, atol?: number): Trial {
  return { ...trial, arms: trial.arms.map((arm) => ({ ...arm, scenario: { ...arm.scenario, solver: { ...arm.scenario.solver, rtol, atol: atol ?? arm.scenario.solver.atol } } })) };
}

/**
 * Fit the parameters to every data point of the fit's trials by weighted least squares: Levenberg-Marquardt
 * from each start (the first the given starts, the others drawn uniformly within the bounds, on the log scale
 * for log parameters, from the seed), the best start kept. Deterministic for a fixed seed.
 *
 * @example
 * ```ts
 * const result = await runFit(fitFromSource(readYamlFile('fits/shared.yaml'), trialFromDisk));
 * result.estimates.map((e) => [e.parameter.name, e.value, e.low, e.high]);
 * ```
 */
export async function runFit(fit: Fit, onProgress?: (progress: FitProgress) => void, options: FitRunOptions = {}): Promise<FitResult> {
  const started = performance.now();
  const model = fitModelValues(fit);
  const { m } = model;
  const n = fit.parameters.length;
  const data = Float64Array.from(fit.trials.flatMap((t) => t.trial.data.map((point) => point.value)));
  const scales = Float64Array.from(fit.scales.flatMap((s) => Array.from(s)));
  const raw = new Float64Array(m);
  let evaluations = 0;
  const weigh = (values: Float64Array, out: Float64Array) => {
    for (let i = 0; i < m; i++) out[i] = (values[i] - data[i]) * scales[i];
  };
  const residuals = (x: Float64Array, out: Float64Array) => {
    evaluations++;
    model.evaluate(x, raw);
    weigh(raw, out);
  };
  const residualsMany = options.evaluateMany
    ? async (points: Float64Array[], outs: Float64Array[]) => {
      evaluations += points.length;
      const values = await options.evaluateMany!(points);
      values.forEach((v, k) => weigh(v, outs[k]));
    }
    : undefined;

  const low = Float64Array.from(fit.parameters, (q) => toInternal(q, q.low));
  const high = Float64Array.from(fit.parameters, (q) => toInternal(q, q.high));
  const key = streamKey(fit.seed, 'members');
  const startPoints = Array.from({ length: fit.multistart }, (_, s) => (s === 0
    ? Float64Array.from(fit.parameters, (q) => toInternal(q, q.start))
    : Float64Array.from(fit.parameters, (_q, j) => low[j] + uniformAt(key, s, j) * (high[j] - low[j]))));

  const runs: LeastSquaresResult[] = [];
  let startSsr = NaN;
  for (let s = 0; s < startPoints.length; s++) {
    if (s === 0) {
      const r0 = new Float64Array(m);
      residuals(startPoints[0], r0);
      startSsr = r0.reduce((a, v) => a + v * v, 0);
    }
    try {
      runs.push(await levenbergMarquardt({ n, m, low, high, residuals, residualsMany }, startPoints[s], {
        maxIterations: fit.maxIterations,
        // 1 % of a log-scale parameter, a thousandth of a linear one's range: well above the simulations' noise at the fit's tolerance.
        differenceStep: Float64Array.from(fit.parameters, (q, j) => (q.scale === 'log' ? 1e-2 : 1e-3 * (high[j] - low[j]))),
        onIteration: (iteration, cost) => onProgress?.({ start: s + 1, starts: startPoints.length, iteration, cost, evaluations, seconds: (performance.now() - started) / 1000 }),
      }));
    } catch {
      // A start where the model cannot run (a failed simulation) is skipped; the others decide.
      runs.push({ x: startPoints[s], residuals: new Float64Array(m).fill(NaN), cost: Infinity, jacobian: new Float64Array(m * n), iterations: 0, evaluations: 0, reason: 'no progress' });
    }
  }
  let best = 0;
  runs.forEach((run, s) => {
    if (run.cost < runs[best].cost) best = s;
  });
  const winner = runs[best];
  if (!Number.isFinite(winner.cost)) throw new Error('no start could run the model');
  const uncertainty = fisherUncertainty(winner.jacobian, m, n);
  const estimates: ParameterEstimate[] = fit.parameters.map((q, j) => {
    const x = winner.x[j];
    const se = uncertainty.standardErrors[j];
    const z = 1.959963984540054;
    return {
      parameter: q,
      value: toValue(q, x),
      low: Number.isFinite(se) ? toValue(q, x - z * se) : q.scale === 'log' ? 0 : -Infinity,
      high: Number.isFinite(se) ? toValue(q, x + z * se) : Infinity,
      standardError: se,
      atBound: Math.abs(x - low[j]) < 1e-9 * Math.max(1, Math.abs(low[j])) || Math.abs(x - high[j]) < 1e-9 * Math.max(1, Math.abs(high[j])),
      identified: !uncertainty.unidentified[j],
    };
  });
  // Per-point residuals at the winner.
  const weightedAtBest = new Float64Array(m);
  residuals(winner.x, weightedAtBest);
  const points: PointResidual[] = [];
  let offset = 0;
  for (const { trial } of fit.trials) {
    trial.data.forEach((point, i) => {
      const value = raw[offset + i];
      points.push({ trial: trial.id, arm: point.arm, endpoint: point.endpoint, visit: point.visitText, over: point.over, data: point.value, model: value, residual: value - point.value, weighted: weightedAtBest[offset + i] });
    });
    offset += trial.data.length;
  }
  return {
    fit, estimates, ssr: winner.cost, startSsr, points, uncertainty,
    starts: runs.map((r) => ({ x: fit.parameters.map((q, j) => toValue(q, r.x[j])), ssr: r.cost, iterations: r.iterations, reason: r.reason })),
    best, evaluations, seconds: (performance.now() - started) / 1000,
  };
}
