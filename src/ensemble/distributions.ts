import { normalCdf, normalDensity, normalQuantile, normalSurvival } from './normal.ts';

/**
 * The distributions a design gives a parameter, as plain data, and their quantile functions: every
 * sample is quantile(u) of a uniform u in (0, 1), so Monte Carlo, quasi-Monte Carlo, Morris levels and
 * a copula all go through one path. Normal and log-normal may be truncated to [lower, upper]; the
 * truncated quantile goes through the CDF on the side of the smaller tail, so a bound far out in a
 * tail keeps its digits.
 */
export type Distribution =
  | { kind: 'uniform'; lower: number; upper: number }
  | { kind: 'log-uniform'; lower: number; upper: number }
  /** Normal(mean, sd) restricted to [lower, upper] (±Infinity when not truncated). */
  | { kind: 'normal'; mean: number; sd: number; lower: number; upper: number }
  /** exp(Normal(mu, sigma)) restricted to [lower, upper] (0 and Infinity when not truncated). */
  | { kind: 'log-normal'; mu: number; sigma: number; lower: number; upper: number };

/** A distribution prepared for fast sampling: the CDF values at its bounds, computed once. */
export interface Marginal {
  readonly distribution: Distribution;
  /** 0 uniform, 1 log-uniform, 2 normal, 3 log-normal (a switch beats a call through a closure). */
  readonly code: number;
  /** Location and scale in the sampled space (x, ln x, or standard normal units). */
  readonly location: number;
  readonly scale: number;
  /** Truncation in standard normal units. */
  readonly alpha: number;
  readonly beta: number;
  /** true: sample through the upper tail (the bounds lie above the median). */
  readonly upperTail: boolean;
  /** Φ(α) (or Φ(-α) through the upper tail) and the probability between the bounds. */
  readonly start: number;
  readonly mass: number;
}

/** Below this probability between its bounds a truncation is refused (a typo, not a distribution). */
export const MIN_TRUNCATED_MASS = 1e-12;

export function prepareMarginal(distribution: Distribution): Marginal {
  switch (distribution.kind) {
    case 'uniform':
      return plain(distribution, 0, distribution.lower, distribution.upper - distribution.lower);
    case 'log-uniform':
      return plain(distribution, 1, Math.log(distribution.lower), Math.log(distribution.upper) - Math.log(distribution.lower));
    case 'normal':
      return gaussian(distribution, 2, distribution.mean, distribution.sd, distribution.lower, distribution.upper);
    case 'log-normal':
      return gaussian(distribution, 3, distribution.mu, distribution.sigma,
        distribution.lower > 0 ? Math.log(distribution.lower) : -Infinity, Math.log(distribution.upper));
  }
}

function plain(distribution: Distribution, code: number, location: number, scale: number): Marginal {
  return { distribution, code, location, scale, alpha: -Infinity, beta: Infinity, upperTail: false, start: 0, mass: 1 };
}

function gaussian(distribution: Distribution, code: number, location: number, scale: number, low: number, high: number): Marginal {
  const alpha = (low - location) / scale;
  const beta = (high - location) / scale;
  const upperTail = alpha > 0;
  const start = upperTail ? normalSurvival(alpha) : normalCdf(alpha);
  const mass = upperTail ? start - normalSurvival(beta) : normalCdf(beta) - start;
  return { distribution, code, location, scale, alpha, beta, upperTail, start, mass };
}

/** The u-quantile of a prepared marginal, u in (0, 1); u = 0 and 1 give the bounds. Allocation-free. */
export function quantileOf(m: Marginal, u: number): number {
  switch (m.code) {
    case 0:
      return m.location + u * m.scale;
    case 1:
      return Math.exp(m.location + u * m.scale);
    default: {
      let z: number;
      if (m.mass === 1) z = normalQuantile(u);
      else if (m.upperTail) z = -normalQuantile(m.start - u * m.mass);
      else z = normalQuantile(m.start + u * m.mass);
      // Rounding in the CDF may step a hair outside a bound: keep the sample inside.
      if (z < m.alpha) z = m.alpha;
      else if (z > m.beta) z = m.beta;
      const x = m.location + m.scale * z;
      return m.code === 2 ? x : Math.exp(x);
    }
  }
}

/** The CDF of a prepared marginal at x. */
export function cdfOf(m: Marginal, x: number): number {
  switch (m.code) {
    case 0:
      return clamp01((x - m.location) / m.scale);
    case 1:
      return x <= 0 ? 0 : clamp01((Math.log(x) - m.location) / m.scale);
    default: {
      const y = m.code === 2 ? x : x <= 0 ? -Infinity : Math.log(x);
      const z = (y - m.location) / m.scale;
      if (z <= m.alpha) return 0;
      if (z >= m.beta) return 1;
      return clamp01(m.upperTail ? (m.start - normalSurvival(z)) / m.mass : (normalCdf(z) - m.start) / m.mass);
    }
  }
}

export function quantile(distribution: Distribution, u: number): number {
  return quantileOf(prepareMarginal(distribution), u);
}

/** The smallest and largest values the distribution can take. */
export function supportOf(distribution: Distribution): [number, number] {
  return [distribution.lower, distribution.upper];
}

/** Mean and variance, in closed form (for the tests and for reports). */
export function momentsOf(distribution: Distribution): { mean: number; variance: number } {
  switch (distribution.kind) {
    case 'uniform': {
      const w = distribution.upper - distribution.lower;
      return { mean: (distribution.lower + distribution.upper) / 2, variance: (w * w) / 12 };
    }
    case 'log-uniform': {
      const { lower: a, upper: b } = distribution;
      const l = Math.log(b / a);
      const mean = (b - a) / l;
      return { mean, variance: (b * b - a * a) / (2 * l) - mean * mean };
    }
    case 'normal': {
      const m = prepareMarginal(distribution);
      // Truncated normal: mean = μ + σ (φ(α) - φ(β)) / Z; variance = σ² [1 + (αφ(α) - βφ(β)) / Z - ((φ(α) - φ(β)) / Z)²].
      const pa = normalDensity(m.alpha), pb = normalDensity(m.beta);
      const aTerm = Number.isFinite(m.alpha) ? m.alpha * pa : 0;
      const bTerm = Number.isFinite(m.beta) ? m.beta * pb : 0;
      const shift = (pa - pb) / m.mass;
      return { mean: m.location + m.scale * shift, variance: m.scale * m.scale * (1 + (aTerm - bTerm) / m.mass - shift * shift) };
    }
    case 'log-normal': {
      // E[X^k] of a truncated log-normal: exp(kμ + k²σ²/2) [Φ(β - kσ) - Φ(α - kσ)] / Z.
      const m = prepareMarginal(distribution);
      const raw = (k: number) => Math.exp(k * m.location + (k * k * m.scale * m.scale) / 2)
        * (normalCdf(m.beta - k * m.scale) - normalCdf(m.alpha - k * m.scale)) / (normalCdf(m.beta) - normalCdf(m.alpha));
      const mean = raw(1);
      return { mean, variance: raw(2) - mean * mean };
    }
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
