import { bootstrapKey, percentileInterval, resampleRows } from './bootstrap.ts';
import type { EnsembleDesign } from './design.ts';

/**
 * Sobol indices from the outputs of a Saltelli design (sampling.ts), one metric at a time:
 *   first order (Saltelli et al. 2010, Table 2 (b)):   S_i  = mean(f(B) (f(AB_i) - f(A))) / V
 *   total (Jansen 1999; Saltelli et al. 2010 (f)):     ST_i = mean((f(A) - f(AB_i))²) / (2V)
 *   second order (Saltelli 2002, with BA_i):            S_ij = mean(f(BA_i) f(AB_j) - f(A) f(B)) / V - S_i - S_j
 * with V the variance of f over the A and B rows together. Outputs are centred on their mean over A
 * and B first: the estimators are then unchanged by a constant added to the metric (a bone volume
 * of 100 ± 5 would otherwise drown the first-order estimate in the noise of its mean).
 * Intervals: percentile bootstrap over base rows. A row with a failed member (NaN) is left out whole.
 */
export interface SobolIndices {
  parameters: string[];
  /** Base rows used, and rows left out because a member failed. */
  rows: number;
  droppedRows: number;
  mean: number;
  variance: number;
  first: Float64Array;
  total: Float64Array;
  /** Row-major d x d, upper triangle filled (i < j); undefined without second order. */
  second?: Float64Array;
  confidence: number;
  bootstrap: number;
  firstInterval: { low: Float64Array; high: Float64Array };
  totalInterval: { low: Float64Array; high: Float64Array };
  secondInterval?: { low: Float64Array; high: Float64Array };
}

/**
 * Sobol indices of one metric from the outputs of a Sobol design, in member order (see SobolIndices).
 *
 * @example
 * ```ts
 * const indices = sobolIndices(design, outputs); // outputs[i]: member i's metric (NaN if it failed)
 * indices.first; indices.total; indices.totalInterval.low;
 * ```
 */
export function sobolIndices(design: EnsembleDesign, outputs: ArrayLike<number>): SobolIndices {
  return saltelliIndices(outputs, saltelliOptions(design));
}

/**
 * What the estimators need of a Sobol design, as plain data (a worker thread can take it).
 *
 * @example
 * ```ts
 * const options = saltelliOptions(design);          // { parameters, baseSamples, secondOrder, bootstrap, confidence, seed }
 * saltelliIndices(outputs, options);                // the same as sobolIndices(design, outputs)
 * ```
 */
export function saltelliOptions(design: EnsembleDesign): SaltelliOptions {
  const a = design.analysis;
  if (a.mode !== 'sobol') throw new Error(`sobolIndices needs a Sobol design, this one is ${a.mode}`);
  return {
    parameters: design.sampled.map((s) => s.name),
    baseSamples: a.baseSamples,
    secondOrder: a.secondOrder,
    bootstrap: a.bootstrap,
    confidence: a.confidence,
    seed: design.seed,
  };
}

export interface SaltelliOptions {
  parameters: string[];
  baseSamples: number;
  secondOrder: boolean;
  bootstrap: number;
  confidence: number;
  seed: number;
}

/**
 * The estimators on outputs in the Saltelli block layout (N rows of d + 2, or 2d + 2, members).
 *
 * @example
 * ```ts
 * // N = 256 base rows of a 3-parameter design without second order: 256 x 5 outputs in member order.
 * const indices = saltelliIndices(outputs, { parameters: ['a', 'b', 'c'], baseSamples: 256, secondOrder: false, bootstrap: 1000, confidence: 0.95, seed: 7 });
 * indices.first; indices.totalInterval.high;
 * ```
 */
