import { D1, D3, D4, D5, D6, D7 } from './dp5Tableau.ts';
import type { DenseOutput, DenseOutputBatch } from './types.ts';

/**
 * The arrays one integration works in, allocated once and reused by later integrations of the
 * same size, so that steps, and whole runs of an ensemble, allocate nothing.
 */
export class Dp5Workspace {
  readonly y: Float64Array;
  readonly yNew: Float64Array;
  readonly yStage: Float64Array;
  /** The seven stage derivatives k1..k7, one after another (k_s at offset (s - 1) * n). */
  readonly k: Float64Array;
  /** Views of k, one per stage, for the right-hand side to write into. */
  readonly stages: Float64Array[];
  /** Coefficients of the continuous extension on the last accepted step, computed on first use. */
  readonly r2: Float64Array;
  readonly r3: Float64Array;
  readonly r4: Float64Array;
  readonly r5: Float64Array;
  /** Numbers in and out of a generated kernel's call (src/solve/kernels/dp5Kernel.ts). */
  readonly io = new Float64Array(17);
  tOld = 0;
  h = 0;
  denseReady = false;
  /** Interpolates inside the last accepted step [tOld, tOld + h] (one closure per workspace, not per step). */
  readonly dense: DenseOutput;
  /** The same at many output times in one call (daily output from steps of several days). */
  readonly denseBatch: DenseOutputBatch;

  constructor(readonly n: number) {
    const array = () => new Float64Array(n);
    this.y = array();
    this.yNew = array();
    this.yStage = array();
    this.k = new Float64Array(7 * n);
    this.stages = Array.from({ length: 7 }, (_, s) => this.k.subarray(s * n, (s + 1) * n));
    this.r2 = array();
    this.r3 = array();
    this.r4 = array();
    this.r5 = array();
    this.dense = (t, out) => {
      if (!this.denseReady) this.prepareDense();
      const theta = (t - this.tOld) / this.h;
      const theta1 = 1 - theta;
      const { y, r2, r3, r4, r5 } = this;
      for (let i = 0; i < n; i++) out[i] = y[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
    };
    this.denseBatch = (times, from, to, out, row) => {
      if (!this.denseReady) this.prepareDense();
      const { y, r2, r3, r4, r5, tOld, h } = this;
      for (let j = from, at = row * n; j < to; j++) {
        const theta = (times[j] - tOld) / h;
        const theta1 = 1 - theta;
        for (let i = 0; i < n; i++, at++) out[at] = y[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
      }
    };
  }

  private prepareDense(): void {
    const { n, h, y, yNew, k, r2, r3, r4, r5 } = this;
    for (let i = 0; i < n; i++) {
      const change = yNew[i] - y[i];
      const eulerDefect = h * k[i] - change;
      r2[i] = change;
      r3[i] = eulerDefect;
      r4[i] = change - h * k[6 * n + i] - eulerDefect;
      r5[i] = h * (D1 * k[i] + D3 * k[2 * n + i] + D4 * k[3 * n + i] + D5 * k[4 * n + i] + D6 * k[5 * n + i] + D7 * k[6 * n + i]);
    }
    this.denseReady = true;
  }
}

/** One spare workspace: integrations run one after another, so one is almost always enough. */
let spare: Dp5Workspace | undefined;

/** A workspace for n states: the spare one if it fits, else a new one. */
export function takeWorkspace(n: number): Dp5Workspace {
  const workspace = spare;
  if (workspace && workspace.n === n) {
    spare = undefined;
    return workspace;
  }
  return new Dp5Workspace(n);
}

/** Hand a workspace back when its integration is done (it becomes the spare). */
export function returnWorkspace(workspace: Dp5Workspace): void {
  spare = workspace;
}
