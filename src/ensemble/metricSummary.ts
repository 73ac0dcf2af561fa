import { DEFAULT_PERCENTILES } from './percentileBands.ts';
import {
  addValue, createQuantileSketch, DEFAULT_COMPRESSION, isExact, mergeSketch, quantileOfSketch, type QuantileSketch,
} from './quantileSketch.ts';

/**
 * The distribution of one scenario metric over an ensemble (bone change at 10 years, a marker's
 * peak), streamed: count, mean and standard deviation by Welford's update (Chan et al.'s pairwise
 * form when merging), extremes, and percentiles from a quantile sketch (exact up to its capacity).
 */
export interface MetricSummary {
  count: number;
  /** Members whose metric is NaN (failed, or undefined for that run). */
  missing: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
  sketch: QuantileSketch;
}

export function createMetricSummary(exactCapacity = 100_000, compression = DEFAULT_COMPRESSION): MetricSummary {
  return { count: 0, missing: 0, mean: 0, m2: 0, sketch: createQuantileSketch(exactCapacity, compression) };
}

export function addMetric(summary: MetricSummary, value: number): void {
  if (!Number.isFinite(value)) {
    summary.missing++;
    return;
  }
  summary.count++;
  const delta = value - summary.mean;
  summary.mean += delta / summary.count;
  summary.m2 += delta * (value - summary.mean);
  addValue(summary.sketch, value);
}

export function mergeMetricSummary(into: MetricSummary, from: MetricSummary): void {
  into.missing += from.missing;
  if (!from.count) return;
  const n = into.count + from.count;
  const delta = from.mean - into.mean;
  into.m2 += from.m2 + (delta * delta * into.count * from.count) / n;
  into.mean += (delta * from.count) / n;
  into.count = n;
  mergeSketch(into.sketch, from.sketch);
}

export interface MetricDistribution {
  count: number;
  missing: number;
  mean: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
  min: number;
  max: number;
  percentiles: Array<{ percentile: number; value: number }>;
  exact: boolean;
}

export function metricDistribution(summary: MetricSummary, percentiles: number[] = DEFAULT_PERCENTILES): MetricDistribution {
  return {
    count: summary.count,
    missing: summary.missing,
    mean: summary.count ? summary.mean : NaN,
    sd: summary.count > 1 ? Math.sqrt(summary.m2 / (summary.count - 1)) : NaN,
    min: summary.count ? summary.sketch.min : NaN,
    max: summary.count ? summary.sketch.max : NaN,
    percentiles: percentiles.map((percentile) => ({ percentile, value: quantileOfSketch(summary.sketch, percentile / 100) })),
    exact: isExact(summary.sketch),
  };
}

/** A histogram of `bins` equal bins from min to max, from the sketch (exact counts while exact). */
export function metricHistogram(summary: MetricSummary, bins = 30): { edges: Float64Array; counts: Float64Array } {
  const { min, max } = summary.sketch;
  const edges = new Float64Array(bins + 1);
  const counts = new Float64Array(bins);
  if (!summary.count) return { edges, counts };
  const width = max > min ? (max - min) / bins : 1;
  for (let b = 0; b <= bins; b++) edges[b] = min + b * width;
  const sketch = summary.sketch;
  if (isExact(sketch)) {
    for (let k = 0; k < sketch.buffered; k++) counts[Math.min(bins - 1, Math.floor((sketch.buffer[k] - min) / width))]++;
  } else {
    // Centroids by their weight at their mean: exact in total, approximate in where a centroid spanning a bin edge falls.
    quantileOfSketch(sketch, 0.5); // merges any buffered values
    for (let c = 0; c < sketch.centroids; c++) counts[Math.min(bins - 1, Math.floor((sketch.means![c] - min) / width))] += sketch.weights![c];
  }
  return { edges, counts };
}
