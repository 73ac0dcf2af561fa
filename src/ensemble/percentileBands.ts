import {
  addValue, createQuantileSketch, DEFAULT_COMPRESSION, isExact, mergeSketch, quantileOfSketch, type QuantileSketch,
} from './quantileSketch.ts';

/**
 * Percentile bands over time for every observable of an ensemble, in bounded memory: one quantile
 * sketch per (observable, output time), exact while the ensemble fits the sketches' capacity. A member
 * is added as one Float64Array, observable-major: values[o * points + t]. Failed members are not added;
 * a NaN inside a member (a value that could not be computed) is counted and skipped.
 */
export interface PercentileBands {
  readonly series: number;
  readonly points: number;
  readonly percentiles: number[];
  readonly sketches: QuantileSketch[];
  members: number;
}

export interface BandOptions {
  /** Observables (series) and output times (points) per member. */
  series: number;
  points: number;
  /** 0-100; default 5, 25, 50, 75, 95. */
  percentiles?: number[];
  /** Exact values held per cell before it becomes a digest (default from memoryBytes). */
  exactCapacity?: number;
  /** The budget for the exact values, used when exactCapacity is not given (default 256 MB). */
  memoryBytes?: number;
  compression?: number;
}

export const DEFAULT_PERCENTILES = [5, 25, 50, 75, 95];
const DEFAULT_MEMORY = 256 * 2 ** 20;

/** Exact values per cell that fit a memory budget (at least 16, at most 100,000). */
export function exactCapacityFor(cells: number, memoryBytes = DEFAULT_MEMORY): number {
  return Math.max(16, Math.min(100_000, Math.floor(memoryBytes / (8 * Math.max(1, cells)))));
}

export function createPercentileBands(options: BandOptions): PercentileBands {
  const cells = options.series * options.points;
  const capacity = options.exactCapacity ?? exactCapacityFor(cells, options.memoryBytes);
  const percentiles = [...(options.percentiles ?? DEFAULT_PERCENTILES)].sort((a, b) => a - b);
  for (const p of percentiles) if (!(p >= 0 && p <= 100)) throw new RangeError(`a percentile lies in 0..100, got ${p}`);
  const compression = options.compression ?? DEFAULT_COMPRESSION;
  return {
    series: options.series,
    points: options.points,
    percentiles,
    sketches: Array.from({ length: cells }, () => createQuantileSketch(capacity, compression)),
    members: 0,
  };
}

/** Add one member's values (observable-major, series x points). Allocation-free until a cell turns into a digest. */
export function addMember(bands: PercentileBands, values: ArrayLike<number>): void {
  const cells = bands.sketches.length;
  if (values.length !== cells) throw new RangeError(`a member has ${cells} values (${bands.series} x ${bands.points}), got ${values.length}`);
  for (let c = 0; c < cells; c++) addValue(bands.sketches[c], values[c]);
  bands.members++;
}

/** Fold the bands of another chunk or shard into these (same shape). */
export function mergeBands(into: PercentileBands, from: PercentileBands): void {
  if (into.series !== from.series || into.points !== from.points) throw new RangeError('bands of different shapes cannot be merged');
  for (let c = 0; c < into.sketches.length; c++) mergeSketch(into.sketches[c], from.sketches[c]);
  into.members += from.members;
}

export interface BandValues {
  percentiles: number[];
  /** values[k][o * points + t]: percentile k of observable o at time t. */
  values: Float64Array[];
  members: number;
  /** True when every cell still holds all its values. */
  exact: boolean;
}

export function bandValues(bands: PercentileBands): BandValues {
  const values = bands.percentiles.map(() => new Float64Array(bands.sketches.length));
  let exact = true;
  bands.sketches.forEach((sketch, c) => {
    if (!isExact(sketch)) exact = false;
    bands.percentiles.forEach((p, k) => (values[k][c] = quantileOfSketch(sketch, p / 100)));
  });
  return { percentiles: [...bands.percentiles], values, members: bands.members, exact };
}

/** One observable's bands as series over time (for fanChart). */
export function bandsOfSeries(result: BandValues, points: number, series: number): Array<{ percentile: number; values: Float64Array }> {
  return result.percentiles.map((percentile, k) => ({ percentile, values: result.values[k].slice(series * points, (series + 1) * points) }));
}
