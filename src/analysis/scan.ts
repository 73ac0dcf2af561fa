import { BonesimError } from '../errors.ts';
import type { CompiledModel } from '../model/compile.ts';
import { analyseStability, stabilitySign, type Stability } from './stability.ts';
import { findSteadyState, type SteadyState } from '../solve/steadyState.ts';

export interface ScanPoint {
  value: number;
  /** The steady state (all species; readouts keep their starting values), or undefined if none was found. */
  y?: Float64Array;
  /** dy/dt at the steady state: zero for dynamic species, the net balance for readouts such as bone volume. */
  rates?: Float64Array;
  method?: SteadyState['method'];
  stability?: Stability;
  failure?: string;
}

export interface StabilityChange {
  /** The scan points on either side. */
  between: [number, number];
  /** Where the largest real part of the eigenvalues crosses zero (bisection with continuation). */
  at: number;
  kind: 'Hopf' | 'zero eigenvalue';
  /** The oscillation period at a Hopf point (time units). */
  period?: number;
  /** From stable to unstable as the parameter increases, or the reverse. */
  direction: 'loses stability' | 'gains stability';
}

export interface ScanResult {
  parameter: string;
  points: ScanPoint[];
  changes: StabilityChange[];
}

/**
 * Natural-parameter continuation of a steady state: step the parameter from `from` to `to`,
 * solve for the steady state from the previous one (Newton, falling back to integration), and
 * classify each by its eigenvalues. Where stability changes between two points, bisect on the
 * parameter for the crossing of the leading eigenvalue's real part through zero.
 *
 * @example
 * ```ts
 * const compiled = compileModel(loadModel('models/komarova2003.yaml'));
 * const scan = scanParameter(compiled, compiled.p0, compiled.y0, 'g11', 0.5, 1.3, 40);
 * scan.changes; // where stability changes, located by bisection
 * ```
 */
export function scanParameter(model: CompiledModel, p0: Float64Array, y0: Float64Array, parameter: string, from: number, to: number, steps: number): ScanResult {
  const index = model.parameterIndex(parameter);
  const n = y0.length;
  const points: ScanPoint[] = [];
  let guess = Float64Array.from(y0);
  for (let k = 0; k <= steps; k++) {
    const value = from + ((to - from) * k) / steps;
    const p = Float64Array.from(p0);
    p[index] = value;
    try {
      const state = findSteadyState(model, p, guess);
      const rates = new Float64Array(n);
      model.rhs(0, state.y, p, rates);
      points.push({ value, y: state.y, rates, method: state.method, stability: analyseStability(model, p, state.y, 0, state.residual) });
      guess = Float64Array.from(state.y);
    } catch (error) {
      if (!(error instanceof BonesimError)) throw error;
      points.push({ value, failure: error.problem });
    }
  }

  // Stability changes between consecutive points that are decidedly stable or unstable: points on the
  // imaginary axis within rounding (a centre, all along a conservative model's branch) are neither, so
  // rounding cannot make a change, and changes alternate in direction by construction.
  const changes: StabilityChange[] = [];
  let last: ScanPoint | undefined;
  for (const point of points) {
    const sign = point.stability && point.y ? stabilitySign(point.stability) : undefined;
    if (!sign) continue;
    if (last && stabilitySign(last.stability!) !== sign) changes.push(locateCrossing(model, p0, index, last, point));
    last = point;
  }
  return { parameter, points, changes };
}

function locateCrossing(model: CompiledModel, p0: Float64Array, index: number, a: ScanPoint, b: ScanPoint): StabilityChange {
  let low = a.value;
  let high = b.value;
  const signLow = stabilitySign(a.stability!);
  let guess = Float64Array.from(a.y!);
  let stability = a.stability!;
  const p = Float64Array.from(p0);
  for (let iteration = 0; iteration < 60 && Math.abs(high - low) > 1e-12 * Math.max(Math.abs(low), Math.abs(high), 1e-300); iteration++) {
    const middle = 0.5 * (low + high);
    p[index] = middle;
    let state: SteadyState;
    try {
      state = findSteadyState(model, p, guess);
    } catch {
      break;
    }
    const s = analyseStability(model, p, state.y, 0, state.residual);
    if (stabilitySign(s) === signLow) {
      low = middle;
      guess = Float64Array.from(state.y);
    } else {
      high = middle;
    }
    stability = s;
  }
  const lead = stability.slowest;
  const complex = Math.abs(lead.im) > 1e-9 * Math.hypot(lead.re, lead.im);
  return {
    between: [a.value, b.value],
    at: 0.5 * (low + high),
    kind: complex ? 'Hopf' : 'zero eigenvalue',
    ...(complex ? { period: (2 * Math.PI) / Math.abs(lead.im) } : {}),
    direction: signLow! < 0 ? 'loses stability' : 'gains stability',
  };
}
