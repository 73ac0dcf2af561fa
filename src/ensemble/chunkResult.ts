import type { EnsembleLayout } from './ensemble.ts';

/**
 * The results of a run of consecutive members (a chunk), as typed arrays: what a worker thread hands
 * back (transferred, not copied) and what one part file of the outputs holds. Row j is member first + j.
 */
export interface ChunkResult {
  first: number;
  count: number;
  /** Rows the arrays have room for. */
  capacity: number;
  /** 0 ok, 1 stopped early by a state event, 2 failed (STATE_CODES). */
  state: Uint8Array;
  /** Why a member did not run to the end: "numerical: ...", "input: ..." or "stopped: <record>", by row. */
  reasons: Map<number, string>;
  /** Model time of the failure or stop, NaN for members that ran to the end or failed before starting. */
  time: Float64Array;
  /** Accepted integration steps. */
  steps: Int32Array;
  /** count x layout.parameters.length, row-major: the values of the varied parameters. */
  parameters: Float64Array;
  /** count x layout.metrics.length, row-major; NaN for a failed member. */
  metrics: Float64Array;
  /** count x series x times (member-major, then series-major), when the layout keeps trajectories. */
  trajectories: Float64Array;
}

export const STATE_CODES = { ok: 0, stopped: 1, failed: 2 } as const;
export const STATE_NAMES = ['ok', 'stopped', 'failed'] as const;

/**
 * Empty arrays for `capacity` members of this layout.
 *
 * @example
 * ```ts
 * const chunk = createChunkResult(ensemble.layout, 256);
 * ensemble.runChunk(0, 256, chunk);
 * ```
 */
export function createChunkResult(layout: EnsembleLayout, capacity: number): ChunkResult {
  return {
    first: 0,
    count: 0,
    capacity,
    state: new Uint8Array(capacity),
    reasons: new Map(),
    time: new Float64Array(capacity),
    steps: new Int32Array(capacity),
    parameters: new Float64Array(capacity * layout.parameters.length),
    metrics: new Float64Array(capacity * layout.metrics.length),
    trajectories: new Float64Array(capacity * layout.series.length * layout.times.length),
  };
}
