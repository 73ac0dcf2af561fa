import type { DenseOutput, DenseOutputBatch, IntegratorOptions, OdeProblem, SolutionStatus, StepObserver, StiffnessCheck } from './types.ts';

/**
 * What every integrator does after an accepted step, written once: sample the requested
 * output times from dense output, catch non-finite states, and honour an observer's stop.
 */
export class StepDriver {
  readonly n: number;
  readonly outputs: Float64Array;
  outputCount = 0;
  status: SolutionStatus = 'success';
  stopTime = Number.NaN;
  /** Last accepted time and state. */
  tLast: number;
  readonly yLast: Float64Array;
  nonFiniteComponent = -1;
  /** The step acceptStep() records: set by the integrator, so no numbers are boxed for a call per step. */
  stepStart = 0;
  stepEnd = 0;
  private readonly times: Float64Array;
  private nextOutput = 0;
  private readonly observer?: StepObserver;
  private readonly observeOnlyBelow?: Float64Array;
  private readonly stiffness?: StiffnessCheck;
  private stepsSinceCheck = 0;
  private readonly sampleScratch: Float64Array;

  constructor(problem: OdeProblem, options: IntegratorOptions, observer?: StepObserver) {
    this.n = problem.y0.length;
    this.times = options.outputTimes ?? new Float64Array(0);
    const size = this.times.length * this.n;
    this.outputs = options.outputBuffer && options.outputBuffer.length >= size ? options.outputBuffer : new Float64Array(size);
    this.observer = observer;
    this.observeOnlyBelow = options.observeOnlyBelow;
    this.stiffness = options.stiffness;
    this.tLast = problem.t0;
    this.yLast = Float64Array.from(problem.y0);
    this.sampleScratch = new Float64Array(this.n);
    // Output times at the start are the initial state itself.
    while (this.nextOutput < this.times.length && this.times[this.nextOutput] <= problem.t0) {
      this.outputs.set(problem.y0, this.outputCount * this.n);
      this.outputCount++;
      this.nextOutput++;
    }
  }

  /** Record an accepted step [tPrevious, t]. Returns false when integration must stop. */
  accept(tPrevious: number, t: number, y: ArrayLike<number>, dense: DenseOutput): boolean {
    this.stepStart = tPrevious;
    this.stepEnd = t;
    return this.acceptStep(y, dense);
  }

  /** accept() for the step [stepStart, stepEnd]; `denseBatch`, if given, samples the output times due in one call. */
  acceptStep(y: ArrayLike<number>, dense: DenseOutput, denseBatch?: DenseOutputBatch): boolean {
    const tPrevious = this.stepStart;
    const t = this.stepEnd;
    // Check before copying, so a failure leaves the last finite state in yLast.
    for (let i = 0; i < this.n; i++) {
      if (!Number.isFinite(y[i])) {
        this.status = 'non-finite';
        this.nonFiniteComponent = i;
        return false;
      }
    }
    for (let i = 0; i < this.n; i++) this.yLast[i] = y[i];
    let end = t;
    if (this.observer && this.observerNeeded()) {
      const stop = this.observer(tPrevious, t, this.yLast, dense);
      if (stop !== undefined) {
        this.status = 'stopped';
        this.stopTime = stop;
        end = stop;
      }
    }
    const stiffness = this.stiffness;
    if (stiffness && this.status !== 'stopped' && ++this.stepsSinceCheck >= stiffness.window) {
      this.stepsSinceCheck = 0;
      if (stiffness.windowEnd(t, this.yLast, stiffness.window)) {
        this.status = 'stopped';
        this.stopTime = t;
      }
    }
    const scratch = this.sampleScratch;
    // When stopping at `end` the caller restarts there (after applying an event), so `end` itself is not sampled.
    const stopping = this.status === 'stopped';
    // Locals, not fields, in the loop over output times (many per step when steps are long).
    const { outputs, times, n } = this;
    let next = this.nextOutput;
    let at = this.outputCount * n;
    if (denseBatch && !stopping) {
      let due = next;
      while (due < times.length && times[due] <= end) due++;
      // An output time exactly at the step's end takes the accepted state itself.
      const interpolated = due > next && times[due - 1] === t ? due - 1 : due;
      if (interpolated > next) denseBatch(times, next, interpolated, outputs, this.outputCount);
      at += (interpolated - next) * n;
      next = interpolated;
    }
    while (next < times.length && (stopping ? times[next] < end : times[next] <= end)) {
      const tOut = times[next++];
      const source = tOut === t ? this.yLast : scratch;
      if (tOut !== t) dense(tOut, scratch);
      // A plain loop: TypedArray.set costs more than copying a few numbers.
      for (let i = 0; i < n; i++) outputs[at++] = source[i];
    }
    this.outputCount += next - this.nextOutput;
    this.nextOutput = next;
    if (this.status === 'stopped') {
      if (end !== t) dense(end, this.yLast);
      this.tLast = end;
      return false;
    }
    this.tLast = t;
    return true;
  }

  /** Whether the observer must see this step (yLast): always, unless observeOnlyBelow says only below its levels. */
  private observerNeeded(): boolean {
    const below = this.observeOnlyBelow;
    if (!below) return true;
    for (let i = 0; i < this.n; i++) if (this.yLast[i] < below[i]) return true;
    return false;
  }

  /** The integration reached its end: outputs due at or before it (within rounding) take the final state. */
  finish(tEnd: number, yEnd: ArrayLike<number>): void {
    for (let i = 0; i < this.n; i++) this.yLast[i] = yEnd[i];
    this.tLast = tEnd;
    while (this.nextOutput < this.times.length && this.times[this.nextOutput] <= tEnd) {
      this.outputs.set(this.yLast, this.outputCount * this.n);
      this.outputCount++;
      this.nextOutput++;
    }
  }
}
