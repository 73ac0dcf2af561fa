import { quantileSorted } from './bootstrap.ts';

/**
 * Quantiles of a stream in bounded memory: exact while the stream fits `capacity` values (the
 * sorted values, interpolated as numpy and R's type 7), then a merging t-digest (Dunning & Ertl,
 * "Computing extremely accurate quantiles using t-digests", 2019) with the arcsine scale function
 * k(q) = δ/(2π) asin(2q - 1). Every centroid spans at most one unit of k, so a centroid holding rank
 * q carries at most a fraction 2π sqrt(q(1 - q)) / δ of the data; a quantile interpolated between two
 * centroid centres is therefore off by less than that fraction in rank: 0.63 % at the median and
 * 0.27 % at the 5th percentile for the default δ = 500. Measured on a million values (normal,
 * log-normal, bimodal, sorted, tied) the errors stay below 2e-4 in rank (test/ensemble). In the
 * tails centroids are small (the outermost hold about n (π/δ)² values) and the minimum and maximum
 * are kept exactly.
 *
 * Plain data; adding a value allocates nothing. The state after a given sequence of values is
 * always the same (no randomness), so feeding members in index order gives the same sketch however
 * the work was split.
 */
export interface QuantileSketch {
  readonly capacity: number;
  readonly compression: number;
  /** Finite values seen, and values skipped because they were NaN or infinite. */
  count: number;
  skipped: number;
  min: number;
  max: number;
  /** Exact values (or, once a digest, values waiting to be merged in). */
  buffer: Float64Array;
  buffered: number;
  /** The buffer is sorted (no value added since the last sort). */
  sorted: boolean;
  /** The digest's centroids, sorted by mean; null while exact. */
  means: Float64Array | null;
  weights: Float64Array | null;
  centroids: number;
}

export const DEFAULT_SKETCH_CAPACITY = 1000;
export const DEFAULT_COMPRESSION = 500;

export function createQuantileSketch(capacity = DEFAULT_SKETCH_CAPACITY, compression = DEFAULT_COMPRESSION): QuantileSketch {
  if (!(capacity >= 16 && Number.isInteger(capacity))) throw new RangeError(`a sketch holds at least 16 exact values, got ${capacity}`);
  if (!(compression >= 20)) throw new RangeError(`the compression must be at least 20, got ${compression}`);
  return { capacity, compression, count: 0, skipped: 0, min: Infinity, max: -Infinity, buffer: new Float64Array(capacity), buffered: 0, sorted: true, means: null, weights: null, centroids: 0 };
}

/** True while every value is held (quantiles are exact). */
export function isExact(sketch: QuantileSketch): boolean {
  return sketch.means === null;
}

export function addValue(sketch: QuantileSketch, value: number): void {
  if (!Number.isFinite(value)) {
    sketch.skipped++;
    return;
  }
  if (sketch.buffered === sketch.capacity) flush(sketch);
  sketch.buffer[sketch.buffered++] = value;
  sketch.sorted = false;
  sketch.count++;
  if (value < sketch.min) sketch.min = value;
  if (value > sketch.max) sketch.max = value;
}

/** Scratch for merges, shared by all sketches (merges run one at a time). */
let scratchMeans = new Float64Array(0);
let scratchWeights = new Float64Array(0);

function scratch(size: number): void {
  if (scratchMeans.length < size) {
    scratchMeans = new Float64Array(size);
    scratchWeights = new Float64Array(size);
  }
}

/** Merge the buffered values into the digest (making it a digest if it was exact). */
function flush(sketch: QuantileSketch): void {
  if (!sketch.means) {
    const size = Math.ceil(sketch.compression) + 2;
    sketch.means = new Float64Array(size);
    sketch.weights = new Float64Array(size);
  }
  const buffer = sketch.buffer.subarray(0, sketch.buffered);
  buffer.sort();
  const means = sketch.means;
  const weights = sketch.weights!;
  const total = sketch.centroids + sketch.buffered;
  scratch(total);
  // Merge two sorted lists: the centroids and the sorted buffer.
  let c = 0, b = 0;
  for (let k = 0; k < total; k++) {
    if (b >= buffer.length || (c < sketch.centroids && means[c] <= buffer[b])) {
      scratchMeans[k] = means[c];
      scratchWeights[k] = weights[c++];
    } else {
      scratchMeans[k] = buffer[b++];
      scratchWeights[k] = 1;
    }
  }
  sketch.buffered = 0;
  sketch.sorted = true;
  compress(sketch, total);
}

