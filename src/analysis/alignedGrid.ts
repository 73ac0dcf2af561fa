import type { Comparison } from './compare.ts';
import { valueAt } from './trajectory.ts';

/** At most this many rows on a common grid (runs with very fine output are resampled). */
const MAX_ROWS = 200_000;

/**
 * One time grid for all runs of a comparison (in its time unit): the runs' own output
 * times when they agree, otherwise a uniform grid at the finest output spacing. Each
 * quantity of each run is read on it, linear between outputs, undefined past a run's end.
 */
export function alignedGrid(comparison: Comparison): { times: Float64Array; column(quantityIndex: number, runIndex: number): (number | undefined)[] } {
  const runs = comparison.runs;
  const first = runs[0]?.times ?? new Float64Array(0);
  const shared = runs.every((r) => r.times.length === first.length && r.times.every((t, i) => Math.abs(t - first[i]) <= 1e-9 * Math.max(1, Math.abs(t))));
  let times: Float64Array;
  if (shared) {
    times = first;
  } else {
    const end = Math.max(...runs.map((r) => r.times[r.times.length - 1]));
    const spacing = Math.min(...runs.map((r) => (r.times.length > 1 ? (r.times[r.times.length - 1] - r.times[0]) / (r.times.length - 1) : end || 1)));
    const step = Math.max(spacing, end / (MAX_ROWS - 1));
    const n = Math.floor(end / step + 1e-9) + 1;
    times = Float64Array.from({ length: n }, (_, i) => i * step);
  }
  return {
    times,
    column(q, r) {
      const run = runs[r];
      const name = comparison.quantities[q].columns[r];
      if (!name) return Array.from(times, () => undefined);
      const trajectory = { times: run.times, values: run.result.series[name] };
      const end = run.times[run.times.length - 1];
      return Array.from(times, (t, i) => (t > end * (1 + 1e-12) ? undefined : shared ? trajectory.values[i] : valueAt(trajectory, t)));
    },
  };
}
