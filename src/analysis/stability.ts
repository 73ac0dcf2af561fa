import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { CompiledModel } from '../model/compile.ts';

export interface Eigenvalue {
  re: number;
  im: number;
}

export type StabilityClass =
  | 'stable node' | 'stable focus' | 'near a Hopf point' | 'centre' | 'non-hyperbolic (zero eigenvalue)'
  | 'unstable node' | 'unstable focus' | 'saddle' | 'undetermined';

export interface Oscillation {
  eigenvalue: Eigenvalue;
  /** 2 pi / |Im| (time units). */
  period: number;
  /** 1 / |Re|: e-fold decay (or growth) time of the oscillation's amplitude (time units). */
  eFoldingTime: number;
  /** Amplitude ratio from one cycle to the next, exp(2 pi Re / |Im|). */
  amplitudePerCycle: number;
}

/** A population absent at the steady state (at 0, and nothing present makes it): what it would do if introduced. */
export interface AbsentPopulation {
  species: string;
  /** Its growth rate from a small seed (an eigenvalue of the absent block; 1/time unit): > 0 means it invades. */
  growthRate: number;
}

export interface Stability {
  /** Eigenvalues of the Jacobian of the dynamics present (readouts and absent populations left out), largest real part first (1/time unit). */
  eigenvalues: Eigenvalue[];
  classification: StabilityClass;
  /** Every eigenvalue of the dynamics present has a real part below -zeroTolerance. */
  stable: boolean;
  /** The eigenvalue with the largest real part: the slowest (or fastest-growing) mode. */
  slowest: Eigenvalue;
  /** 1 / |Re| of the slowest mode. */
  eFoldingTime?: number;
  /** The least damped complex pair, if any: the damped (or growing) oscillation near the steady state. */
  oscillation?: Oscillation;
  /** What the classification leaves out (e.g. a focus whose slowest mode is not oscillatory). */
  note?: string;
  /** The species of the dynamics present, which the eigenvalues describe. */
  species: string[];
  /** |Re| at or below this counts as zero: rounding of the Jacobian (its norm) and of the steady state (Newton's residual). */
  zeroTolerance: number;
  /**
   * Populations at 0 that nothing present produces (a tumour not yet seeded, an empty drug depot):
   * left out of the classification, each with its growth rate if introduced.
   */
  absent: AbsentPopulation[];
  /** The absent populations that would grow: "a tumour introduced at this state grows at 0.01/day". */
  invading: AbsentPopulation[];
  /** For each growing mode of the dynamics present, the species that carries it (largest component of its left eigenvector). */
  unstableIn?: Array<{ eigenvalue: Eigenvalue; species: string }>;
}

/** |Re| below this fraction of |Im| (but beyond rounding) is a pair about to cross the imaginary axis. */
export const HOPF_TOLERANCE = 1e-3;
/** Rounding of the QR iteration: eigenvalues of well-conditioned problems are this many eps of the norm accurate. */
const ROUNDING_FACTOR = 64;

/**
 * Linear stability of a steady state: the eigenvalues of the analytic Jacobian of the species that
 * are present and feed back on the dynamics, with the classification a modeller reads off them.
 * Readouts such as bone volume only integrate (they would add spurious zero eigenvalues). A species
 * at 0 that nothing present produces (its Jacobian row vanishes outside the absent block) is not
 * part of the dynamics present: it is reported separately, with the rate at which it would grow if
 * introduced. A real part is zero within `residual`-aware rounding (see zeroToleranceOf).
 * Eigenvalues that cannot be found are an 'undetermined' classification, never an exception.
 *
 * @example
 * ```ts
 * const steady = findSteadyState(compiled, compiled.p0, compiled.y0);
 * const stability = analyseStability(compiled, compiled.p0, steady.y);
 * console.log(stability.classification); // e.g. 'stable focus'
 * ```
 */
export function analyseStability(model: CompiledModel, p: Float64Array, y: Float64Array, t = 0, residual = 0): Stability {
  const n = y.length;
  const J = new Float64Array(n * n);
  model.jacobian(t, y, p, J);
  const dynamic = model.readouts.flatMap((readout, i) => (readout ? [] : [i]));
  const absentSet = absentPopulations(dynamic, y, J, n);
  const present = dynamic.filter((i) => !absentSet.has(i));
  const block = (rows: number[]) => rows.map((i) => rows.map((j) => J[i * n + j]));
  const matrix = block(present);
  const species = present.map((i) => model.speciesNames[i]);
  const zeroTolerance = zeroToleranceOf(matrix, residual);

  let eigenvalues: Eigenvalue[];
  try {
    eigenvalues = eigenvaluesOf(matrix);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      eigenvalues: [], classification: 'undetermined', stable: false, slowest: { re: Number.NaN, im: Number.NaN }, species, zeroTolerance,
      absent: [], invading: [], note: `the eigenvalues could not be computed: ${reason}`,
    };
  }
  const absentRows = [...absentSet];
  const absent = absentGrowth(block(absentRows), absentRows.map((i) => model.speciesNames[i]));
  const stability: Stability = {
    ...classify(eigenvalues, zeroTolerance), eigenvalues, species, zeroTolerance, absent, invading: absent.filter((a) => a.growthRate > zeroTolerance),
  };
  if (!stability.stable && eigenvalues.every((e) => Number.isFinite(e.re))) stability.unstableIn = growingModes(matrix, species, zeroTolerance);
  return stability;
}