/** Greedy merge of the sorted scratch items into centroids that each span at most one unit of k. */
function compress(sketch: QuantileSketch, items: number): void {
  const means = sketch.means!;
  const weights = sketch.weights!;
  let totalWeight = 0;
  for (let k = 0; k < items; k++) totalWeight += scratchWeights[k];
  const delta = sketch.compression;
  let out = 0;
  let mean = scratchMeans[0];
  let weight = scratchWeights[0];
  let left = 0; // weight before the current centroid
  let limit = qLimit(0, delta) * totalWeight;
  for (let k = 1; k < items; k++) {
    const w = scratchWeights[k];
    if (left + weight + w <= limit) {
      weight += w;
      mean += ((scratchMeans[k] - mean) * w) / weight;
    } else {
      means[out] = mean;
      weights[out++] = weight;
      left += weight;
      limit = qLimit(left / totalWeight, delta) * totalWeight;
      mean = scratchMeans[k];
      weight = w;
    }
  }
  means[out] = mean;
  weights[out++] = weight;
  sketch.centroids = out;
}

/** The largest q a centroid starting at q0 may reach: k⁻¹(k(q0) + 1) for the arcsine scale. */
function qLimit(q0: number, delta: number): number {
  const k = (delta / (2 * Math.PI)) * Math.asin(2 * q0 - 1) + 1;
  if (k >= delta / 4) return 1;
  return (Math.sin((2 * Math.PI * k) / delta) + 1) / 2;
}

/**
 * The q-quantile (q in [0, 1]). Exact: type 7 interpolation of the sorted values. Digest: linear
 * interpolation between centroid centres, placed so that a digest of weight-1 centroids gives the
 * same type 7 answer, with the minimum and maximum (kept exactly) as the ends.
 */
export function quantileOfSketch(sketch: QuantileSketch, q: number): number {
  if (sketch.count === 0) return NaN;
  if (isExact(sketch)) {
    const values = sketch.buffer.subarray(0, sketch.buffered);
    if (!sketch.sorted) values.sort();
    sketch.sorted = true;
    return quantileSorted(values, q);
  }
  if (q <= 0) return sketch.min;
  if (q >= 1) return sketch.max;
  if (sketch.buffered) flush(sketch);
  const means = sketch.means!;
  const weights = sketch.weights!;
  const n = sketch.centroids;
  const total = sketch.count;
  const index = q * (total - 1) + 0.5; // in [0.5, total - 0.5]
  let previousPosition = 0.5;
  let previousValue = sketch.min;
  let left = 0;
  for (let c = 0; c < n; c++) {
    // A weight-1 centroid at the very start is the minimum itself; its centre coincides with it.
    const centre = left + weights[c] / 2;
    if (index <= centre) {
      if (centre <= previousPosition) return means[c];
      return previousValue + ((means[c] - previousValue) * (index - previousPosition)) / (centre - previousPosition);
    }
    previousPosition = centre;
    previousValue = means[c];
    left += weights[c];
  }
  const end = total - 0.5;
  if (end <= previousPosition) return sketch.max;
  return previousValue + ((sketch.max - previousValue) * (index - previousPosition)) / (end - previousPosition);
}

/** Fold `from` into `into` (shards, chunks): exact while both fit, a digest merge otherwise. */
export function mergeSketch(into: QuantileSketch, from: QuantileSketch): void {
  into.skipped += from.skipped;
  if (from.count === 0) return;
  if (isExact(from)) {
    for (let k = 0; k < from.buffered; k++) {
      const skipped = into.skipped;
      addValue(into, from.buffer[k]);
      into.skipped = skipped;
    }
    return;
  }
  if (into.buffered || !into.means) flush(into);
  if (from.buffered) flush(from);
  // All centroids of both, sorted by mean, then compressed.
  const items = into.centroids + from.centroids;
  scratch(items);
  const order = Array.from({ length: items }, (_, k) => k);
  const meanOf = (k: number) => (k < into.centroids ? into.means![k] : from.means![k - into.centroids]);
  const weightOf = (k: number) => (k < into.centroids ? into.weights![k] : from.weights![k - into.centroids]);
  order.sort((a, b) => meanOf(a) - meanOf(b) || a - b);
  const means = order.map(meanOf);
  const weights = order.map(weightOf);
  for (let k = 0; k < items; k++) {
    scratchMeans[k] = means[k];
    scratchWeights[k] = weights[k];
  }
  into.count += from.count;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  compress(into, items);
}
