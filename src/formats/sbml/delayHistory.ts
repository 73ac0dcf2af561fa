import type { DenseOutput } from '../../solve/types.ts';

/**
 * The solution's past, for SBML's delay(x, tau): each accepted step is kept as four points
 * (its start and three points of the integrator's dense output) and read back by cubic
 * interpolation within the step, so the past is as accurate as the integration. Before the
 * start the state is the initial one.
 */
export class DelayHistory {
  private readonly n: number;
  /** Per step: t0, t1, then 4 x n values at t0, t0 + h/3, t0 + 2h/3, t1. */
  private times: number[] = [];
  private values: Float64Array;
  private count = 0;
  private readonly parameterSets: Float64Array[] = [];
  private readonly stepParameters: number[] = [];
  private readonly initial: Float64Array;
  private initialParameters: Float64Array;
  private readonly scratch: Float64Array;

  /** Writes the state before the start at time s (from initial values that are functions of time), if any. */
  past?: (s: number, out: Float64Array, parameters: Float64Array) => void;
  private readonly pastParameters: Float64Array;

  constructor(y0: Float64Array, p0: Float64Array) {
    this.n = y0.length;
    this.initial = Float64Array.from(y0);
    this.initialParameters = Float64Array.from(p0);
    this.values = new Float64Array(64 * 4 * this.n);
    this.scratch = new Float64Array(this.n);
    this.pastParameters = new Float64Array(p0.length);
  }

  /** The parameters in force from now on (after an event changed them). */
  parametersChanged(p: Float64Array): void {
    this.parameterSets.push(Float64Array.from(p));
  }

  /** An accepted step [tPrevious, t] with its dense output. */
  record(tPrevious: number, t: number, y: Float64Array, dense: DenseOutput, yPrevious: Float64Array): void {
    const n = this.n;
    if ((this.count + 1) * 4 * n > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const base = this.count * 4 * n;
    this.values.set(yPrevious, base);
    const h = t - tPrevious;
    dense(tPrevious + h / 3, this.scratch);
    this.values.set(this.scratch, base + n);
    dense(tPrevious + (2 * h) / 3, this.scratch);
    this.values.set(this.scratch, base + 2 * n);
    this.values.set(y, base + 3 * n);
    this.times.push(tPrevious, t);
    this.stepParameters.push(this.parameterSets.length - 1);
    this.count++;
  }

  /**
   * The state at time s into `out`, and the parameters then. Returns false when s is after
   * the last recorded step (the caller uses the current state).
   */
  at(s: number, out: Float64Array): { parameters: Float64Array; before?: boolean } | undefined {
    const n = this.n;
    if (this.count === 0 || s < this.times[0]) {
      out.set(this.initial);
      if (!this.past) return { parameters: this.initialParameters, before: true };
      this.pastParameters.set(this.initialParameters);
      this.past(s, out, this.pastParameters);
      return { parameters: this.pastParameters, before: true };
    }
    if (s > this.times[2 * this.count - 1]) return undefined;
    // The last step that starts at or before s (after an event, the post-event step wins at its start).
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[2 * mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    const t0 = this.times[2 * lo];
    const t1 = this.times[2 * lo + 1];
    const h = t1 - t0;
    const base = lo * 4 * n;
    if (h <= 0) {
      for (let i = 0; i < n; i++) out[i] = this.values[base + 3 * n + i];
    } else {
      // Lagrange weights on the nodes 0, 1/3, 2/3, 1 of the step.
      const x = (s - t0) / h;
      const w0 = -(x - 1 / 3) * (x - 2 / 3) * (x - 1) * 4.5;
      const w1 = x * (x - 2 / 3) * (x - 1) * 13.5;
      const w2 = -x * (x - 1 / 3) * (x - 1) * 13.5;
      const w3 = x * (x - 1 / 3) * (x - 2 / 3) * 4.5;
      for (let i = 0; i < n; i++) {
        out[i] = w0 * this.values[base + i] + w1 * this.values[base + n + i] + w2 * this.values[base + 2 * n + i] + w3 * this.values[base + 3 * n + i];
      }
    }
    const set = this.stepParameters[lo];
    return { parameters: set >= 0 ? this.parameterSets[set] : this.initialParameters };
  }

  /** Start of the run: the state and parameters that hold before it. */
  reset(y0: Float64Array, p0: Float64Array): void {
    this.initial.set(y0);
    this.initialParameters = Float64Array.from(p0);
  }
}
