/**
 * The times a run reports: every `outputEvery` from 0, the end, and any extra times
 * (e.g. the times expectations read), in order, with near-duplicates merged. Two times count as
 * the same when closer than a millionth of the output step (or 1e-9 of the run, if that is less),
 * so a fine output step is honoured, never silently coarsened.
 */
export function outputGrid(duration: number, outputEvery: number, extra: readonly number[] = []): Float64Array {
  const count = Math.floor(duration / outputEvery + 1e-9) + 1;
  const tolerance = Math.min(1e-9 * Math.max(1, duration), 1e-6 * outputEvery);
  // The grid is in order already; only the few extra times need sorting in.
  const others = Float64Array.from([duration, ...extra]).sort();
  const merged = new Float64Array(count + others.length);
  let size = 0;
  const push = (t: number) => {
    if (size && t - merged[size - 1] <= tolerance) {
      // Keep grid-exact values (the end stays exactly `duration`).
      if (t === duration) merged[size - 1] = t;
      return;
    }
    merged[size++] = t;
  };
  let j = 0;
  for (let k = 0; k < count; k++) {
    const t = Math.min(k * outputEvery, duration);
    while (j < others.length && others[j] < t) push(others[j++]);
    push(t);
  }
  while (j < others.length) push(others[j++]);
  return merged.slice(0, size);
}
