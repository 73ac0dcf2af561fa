import { fillUniforms, streamKey, type StreamKey } from './counterRandom.ts';
import { correlateInPlace } from './correlation.ts';
import type { EnsembleDesign } from './design.ts';
import { prepareMarginal, quantileOf, type Marginal } from './distributions.ts';
import { morrisKey, morrisTrajectory, newTrajectory, type Trajectory } from './morrisDesign.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { scrambledSobolPoint, sobolScramble, type SobolScramble } from './sobolSequence.ts';

/**
 * Members by index. memberParameters(design, i, out) writes member i's whole parameter vector (the
 * model's layout, nominal values where the design changes nothing); it depends on the design and i
 * only, so a worker, a chunk or a shard can generate any member on its own, in any order.
 *
 * A sampler keeps the numbers a run of neighbouring members shares (a Saltelli base row, a Morris
 * trajectory): a cache, never a state the values depend on.
 */
export interface MemberSampler {
  readonly count: number;
  /** Write member i's parameter vector into out (length >= design.parameterNames.length). Allocation-free. */
  parameters(i: number, out: Float64Array): void;
}

/**
 * How many members a design has: grid points x population, 1 + 2d (or 4d) local runs, Morris trajectories x (d + 1), or N (d + 2) (or N (2d + 2)) for Sobol.
 *
 * @example
 * ```ts
 * memberCount(design); // e.g. 2048 for N = 256 and 6 parameters (first and total indices)
 * ```
 */
export function memberCount(design: EnsembleDesign): number {
  const a = design.analysis;
  switch (a.mode) {
    case 'population': return design.grid.reduce((n, axis) => n * axis.values.length, 1) * design.populationSize;
    case 'local': return 1 + 2 * a.parameters.length * (a.richardson ? 2 : 1);
    case 'morris': return a.trajectories * (design.sampled.length + 1);
    case 'sobol': return a.baseSamples * a.blockSize;
  }
}

const samplers = new WeakMap<EnsembleDesign, MemberSampler>();

/**
 * Member i's parameter vector, through a sampler cached per design object.
 *
 * @example
 * ```ts
 * const p = new Float64Array(design.parameterNames.length);
 * memberParameters(design, 17, p); // member 17's whole parameter vector
 * ```
 */
export function memberParameters(design: EnsembleDesign, i: number, out: Float64Array): void {
  let sampler = samplers.get(design);
  if (!sampler) {
    sampler = createSampler(design);
    samplers.set(design, sampler);
  }
  sampler.parameters(i, out);
}

/**
 * A sampler of its own (one per worker thread, say).
 *
 * @example
 * ```ts
 * const sampler = createSampler(design);
 * sampler.parameters(0, p);
 * ```
 */
export function createSampler(design: EnsembleDesign): MemberSampler {
  const count = memberCount(design);
  const width = design.parameterNames.length;
  const check = (i: number, out: Float64Array) => {
    if (!(Number.isInteger(i) && i >= 0 && i < count)) throw new RangeError(`member ${i} is outside 0..${count - 1}`);
    if (out.length < width) throw new RangeError(`the parameter vector needs ${width} values, got ${out.length}`);
  };
  const fill = sampleFunction(design);
  return {
    count,
    parameters(i, out) {
      check(i, out);
      fill(i, out);
    },
  };
}

function sampleFunction(design: EnsembleDesign): (i: number, out: Float64Array) => void {
  switch (design.analysis.mode) {
    case 'population': return populationSampler(design);
    case 'local': return localSampler(design);
    case 'morris': return morrisSampler(design);
    case 'sobol': return saltelliSampler(design);
  }
}

function marginalsOf(design: EnsembleDesign): Marginal[] {
  return design.sampled.map((s) => prepareMarginal(s.distribution));
}

