import { BonesimError } from '../errors.ts';
import type { CompiledModel } from '../model/compile.ts';
import { analyseStability, type Stability } from './stability.ts';
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
      points.push({ value, y: state.y, rates, method: state.method, stability: analyseStability(model, p, state.y) });
      guess = Float64Array.from(state.y);
    } catch (error) {
      if (!(error instanceof BonesimError)) throw error;
      points.push({ value, failure: error.problem });
    }
  }

  const changes: StabilityChange[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    if (!a.stability || !b.stability || !a.y) continue;
    const leadA = a.stability.slowest.re;
    const leadB = b.stability.slowest.re;
    if (Math.sign(leadA) === Math.sign(leadB) || !Number.isFinite(leadA) || !Number.isFinite(leadB)) continue;
    changes.push(locateCrossing(model, p0, index, a, b));
  }
  return { parameter, points, changes };
}

function locateCrossing(model: CompiledModel, p0: Float64Array, index: number, a: ScanPoint, b: ScanPoint): StabilityChange {
  let low = a.value;
  let high = b.value;
  const signLow = Math.sign(a.stability!.slowest.re);
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
    const s = analyseStability(model, p, state.y);
    if (Math.sign(s.slowest.re) === signLow) {
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
    direction: a.stability!.slowest.re < 0 ? 'loses stability' : 'gains stability',
  };
}
