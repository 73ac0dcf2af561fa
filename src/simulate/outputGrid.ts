/**
 * The times a run reports: every `outputEvery` from 0, the end, and any extra times
 * (e.g. the times expectations read), sorted, with near-duplicates merged.
 */
export function outputGrid(duration: number, outputEvery: number, extra: readonly number[] = []): Float64Array {
  const count = Math.floor(duration / outputEvery + 1e-9) + 1;
  const times: number[] = Array.from({ length: count }, (_, k) => Math.min(k * outputEvery, duration));
  times.push(duration, ...extra);
  times.sort((a, b) => a - b);
  const tolerance = 1e-9 * Math.max(1, duration);
  const merged: number[] = [];
  for (const t of times) {
    if (merged.length && t - merged[merged.length - 1] <= tolerance) {
      // Keep grid-exact values (the end stays exactly `duration`).
      if (t === duration) merged[merged.length - 1] = t;
      continue;
    }
    merged.push(t);
  }
  return Float64Array.from(merged);
}