function populationSampler(design: EnsembleDesign): (i: number, out: Float64Array) => void {
  const { nominal, grid, table, sampled, copula, populationSize } = design;
  const marginals = marginalsOf(design);
  const d = sampled.length;
  const key: StreamKey = streamKey(design.seed, 'members');
  const scramble: SobolScramble | undefined = design.sampling === 'sobol' && d ? sobolScramble(design.seed, d) : undefined;
  const u = new Float64Array(d);
  const z = new Float64Array(copula ? copula.positions.length : 0);
  const coupled = new Uint8Array(d);
  if (copula) for (const k of copula.positions) coupled[k] = 1;
  const radix = grid.map((axis) => axis.values.length);
  return (i, out) => {
    out.set(nominal);
    let g = Math.floor(i / populationSize);
    const s = i - g * populationSize;
    for (let a = grid.length - 1; a >= 0; a--) {
      const n = radix[a];
      const q = Math.floor(g / n);
      out[grid[a].index] = grid[a].values[g - q * n];
      g = q;
    }
    if (table) {
      const w = table.names.length;
      for (let k = 0; k < w; k++) out[table.indices[k]] = table.values[s * w + k];
    }
    if (!d) return;
    // Population member s draws the same numbers at every grid point: common random numbers across a sweep.
    // Its Monte Carlo numbers are the first outputs of its own stream, seeded by Threefry of (seed, s).
    if (scramble) for (let k = 0; k < d; k++) u[k] = scrambledSobolPoint(scramble, s, k);
    else fillUniforms(key, s, u, d);
    if (copula) {
      const n = copula.positions.length;
      for (let c = 0; c < n; c++) z[c] = normalQuantile(u[copula.positions[c]]);
      correlateInPlace(copula.factor, n, z);
      for (let c = 0; c < n; c++) {
        const k = copula.positions[c];
        out[sampled[k].index] = fromNormalScore(marginals[k], z[c]);
      }
    }
    for (let k = 0; k < d; k++) if (!coupled[k]) out[sampled[k].index] = quantileOf(marginals[k], u[k]);
  };
}

/** A marginal's value at normal score z: directly for an untruncated normal or log-normal, else through Φ(z). */
function fromNormalScore(m: Marginal, z: number): number {
  if (m.code >= 2 && m.mass === 1) {
    const x = m.location + m.scale * z;
    return m.code === 2 ? x : Math.exp(x);
  }
  return quantileOf(m, normalCdf(z));
}

function localSampler(design: EnsembleDesign): (i: number, out: Float64Array) => void {
  const a = design.analysis;
  if (a.mode !== 'local') throw new Error('not a local design');
  const d = a.parameters.length;
  const { nominal } = design;
  return (i, out) => {
    out.set(nominal);
    if (i === 0) return;
    const q = i - 1;
    const multiple = q < 2 * d ? 1 : 2;
    const r = q % (2 * d);
    const k = r >> 1;
    const sign = r & 1 ? 1 : -1;
    const index = a.parameters[k].index;
    out[index] = nominal[index] * Math.exp(sign * multiple * a.step);
  };
}

function morrisSampler(design: EnsembleDesign): (i: number, out: Float64Array) => void {
  const a = design.analysis;
  if (a.mode !== 'morris') throw new Error('not a Morris design');
  const d = design.sampled.length;
  const marginals = marginalsOf(design);
  const key = morrisKey(design.seed);
  const trajectory = newTrajectory(d);
  let cached = -1;
  const top = a.levels - 1;
  return (i, out) => {
    const t = Math.floor(i / (d + 1));
    const step = i - t * (d + 1);
    if (t !== cached) {
      morrisTrajectory(key, a.chosen ? a.chosen[t] : t, d, a.levels, trajectory);
      cached = t;
    }
    out.set(design.nominal);
    for (let k = 0; k < d; k++) out[design.sampled[k].index] = quantileOf(marginals[k], trajectory.levels[step * d + k] / top);
  };
}

/** The trajectory behind Morris members t (d + 1) .. t (d + 1) + d, for the analysis. */
export function morrisTrajectoryOf(design: EnsembleDesign, t: number, into: Trajectory): void {
  const a = design.analysis;
  if (a.mode !== 'morris') throw new Error('not a Morris design');
  morrisTrajectory(morrisKey(design.seed), a.chosen ? a.chosen[t] : t, design.sampled.length, a.levels, into);
}

function saltelliSampler(design: EnsembleDesign): (i: number, out: Float64Array) => void {
  const a = design.analysis;
  if (a.mode !== 'sobol') throw new Error('not a Sobol design');
  const d = design.sampled.length;
  const marginals = marginalsOf(design);
  const scramble = sobolScramble(design.seed, 2 * d);
  const xA = new Float64Array(d);
  const xB = new Float64Array(d);
  let cached = -1;
  const { blockSize } = a;
  return (i, out) => {
    const j = Math.floor(i / blockSize);
    const position = i - j * blockSize;
    if (j !== cached) {
      for (let k = 0; k < d; k++) {
        xA[k] = quantileOf(marginals[k], scrambledSobolPoint(scramble, j, k));
        xB[k] = quantileOf(marginals[k], scrambledSobolPoint(scramble, j, d + k));
      }
      cached = j;
    }
    out.set(design.nominal);
    // Position 0: A; 1..d: AB^(k) (A with column k from B); d+1..2d: BA^(k) (B with column k from A); last: B.
    const all = position === 0 ? xA : position === blockSize - 1 ? xB : position <= d ? xA : xB;
    const other = all === xA ? xB : xA;
    const swapped = position === 0 || position === blockSize - 1 ? -1 : position <= d ? position - 1 : position - 1 - d;
    for (let k = 0; k < d; k++) out[design.sampled[k].index] = k === swapped ? other[k] : all[k];
  };
}