export function saltelliIndices(outputs: ArrayLike<number>, options: SaltelliOptions): SobolIndices {
  const d = options.parameters.length;
  const block = options.secondOrder ? 2 * d + 2 : d + 2;
  if (outputs.length !== options.baseSamples * block) {
    throw new RangeError(`expected ${options.baseSamples * block} outputs (${options.baseSamples} rows of ${block}), got ${outputs.length}`);
  }
  // Keep whole rows only.
  const kept: number[] = [];
  for (let j = 0; j < options.baseSamples; j++) {
    let ok = true;
    for (let k = 0; k < block && ok; k++) ok = Number.isFinite(outputs[j * block + k]);
    if (ok) kept.push(j);
  }
  const n = kept.length;
  const rows = new Float64Array(n * block);
  kept.forEach((j, r) => {
    for (let k = 0; k < block; k++) rows[r * block + k] = outputs[j * block + k];
  });
  const once = new Int32Array(n).fill(1);
  const estimate = estimator(d, block, options.secondOrder);
  // Copied: the estimator reuses its buffers for every bootstrap replicate.
  const estimated = estimate(rows, once, n);
  const point = {
    ...estimated,
    first: Float64Array.from(estimated.first),
    total: Float64Array.from(estimated.total),
    second: estimated.second ? Float64Array.from(estimated.second) : undefined,
  };

  const B = options.bootstrap;
  const firstReps = Array.from({ length: d }, () => new Float64Array(B));
  const totalReps = Array.from({ length: d }, () => new Float64Array(B));
  // Second order: replicates of the upper triangle only (i < j); the rest of the d x d block stays 0.
  const secondReps = options.secondOrder ? Array.from({ length: d * d }, (_, k) => (k % d > Math.floor(k / d) ? new Float64Array(B) : undefined)) : [];
  const picks = new Int32Array(n);
  const counts = new Int32Array(n);
  const key = bootstrapKey(options.seed);
  for (let r = 0; r < B && n > 1; r++) {
    resampleRows(key, r, n, picks);
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[picks[k]]++;
    const rep = estimate(rows, counts, n);
    for (let i = 0; i < d; i++) {
      firstReps[i][r] = rep.first[i];
      totalReps[i][r] = rep.total[i];
    }
    if (rep.second) {
      for (let k = 0; k < d * d; k++) {
        const reps = secondReps[k];
        if (reps) reps[r] = rep.second[k];
      }
    }
  }
  // An entry without replicates (below the diagonal) has the interval of B zeros: [0, 0].
  const intervals = (reps: Array<Float64Array | undefined>) => {
    const low = new Float64Array(reps.length).fill(NaN);
    const high = new Float64Array(reps.length).fill(NaN);
    if (B > 0 && n > 1) reps.forEach((values, k) => ([low[k], high[k]] = values ? percentileInterval(values, options.confidence) : [0, 0]));
    return { low, high };
  };
  return {
    parameters: [...options.parameters],
    rows: n,
    droppedRows: options.baseSamples - n,
    mean: point.mean,
    variance: point.variance,
    first: point.first,
    total: point.total,
    ...(point.second ? { second: point.second, secondInterval: intervals(secondReps) } : {}),
    confidence: options.confidence,
    bootstrap: B,
    firstInterval: intervals(firstReps),
    totalInterval: intervals(totalReps),
  };
}

interface Estimate {
  mean: number;
  variance: number;
  first: Float64Array;
  total: Float64Array;
  second?: Float64Array;
}

/**
 * The estimators over rows taken counts[r] times each (once each, or a bootstrap resample's
 * multiplicities: a row picked twice is summed once with weight 2, and the rows a resample leaves
 * out, about 1/e of them, cost nothing); reuses its buffers.
 */
function estimator(d: number, block: number, secondOrder: boolean): (rows: Float64Array, counts: Int32Array, n: number) => Estimate {
  const first = new Float64Array(d);
  const total = new Float64Array(d);
  const second = secondOrder ? new Float64Array(d * d) : undefined;
  const sumBA = secondOrder ? new Float64Array(d * d) : undefined;
  const centred = new Float64Array(block);
  return (rows, counts, n) => {
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const base = r * block;
      sum += counts[r] * (rows[base] + rows[base + block - 1]);
    }
    const mean = sum / (2 * n);
    let squares = 0;
    first.fill(0);
    total.fill(0);
    sumBA?.fill(0);
    let sumAB = 0;
    for (let r = 0; r < n; r++) {
      const w = counts[r];
      if (w === 0) continue;
      // The row centred once (the second-order sums read every AB_j d times).
      const base = r * block;
      for (let k = 0; k < block; k++) centred[k] = rows[base + k] - mean;
      const fA = centred[0];
      const fB = centred[block - 1];
      squares += w * (fA * fA + fB * fB);
      sumAB += w * (fA * fB);
      const wB = w * fB;
      for (let i = 0; i < d; i++) {
        const fABi = centred[1 + i];
        first[i] += wB * (fABi - fA);
        const diff = fA - fABi;
        total[i] += w * (diff * diff);
      }
      if (sumBA) {
        for (let i = 0; i < d; i++) {
          const fBAi = w * centred[1 + d + i];
          const at = i * d;
          for (let j = i + 1; j < d; j++) sumBA[at + j] += fBAi * centred[1 + j];
        }
      }
    }
    const variance = squares / (2 * n);
    for (let i = 0; i < d; i++) {
      first[i] /= n * variance;
      total[i] /= 2 * n * variance;
    }
    if (second && sumBA) {
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) second[i * d + j] = (sumBA[i * d + j] - sumAB) / (n * variance) - first[i] - first[j];
      }
    }
    return { mean, variance, first, total, ...(second ? { second } : {}) };
  };
}
