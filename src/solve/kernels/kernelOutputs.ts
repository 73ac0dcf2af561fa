import type { ResolvedOptions } from '../options.ts';

const EMPTY = new Float64Array(0);

/** A kernel's output times and the buffer it writes them into: the caller's, when it lends one large enough. */
export function kernelOutputs(options: ResolvedOptions, n: number): { times: Float64Array; outputs: Float64Array } {
  const times = options.outputTimes ?? EMPTY;
  const size = times.length * n;
  const outputs = options.outputBuffer && options.outputBuffer.length >= size ? options.outputBuffer : new Float64Array(size);
  return { times, outputs };
}

/**
 * Output times from `next` on that are due at or before t take `state` (at the start: the start state; at the end
 * of a successful integration: the end state, as StepDriver does). Returns the next output still to come.
 */
export function fillDueOutputs(times: Float64Array, outputs: Float64Array, next: number, t: number, state: ArrayLike<number>, n: number): number {
  while (next < times.length && times[next] <= t) {
    for (let i = 0; i < n; i++) outputs[next * n + i] = state[i];
    next++;
  }
  return next;
}