/**
 * Dynamic species at exactly 0 whose rates do not depend on any species outside their own group
 * (the Jacobian is block triangular): the subspace where they are 0 is invariant, so they are not
 * part of the dynamics present.
 */
function absentPopulations(dynamic: number[], y: Float64Array, J: Float64Array, n: number): Set<number> {
  const absent = new Set(dynamic.filter((i) => y[i] === 0));
  for (let changed = true; changed;) {
    changed = false;
    for (const i of absent) {
      if (dynamic.some((j) => !absent.has(j) && J[i * n + j] !== 0)) {
        absent.delete(i);
        changed = true;
      }
    }
  }
  return absent;
}

/**
 * Each absent population's growth rate if introduced alone: a seed in species k excites the modes whose
 * left eigenvector has a component in k, and grows (or dies out) at the fastest of them.
 */
function absentGrowth(matrix: number[][], names: string[]): AbsentPopulation[] {
  if (names.length === 0) return [];
  if (matrix.some((row) => row.some((v) => !Number.isFinite(v)))) return names.map((species) => ({ species, growthRate: Number.NaN }));
  const modes = modesOf(matrix);
  return names.map((species, k) => {
    const excited = modes.filter((mode) => mode.left[k] > 1e-8 * Math.max(...mode.left));
    return { species, growthRate: Math.max(...excited.map((mode) => mode.eigenvalue.re)) };
  });
}

/**
 * Rounding decides what "zero" means: the QR iteration's eigenvalues are accurate to a few eps of the
 * Jacobian's norm, and a steady state with relative residual r moves them by about r per time unit.
 */
export function zeroToleranceOf(matrix: number[][], residual = 0): number {
  let sum = 0;
  for (const row of matrix) for (const v of row) sum += v * v;
  const norm = Math.sqrt(sum);
  return Math.max(ROUNDING_FACTOR * Number.EPSILON * norm, 10 * (Number.isFinite(residual) ? residual : 0), Number.MIN_VALUE);
}

/** The growing modes and the species each lives in, from the left eigenvectors (eigenvectors of J transposed). */
function growingModes(matrix: number[][], species: string[], tolerance: number): Array<{ eigenvalue: Eigenvalue; species: string }> {
  try {
    return modesOf(matrix)
      .filter(({ eigenvalue }) => eigenvalue.re > tolerance && eigenvalue.im >= 0)
      .map(({ eigenvalue, left }) => {
        let largest = 0;
        left.forEach((v, k) => {
          if (Math.abs(v) > Math.abs(left[largest])) largest = k;
        });
        return { eigenvalue, species: species[largest] };
      });
  } catch {
    return [];
  }
}

/** Eigenvalues with the modulus of each component of their left eigenvector (ml-matrix's real Schur form of J transposed). */
function modesOf(matrix: number[][]): Array<{ eigenvalue: Eigenvalue; left: number[] }> {
  const transposed = new Matrix(matrix).transpose();
  const decomposition = new EigenvalueDecomposition(transposed, { assumeSymmetric: false });
  const re = decomposition.realEigenvalues;
  const im = decomposition.imaginaryEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const n = re.length;
  const modes: Array<{ eigenvalue: Eigenvalue; left: number[] }> = [];
  for (let j = 0; j < n; j++) {
    // A complex pair occupies columns j (real part) and j + 1 (imaginary part).
    if (im[j] !== 0 && j + 1 < n && im[j + 1] === -im[j]) {
      const left = Array.from({ length: n }, (_, i) => Math.hypot(vectors.get(i, j), vectors.get(i, j + 1)));
      modes.push({ eigenvalue: { re: re[j], im: Math.abs(im[j]) }, left }, { eigenvalue: { re: re[j + 1], im: -Math.abs(im[j]) }, left });
      j++;
      continue;
    }
    modes.push({ eigenvalue: { re: re[j], im: im[j] }, left: Array.from({ length: n }, (_, i) => Math.abs(vectors.get(i, j))) });
  }
  return modes;
}

