import { nextUint32, seedSequential, sequentialStream, streamKey, type StreamKey } from './counterRandom.ts';

/**
 * The nonparametric bootstrap, seeded: replicate r's picks of `rows` rows with replacement come from
 * the sequential stream (seed, "bootstrap", r), so intervals are reproducible and independent of the
 * member stream. Intervals are percentile intervals (Efron & Tibshirani 1993, ch. 13).
 */
export function bootstrapKey(seed: number): StreamKey {
  return streamKey(seed, 'bootstrap');
}

const stream = sequentialStream();

/**
 * Fill `into` with replicate r's row picks (each in 0..rows-1): floor(rows u) of a 32-bit u, whose
 * bias (at most rows / 2^32 relative per row) is far below the bootstrap's own noise. Allocation-free.
 */
export function resampleRows(key: StreamKey, replicate: number, rows: number, into: Int32Array): void {
  seedSequential(stream, key, replicate);
  for (let k = 0; k < rows; k++) into[k] = Math.floor(nextUint32(stream) * 2.3283064365386963e-10 * rows);
}

/** The central `confidence` percentile interval of bootstrap replicates (sorted in place). */
export function percentileInterval(replicates: Float64Array, confidence: number): [number, number] {
  const finite = replicates.filter(Number.isFinite).sort();
  if (!finite.length) return [NaN, NaN];
  const tail = (1 - confidence) / 2;
  return [quantileSorted(finite, tail), quantileSorted(finite, 1 - tail)];
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const h = (n - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}
