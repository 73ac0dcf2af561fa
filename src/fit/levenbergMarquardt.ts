/**
 * Levenberg-Marquardt for bounded nonlinear least squares, min sum r(x)^2 with low <= x <= high: Marquardt's
 * scaling (the damping is lambda times the diagonal of J'J, so the step does not depend on each parameter's
 * units), a forward-difference Jacobian, and steps projected onto the bounds (a bound that stops a parameter
 * keeps it there while the others move). Plain arrays in and out; the residual function may return NaN
 * (a failed simulation), which counts as an infinitely bad point.
 */
export interface LeastSquaresProblem {
  /** Number of parameters and of residuals. */
  n: number;
  m: number;
  /** Write the residuals at x into out (length m). */
  residuals(x: Float64Array, out: Float64Array): void;
  /**
   * Optional: the residuals at several points at once (the Jacobian's columns), e.g. on worker threads.
   * points[k] is a parameter vector; outs[k] receives its residuals.
   */
  residualsMany?(points: Float64Array[], outs: Float64Array[]): void | Promise<void>;
  low: Float64Array;
  high: Float64Array;
}

export interface LeastSquaresOptions {
  maxIterations?: number;
  /** Stop when an accepted step lowers the cost by less than this fraction of it. */
  relativeTolerance?: number;
  /** Forward-difference step of each parameter, in its own (transformed) units (default 1e-3 for all). */
  differenceStep?: Float64Array;
  initialDamping?: number;
  /** Called after every iteration (progress). */
  onIteration?(iteration: number, cost: number, damping: number, evaluations: number): void;
}

export interface LeastSquaresResult {
  x: Float64Array;
  residuals: Float64Array;
  /** Sum of squared residuals at x. */
  cost: number;
  /** The Jacobian at x (m x n, row-major), for the Fisher information. */
  jacobian: Float64Array;
  iterations: number;
  evaluations: number;
  reason: 'converged' | 'small step' | 'max iterations' | 'no progress';
}

const sumSquares = (r: Float64Array) => {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  return Number.isFinite(s) ? s : Infinity;
};

/**
 * Minimise the sum of squared residuals within the bounds, from `start`.
 *
 * @example
 * ```ts
 * // Fit y = a exp(-b t) to three points.
 * const t = [0, 1, 2], y = [2, 1.2, 0.7];
 * const fit = await levenbergMarquardt({
 *   n: 2, m: 3, low: Float64Array.of(0, 0), high: Float64Array.of(10, 10),
 *   residuals: (x, out) => t.forEach((ti, i) => (out[i] = x[0] * Math.exp(-x[1] * ti) - y[i])),
 * }, Float64Array.of(1, 1));
 * fit.x; // about [2.0, 0.52]
 * ```
 */
