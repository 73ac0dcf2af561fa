import type { CompiledModel } from '../model/compile.ts';
import { eigs } from '../model/mathjs.ts';

export interface Eigenvalue {
  re: number;
  im: number;
}

export type StabilityClass =
  | 'stable node' | 'stable focus' | 'near a Hopf point' | 'non-hyperbolic (zero eigenvalue)'
  | 'unstable node' | 'unstable focus' | 'saddle';

export interface Oscillation {
  eigenvalue: Eigenvalue;
  /** 2 pi / |Im| (time units). */
  period: number;
  /** 1 / |Re|: e-fold decay (or growth) time of the oscillation's amplitude (time units). */
  eFoldingTime: number;
  /** Amplitude ratio from one cycle to the next, exp(2 pi Re / |Im|). */
  amplitudePerCycle: number;
}

export interface Stability {
  /** Eigenvalues of the Jacobian of the dynamic species (readouts left out), largest real part first (1/time unit). */
  eigenvalues: Eigenvalue[];
  classification: StabilityClass;
  stable: boolean;
  /** The eigenvalue with the largest real part: the slowest (or fastest-growing) mode. */
  slowest: Eigenvalue;
  /** 1 / |Re| of the slowest mode. */
  eFoldingTime?: number;
  /** The least damped complex pair, if any: the damped (or growing) oscillation near the steady state. */
  oscillation?: Oscillation;
  /** What the classification leaves out (e.g. a focus whose slowest mode is not oscillatory). */
  note?: string;
  /** The species the Jacobian covers (readouts such as bone volume are left out). */
  species: string[];
  /**
   * For each growing mode, the species that carries it (largest component of its left eigenvector):
   * e.g. a tumour at 0 with a positive growth rate makes the healthy state a saddle along T only.
   */
  unstableIn?: Array<{ eigenvalue: Eigenvalue; species: string }>;
}

/** |Re| below this fraction of |Im| is a pair on the imaginary axis, up to rounding: a Hopf point. */
export const HOPF_TOLERANCE = 1e-3;
/** |lambda| below this fraction of the spectral radius counts as zero. */
const ZERO_TOLERANCE = 1e-9;

/**
 * Linear stability of a steady state: the eigenvalues of the analytic Jacobian of the species
 * that feed back on the dynamics (readouts such as bone volume only integrate, and would add
 * spurious zero eigenvalues), with the classification a modeller reads off them.
 *
 * @example
 * ```ts
 * const steady = findSteadyState(compiled, compiled.p0, compiled.y0);
 * const stability = analyseStability(compiled, compiled.p0, steady.y);
 * console.log(stability.classification); // e.g. 'stable focus'
 * ```
 */
export function analyseStability(model: CompiledModel, p: Float64Array, y: Float64Array, t = 0): Stability {
  const n = y.length;
  const J = new Float64Array(n * n);
  model.jacobian(t, y, p, J);
  const free = model.readouts.flatMap((readout, i) => (readout ? [] : [i]));
  const matrix = free.map((i) => free.map((j) => J[i * n + j]));
  const eigenvalues = eigenvaluesOf(matrix);
  const species = free.map((i) => model.speciesNames[i]);
  const stability: Stability = { ...classify(eigenvalues), eigenvalues, species };
  if (!stability.stable && eigenvalues.every((e) => Number.isFinite(e.re))) stability.unstableIn = growingModes(matrix, species);
  return stability;
}

/** The growing modes and the species each lives in, from the left eigenvectors (eigenvectors of J transposed). */
function growingModes(matrix: number[][], species: string[]): Array<{ eigenvalue: Eigenvalue; species: string }> {
  const transposed = matrix.map((_, i) => matrix.map((row) => row[i]));
  try {
    const { eigenvectors } = withRelaxedPrecision((precision) => eigs(transposed, precision)) as unknown as { eigenvectors: Array<{ value: number | { re: number; im: number }; vector: Array<number | { re: number; im: number }> }> };
    const size = (v: number | { re: number; im: number }) => (typeof v === 'number' ? Math.abs(v) : Math.hypot(v.re, v.im));
    return eigenvectors
      .map(({ value, vector }) => ({ eigenvalue: typeof value === 'number' ? { re: value, im: 0 } : { re: value.re, im: value.im }, vector }))
      .filter(({ eigenvalue }) => eigenvalue.re > 0 && eigenvalue.im >= 0)
      .map(({ eigenvalue, vector }) => {
        let largest = 0;
        vector.forEach((v, k) => {
          if (size(v) > size(vector[largest])) largest = k;
        });
        return { eigenvalue, species: species[largest] };
      });
  } catch {
    return [];
  }
}

