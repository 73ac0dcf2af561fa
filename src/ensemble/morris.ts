import { bootstrapKey, percentileInterval, resampleRows } from './bootstrap.ts';
import type { EnsembleDesign } from './design.ts';
import { newTrajectory } from './morrisDesign.ts';
import { morrisTrajectoryOf } from './sampling.ts';

/**
 * Morris screening from the outputs of a Morris design, one metric at a time. Each trajectory gives
 * one elementary effect per parameter, EE = (y(x + Δ e_k) - y(x)) / Δ, with Δ and x in unit-cube
 * (probability) coordinates, so effects of parameters with different units and distributions are
 * comparable. mu is their mean, mu* the mean of their absolute values (Campolongo et al. 2007; the
 * measure to rank by), sigma their standard deviation (n - 1; large for nonlinear or interacting
 * parameters). The interval on mu* is a percentile bootstrap over trajectories. A trajectory with a
 * failed member is left out whole.
 */
export interface MorrisEffects {
  parameters: string[];
  trajectories: number;
  droppedTrajectories: number;
  mu: Float64Array;
  muStar: Float64Array;
  sigma: Float64Array;
  confidence: number;
  bootstrap: number;
  muStarInterval: { low: Float64Array; high: Float64Array };
  /** Elementary effects, row-major trajectories x parameters (for plots of their spread). */
  effects: Float64Array;
}

/**
 * Morris mu, mu* (with a bootstrap interval) and sigma of one metric from the outputs of a Morris design, in member order.
 *
 * @example
 * ```ts
 * const effects = morrisEffects(design, outputs); // outputs[i]: member i's metric
 * effects.muStar; effects.sigma;
 * ```
 */
export function morrisEffects(design: EnsembleDesign, outputs: ArrayLike<number>): MorrisEffects {
  const a = design.analysis;
  if (a.mode !== 'morris') throw new Error(`morrisEffects needs a Morris design, this one is ${a.mode}`);
  const d = design.sampled.length;
  const r = a.trajectories;
  if (outputs.length !== r * (d + 1)) throw new RangeError(`expected ${r * (d + 1)} outputs (${r} trajectories of ${d + 1}), got ${outputs.length}`);
  const trajectory = newTrajectory(d);
  const kept: number[] = [];
  const rows: number[] = [];
  for (let t = 0; t < r; t++) {
    let ok = true;
    for (let s = 0; s <= d && ok; s++) ok = Number.isFinite(outputs[t * (d + 1) + s]);
    if (!ok) continue;
    morrisTrajectoryOf(design, t, trajectory);
    const effects = new Array<number>(d);
    for (let s = 1; s <= d; s++) {
      const k = trajectory.order[s - 1];
      effects[k] = (outputs[t * (d + 1) + s] - outputs[t * (d + 1) + s - 1]) / (trajectory.direction[k] * a.delta);
    }
    kept.push(t);
    rows.push(...effects);
  }
  const n = kept.length;
  const effects = Float64Array.from(rows);
  const all = Int32Array.from({ length: n }, (_, k) => k);
  const summary = summarise(effects, d, all, n);

  const B = a.bootstrap;
  const reps = Array.from({ length: d }, () => new Float64Array(B));
  const picks = new Int32Array(n);
  const key = bootstrapKey(design.seed);
  for (let b = 0; b < B && n > 1; b++) {
    resampleRows(key, b, n, picks);
    const rep = summarise(effects, d, picks, n);
    for (let k = 0; k < d; k++) reps[k][b] = rep.muStar[k];
  }
  const low = new Float64Array(d).fill(NaN);
  const high = new Float64Array(d).fill(NaN);
  if (B > 0 && n > 1) reps.forEach((values, k) => ([low[k], high[k]] = percentileInterval(values, a.confidence)));
  return {
    parameters: design.sampled.map((s) => s.name),
    trajectories: n,
    droppedTrajectories: r - n,
    ...summary,
    confidence: a.confidence,
    bootstrap: B,
    muStarInterval: { low, high },
    effects,
  };
}

function summarise(effects: Float64Array, d: number, picks: Int32Array, n: number) {
  const mu = new Float64Array(d);
  const muStar = new Float64Array(d);
  const sigma = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const row = picks[r] * d;
    for (let k = 0; k < d; k++) {
      mu[k] += effects[row + k];
      muStar[k] += Math.abs(effects[row + k]);
    }
  }
  for (let k = 0; k < d; k++) {
    mu[k] /= n;
    muStar[k] /= n;
  }
  for (let r = 0; r < n; r++) {
    const row = picks[r] * d;
    for (let k = 0; k < d; k++) sigma[k] += (effects[row + k] - mu[k]) ** 2;
  }
  for (let k = 0; k < d; k++) sigma[k] = n > 1 ? Math.sqrt(sigma[k] / (n - 1)) : NaN;
  return { mu, muStar, sigma };
}