export async function levenbergMarquardt(problem: LeastSquaresProblem, start: Float64Array, options: LeastSquaresOptions = {}): Promise<LeastSquaresResult> {
  const { n, m, low, high } = problem;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.relativeTolerance ?? 1e-6;
  const h = options.differenceStep ?? new Float64Array(problem.n).fill(1e-3);
  let lambda = options.initialDamping ?? 1e-2;
  let evaluations = 0;
  const clamp = (x: Float64Array) => x.map((v, i) => Math.min(high[i], Math.max(low[i], v)));

  let x = clamp(Float64Array.from(start));
  let r = new Float64Array(m);
  problem.residuals(x, r);
  evaluations++;
  let cost = sumSquares(r);
  if (cost === Infinity) throw new Error('the model cannot be evaluated at the starting point');
  const J = new Float64Array(m * n);
  const trial = new Float64Array(m);

  // Columns of J by forward differences; a parameter at its upper bound is differenced downwards.
  const jacobian = async () => {
    const points: Float64Array[] = [];
    const steps: number[] = [];
    for (let j = 0; j < n; j++) {
      const xp = Float64Array.from(x);
      const step = x[j] + h[j] <= high[j] ? h[j] : -h[j];
      xp[j] += step;
      points.push(xp);
      steps.push(step);
    }
    const outs = points.map(() => new Float64Array(m));
    if (problem.residualsMany) await problem.residualsMany(points, outs);
    else points.forEach((p, k) => problem.residuals(p, outs[k]));
    evaluations += n;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) J[i * n + j] = Number.isFinite(outs[j][i]) ? (outs[j][i] - r[i]) / steps[j] : 0;
    }
  };

  let reason: LeastSquaresResult['reason'] = 'max iterations';
  let iteration = 0;
  await jacobian();
  for (; iteration < maxIterations; iteration++) {
    const JtJ = new Float64Array(n * n);
    const g = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      for (let a = 0; a < n; a++) {
        const Jia = J[i * n + a];
        g[a] += Jia * r[i];
        for (let b = 0; b <= a; b++) JtJ[a * n + b] += Jia * J[i * n + b];
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) JtJ[b * n + a] = JtJ[a * n + b];
    // A parameter held at a bound by the gradient stays out of the step.
    const free = Array.from({ length: n }, (_, a) => !((x[a] <= low[a] && g[a] > 0) || (x[a] >= high[a] && g[a] < 0)));
    let accepted = false;
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = dampedStep(JtJ, g, n, lambda, free);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const xNew = clamp(x.map((v, a) => v + step[a]));
      const moved = Math.max(...xNew.map((v, a) => Math.abs(v - x[a])));
      if (moved < 1e-10) {
        reason = 'small step';
        break;
      }
      problem.residuals(xNew, trial);
      evaluations++;
      const newCost = sumSquares(trial);
      if (newCost < cost) {
        const gain = (cost - newCost) / cost;
        x = xNew;
        r = Float64Array.from(trial);
        cost = newCost;
        lambda = Math.max(lambda / 3, 1e-9);
        accepted = true;
        if (gain < tolerance) reason = 'converged';
        break;
      }
      lambda *= 4;
    }
    options.onIteration?.(iteration + 1, cost, lambda, evaluations);
    if (!accepted) {
      if (reason !== 'small step') reason = 'no progress';
      break;
    }
    await jacobian();
    if (reason === 'converged') {
      iteration++;
      break;
    }
  }
  return { x, residuals: r, cost, jacobian: Float64Array.from(J), iterations: iteration, evaluations, reason };
}

/** Solve (J'J + lambda diag(J'J)) d = -g over the free parameters (Cholesky); undefined if not positive definite. */
function dampedStep(JtJ: Float64Array, g: Float64Array, n: number, lambda: number, free: boolean[]): Float64Array | undefined {
  const index = free.flatMap((f, a) => (f ? [a] : []));
  const k = index.length;
  const step = new Float64Array(n);
  if (!k) return step;
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) A[p * k + q] = JtJ[index[p] * n + index[q]];
    const d = JtJ[index[p] * n + index[p]];
    A[p * k + p] += lambda * (d > 0 ? d : 1e-12);
    b[p] = -g[index[p]];
  }
  // Cholesky A = L L'.
  for (let p = 0; p < k; p++) {
    for (let q = 0; q <= p; q++) {
      let s = A[p * k + q];
      for (let t = 0; t < q; t++) s -= A[p * k + t] * A[q * k + t];
      if (p === q) {
        if (!(s > 0)) return undefined;
        A[p * k + p] = Math.sqrt(s);
      } else {
        A[p * k + q] = s / A[q * k + q];
      }
    }
  }
  for (let p = 0; p < k; p++) {
    let s = b[p];
    for (let t = 0; t < p; t++) s -= A[p * k + t] * b[t];
    b[p] = s / A[p * k + p];
  }
  for (let p = k - 1; p >= 0; p--) {
    let s = b[p];
    for (let t = p + 1; t < k; t++) s -= A[t * k + p] * b[t];
    b[p] = s / A[p * k + p];
  }
  index.forEach((a, p) => (step[a] = b[p]));
  return step;
}