/** Eigenvalues of a real square matrix (Hessenberg reduction and shifted QR, ml-matrix), largest real part first. */
export function eigenvaluesOf(matrix: number[][]): Eigenvalue[] {
  if (matrix.length === 0) return [];
  if (matrix.some((row) => row.some((v) => !Number.isFinite(v)))) {
    return matrix.map(() => ({ re: Number.NaN, im: Number.NaN }));
  }
  const decomposition = new EigenvalueDecomposition(new Matrix(matrix), { assumeSymmetric: false });
  const re = decomposition.realEigenvalues;
  const im = decomposition.imaginaryEigenvalues;
  const values = re.map((r, k) => ({ re: r, im: im[k] }));
  if (values.some((v) => !Number.isFinite(v.re) || !Number.isFinite(v.im))) throw new Error('the QR iteration did not converge to finite eigenvalues');
  return values.sort((a, b) => b.re - a.re || b.im - a.im);
}

/**
 * Names for what the eigenvalues say, with real parts within `tolerance` of 0 counted as 0 (default:
 * rounding of eigenvalues of this size). All real parts negative: stable, a focus if some eigenvalues
 * are complex (perturbations ring while they decay; in 3-D and up, with a real slowest mode, this is a
 * focus-node, and the note says so), a node if all are real. A complex pair on the imaginary axis with
 * the rest stable is a centre of the linearisation; one within 1e-3 |Im| of it, near a Hopf point.
 *
 * @example
 * ```ts
 * classify([{ re: -0.1, im: 0.2 }, { re: -0.1, im: -0.2 }]).classification; // 'stable focus'
 * ```
 */
export function classify(eigenvalues: Eigenvalue[], tolerance?: number): Omit<Stability, 'eigenvalues' | 'species' | 'zeroTolerance' | 'absent' | 'invading'> {
  if (eigenvalues.length === 0) return { classification: 'stable node', stable: true, slowest: { re: Number.NEGATIVE_INFINITY, im: 0 } };
  const scale = Math.max(...eigenvalues.map((e) => Math.hypot(e.re, e.im)), Number.MIN_VALUE);
  const zero = tolerance ?? ROUNDING_FACTOR * Number.EPSILON * scale;
  const isComplex = (e: Eigenvalue) => Math.abs(e.im) > zero;
  const slowest = eigenvalues[0];
  const pair = eigenvalues.find(isComplex);
  const oscillation = pair && {
    eigenvalue: { re: pair.re, im: Math.abs(pair.im) },
    period: (2 * Math.PI) / Math.abs(pair.im),
    eFoldingTime: 1 / Math.abs(pair.re),
    amplitudePerCycle: Math.exp((2 * Math.PI * pair.re) / Math.abs(pair.im)),
  };
  const base = { slowest, ...(Math.abs(slowest.re) > zero ? { eFoldingTime: 1 / Math.abs(slowest.re) } : {}), ...(oscillation ? { oscillation } : {}) };

  if (eigenvalues.some((e) => Number.isNaN(e.re))) return { ...base, classification: 'undetermined', stable: false, note: 'the Jacobian is not finite here' };
  const onAxis = eigenvalues.filter((e) => Math.abs(e.re) <= zero);
  const growing = eigenvalues.some((e) => e.re > zero);
  if (!growing && onAxis.length) {
    if (onAxis.some((e) => !isComplex(e))) return { ...base, classification: 'non-hyperbolic (zero eigenvalue)', stable: false };
    return {
      ...base, classification: 'centre', stable: false,
      note: 'a complex pair on the imaginary axis: to first order oscillations neither grow nor decay; the nonlinear terms decide (along a parameter, a Hopf point)',
    };
  }
  const rest = pair ? eigenvalues.filter((e) => !(e.re === pair.re && Math.abs(e.im) === Math.abs(pair.im))) : eigenvalues;
  if (pair && Math.abs(pair.re) <= HOPF_TOLERANCE * Math.abs(pair.im) && rest.every((e) => e.re < -zero)) {
    return {
      ...base, classification: 'near a Hopf point', stable: pair.re < 0,
      note: `a complex pair ${pair.re < 0 ? 'just left' : 'just right'} of the imaginary axis: oscillations ${pair.re < 0 ? 'decay' : 'grow'} only slowly, sustained oscillations are born or die nearby`,
    };
  }
  if (!growing) {
    if (!pair) return { ...base, classification: 'stable node', stable: true };
    const note = isComplex(slowest) ? undefined : 'focus-node: the slowest mode is real, so perturbations ring at first and then decay without oscillating';
    return { ...base, classification: 'stable focus', stable: true, ...(note ? { note } : {}) };
  }
  if (isComplex(slowest)) return { ...base, classification: 'unstable focus', stable: false, note: 'oscillations grow: the state is surrounded by a limit cycle or diverges' };
  return { ...base, classification: eigenvalues.some((e) => e.re < -zero) ? 'saddle' : 'unstable node', stable: false };
}

/** Stable (every real part below -tolerance), unstable (some above it), or neutral (on the axis within rounding). */
export function stabilitySign(stability: Stability): -1 | 0 | 1 | undefined {
  if (stability.classification === 'undetermined' || !Number.isFinite(stability.slowest.re)) return undefined;
  const lead = stability.slowest.re;
  return lead < -stability.zeroTolerance ? -1 : lead > stability.zeroTolerance ? 1 : 0;
}