/**
 * mathjs's QR iteration stops at its default precision (1e-12 relative) and throws when some
 * eigenvalues do not settle to it, as with clusters of nearly equal eigenvalues (the explicit
 * binding model's complexes all relax at k_off + D_RANKL). Retry at 1e-10, then 1e-8.
 */
function withRelaxedPrecision<T>(compute: (precision: { precision?: number }) => T): T {
  for (const precision of [undefined, 1e-10]) {
    try {
      return compute(precision === undefined ? {} : { precision });
    } catch {
      // try a looser precision
    }
  }
  return compute({ precision: 1e-8 });
}

export function eigenvaluesOf(matrix: number[][]): Eigenvalue[] {
  if (matrix.length === 0) return [];
  if (matrix.some((row) => row.some((v) => !Number.isFinite(v)))) {
    return matrix.map(() => ({ re: Number.NaN, im: Number.NaN }));
  }
  const values = withRelaxedPrecision((precision) => eigs(matrix, { eigenvectors: false, ...precision }) as unknown as { values: Array<number | { re: number; im: number }> }).values;
  return values
    .map((v) => (typeof v === 'number' ? { re: v, im: 0 } : { re: v.re, im: v.im }))
    .sort((a, b) => b.re - a.re || b.im - a.im);
}

/**
 * Names for what the eigenvalues say. With all real parts negative the state is stable: a focus
 * if some eigenvalues are complex (perturbations ring while they decay; in 3-D and up, with a real
 * slowest mode, this is a focus-node, and the note says so), a node if all are real. A complex
 * pair on the imaginary axis (|Re| <= 1e-3 |Im|) with the rest stable is a Hopf point.
 *
 * @example
 * ```ts
 * classify([{ re: -0.1, im: 0.2 }, { re: -0.1, im: -0.2 }]).classification; // 'stable focus'
 * ```
 */
export function classify(eigenvalues: Eigenvalue[]): Omit<Stability, 'eigenvalues' | 'species'> {
  if (eigenvalues.length === 0) return { classification: 'stable node', stable: true, slowest: { re: Number.NEGATIVE_INFINITY, im: 0 } };
  const scale = Math.max(...eigenvalues.map((e) => Math.hypot(e.re, e.im)), Number.MIN_VALUE);
  const isComplex = (e: Eigenvalue) => Math.abs(e.im) > ZERO_TOLERANCE * scale;
  const slowest = eigenvalues[0];
  const pair = eigenvalues.find(isComplex);
  const oscillation = pair && {
    eigenvalue: { re: pair.re, im: Math.abs(pair.im) },
    period: (2 * Math.PI) / Math.abs(pair.im),
    eFoldingTime: 1 / Math.abs(pair.re),
    amplitudePerCycle: Math.exp((2 * Math.PI * pair.re) / Math.abs(pair.im)),
  };
  const base = { slowest, ...(slowest.re !== 0 ? { eFoldingTime: 1 / Math.abs(slowest.re) } : {}), ...(oscillation ? { oscillation } : {}) };

  if (eigenvalues.some((e) => Number.isNaN(e.re))) return { ...base, classification: 'non-hyperbolic (zero eigenvalue)', stable: false, note: 'the Jacobian is not finite here' };
  const rest = pair ? eigenvalues.filter((e) => !(e.re === pair.re && Math.abs(e.im) === Math.abs(pair.im))) : eigenvalues;
  if (pair && Math.abs(pair.re) <= HOPF_TOLERANCE * Math.abs(pair.im) && rest.every((e) => e.re < 0)) {
    return { ...base, classification: 'near a Hopf point', stable: false, note: 'a complex pair sits on the imaginary axis: sustained oscillations are born or die here' };
  }
  if (eigenvalues.some((e) => !isComplex(e) && Math.abs(e.re) <= ZERO_TOLERANCE * scale)) {
    return { ...base, classification: 'non-hyperbolic (zero eigenvalue)', stable: false };
  }
  if (slowest.re < 0) {
    if (!pair) return { ...base, classification: 'stable node', stable: true };
    const note = isComplex(slowest) ? undefined : 'focus-node: the slowest mode is real, so perturbations ring at first and then decay without oscillating';
    return { ...base, classification: 'stable focus', stable: true, ...(note ? { note } : {}) };
  }
  if (isComplex(slowest)) return { ...base, classification: 'unstable focus', stable: false, note: 'oscillations grow: the state is surrounded by a limit cycle or diverges' };
  return { ...base, classification: eigenvalues.some((e) => e.re < 0) ? 'saddle' : 'unstable node', stable: false };
}
