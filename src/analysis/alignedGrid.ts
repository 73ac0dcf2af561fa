import type { Comparison } from './compare.ts';
import { valueAt } from './trajectory.ts';

/** At most this many rows on a common grid (runs with very fine output are resampled). */
const MAX_ROWS = 200_000;

/**
 * One time grid for all runs of a comparison (in its time unit): every run's own output
 * times, merged (a uniform grid instead if that would exceed MAX_ROWS). Each quantity of
 * each run is read on it, linear between its outputs, undefined past the run's end.
 */
export function alignedGrid(comparison: Comparison): { times: Float64Array; column(quantityIndex: number, runIndex: number): (number | undefined)[] } {
  const runs = comparison.runs;
  const first = runs[0]?.times ?? new Float64Array(0);
  const shared = runs.every((r) => r.times.length === first.length && r.times.every((t, i) => Math.abs(t - first[i]) <= 1e-9 * Math.max(1, Math.abs(t))));
  let times: Float64Array;
  if (shared) {
    times = first;
  } else {
    times = mergedTimes(runs.map((r) => r.times));
  }
  if (times.length > MAX_ROWS) {
    const end = Math.max(...runs.map((r) => r.times[r.times.length - 1]));
    const spacing = Math.min(...runs.map((r) => (r.times.length > 1 ? (r.times[r.times.length - 1] - r.times[0]) / (r.times.length - 1) : end || 1)));
    const step = Math.max(spacing, end / (MAX_ROWS - 1));
    const n = Math.floor(end / step + 1e-9) + 1;
    times = Float64Array.from({ length: n }, (_, i) => i * step);
  }
  const exact = shared && times === first;
  return {
    times,
    column(q, r) {
      const run = runs[r];
      const name = comparison.quantities[q].columns[r];
      if (!name) return Array.from(times, () => undefined);
      const trajectory = { times: run.times, values: run.result.series[name] };
      const end = run.times[run.times.length - 1];
      return Array.from(times, (t, i) => (t > end * (1 + 1e-12) ? undefined : exact ? trajectory.values[i] : valueAt(trajectory, t)));
    },
  };
}

/** The sorted union of several ascending time lists (times closer than 1e-9 relative count as one). */
function mergedTimes(lists: readonly Float64Array[]): Float64Array {
  const all = Float64Array.from(lists.flatMap((l) => Array.from(l))).sort();
  const merged: number[] = [];
  for (const t of all) if (!merged.length || t - merged[merged.length - 1] > 1e-9 * Math.max(1, Math.abs(t))) merged.push(t);
  return Float64Array.from(merged);
}
