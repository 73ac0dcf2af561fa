import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/ensemble/bootstrap.ts';
import { streamKey, uniformAt } from '../../src/ensemble/counterRandom.ts';
import { addMetric, createMetricSummary, mergeMetricSummary, metricDistribution, metricHistogram } from '../../src/ensemble/metricSummary.ts';
import { normalQuantile } from '../../src/ensemble/normal.ts';
import { addMember, bandValues, createPercentileBands, exactCapacityFor, mergeBands } from '../../src/ensemble/percentileBands.ts';
import { addValue, createQuantileSketch, isExact, mergeSketch, quantileOfSketch } from '../../src/ensemble/quantileSketch.ts';

const key = streamKey(77, 'members');

/** The rank error of an estimate: how far q is from the fraction of values below (or at) it. */
function rankError(sorted: Float64Array, estimate: number, q: number): number {
  let below = 0, atOrBelow = 0;
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m] < estimate) lo = m + 1; else hi = m; }
  below = lo;
  hi = sorted.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m] <= estimate) lo = m + 1; else hi = m; }
  atOrBelow = lo;
  const n = sorted.length;
  return q < below / n ? below / n - q : q > atOrBelow / n ? q - atOrBelow / n : 0;
}

describe('quantile sketch: exact within capacity, t-digest beyond', () => {
  it('is exact (type 7, as numpy) while the values fit', () => {
    const s = createQuantileSketch(100);
    const values = Array.from({ length: 100 }, (_, i) => normalQuantile(uniformAt(key, i, 0)));
    for (const v of values) addValue(s, v);
    addValue(s, NaN);
    expect(isExact(s)).toBe(true);
    expect(s.skipped).toBe(1);
    const sorted = Float64Array.from(values).sort();
    for (const q of [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]) expect(quantileOfSketch(s, q)).toBe(quantileSorted(sorted, q));
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75
    const small = createQuantileSketch(16);
    for (const v of [4, 1, 3, 2]) addValue(small, v);
    expect(quantileOfSketch(small, 0.25)).toBe(1.75);
  });

  for (const [name, f] of [
    ['normal', (u: number) => normalQuantile(u)],
    ['log-normal (sd of ln 2)', (u: number) => Math.exp(2 * normalQuantile(u))],
    ['bimodal', (u: number, i: number) => (i % 3 === 0 ? 10 : 0) + 0.1 * normalQuantile(u)],
    ['sorted input', (_: number, i: number) => i],
    ['five tied values', (u: number) => Math.floor(5 * u)],
  ] as Array<[string, (u: number, i: number) => number]>) {
    it(`a million values (${name}): rank error of the 1st to 99th percentiles below 2e-4, far inside the bound 2π sqrt(q(1-q))/δ`, () => {
      const n = 1_000_000;
      const s = createQuantileSketch(1000, 500);
      const all = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        all[i] = f(uniformAt(key, i, 1), i);
        addValue(s, all[i]);
      }
      all.sort();
      expect(isExact(s)).toBe(false);
      expect(s.centroids).toBeLessThanOrEqual(502);
      for (const q of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
        const error = rankError(all, quantileOfSketch(s, q), q);
        expect(error, `q = ${q}`).toBeLessThan(2e-4);
        expect(error).toBeLessThan((2 * Math.PI * Math.sqrt(q * (1 - q))) / 500);
      }
      expect(quantileOfSketch(s, 0)).toBe(all[0]);
      expect(quantileOfSketch(s, 1)).toBe(all[n - 1]);
    });
  }

  it('merging chunk sketches matches one sketch of everything, exactly while exact', () => {
    const whole = createQuantileSketch(5000);
    const parts = [createQuantileSketch(5000), createQuantileSketch(5000), createQuantileSketch(5000)];
    for (let i = 0; i < 3000; i++) {
      const v = uniformAt(key, i, 2);
      addValue(whole, v);
      addValue(parts[i % 3], v);
    }
    const merged = createQuantileSketch(5000);
    for (const p of parts) mergeSketch(merged, p);
    for (const q of [0.05, 0.5, 0.95]) expect(quantileOfSketch(merged, q)).toBe(quantileOfSketch(whole, q));
    // Beyond capacity the merge is a digest merge: close, not identical.
    const big = [createQuantileSketch(100), createQuantileSketch(100)];
    const all = new Float64Array(20000);
    for (let i = 0; i < 20000; i++) addValue(big[i % 2], (all[i] = uniformAt(key, i, 3)));
    mergeSketch(big[0], big[1]);
    all.sort();
    expect(big[0].count).toBe(20000);
    for (const q of [0.05, 0.5, 0.95]) expect(rankError(all, quantileOfSketch(big[0], q), q)).toBeLessThan(2e-3);
  });
});

describe('percentile bands over time', () => {
  it('give each time point\'s percentiles across members, skipping NaN, and merge across shards', () => {
    const points = 50;
    const bands = createPercentileBands({ series: 2, points, exactCapacity: 400 });
    const shards = [createPercentileBands({ series: 2, points, exactCapacity: 400 }), createPercentileBands({ series: 2, points, exactCapacity: 400 })];
    const member = new Float64Array(2 * points);
    const store: number[][] = [];
    for (let i = 0; i < 300; i++) {
      const z = normalQuantile(uniformAt(key, i, 4));
      for (let t = 0; t < points; t++) {
        member[t] = 100 + z * t; // spreading over time
        member[points + t] = t === 10 && i === 5 ? NaN : z * z;
      }
      store.push([...member]);
      addMember(bands, member);
      addMember(shards[i % 2], member);
    }
    const result = bandValues(bands);
    expect(result.exact).toBe(true);
    expect(result.percentiles).toEqual([5, 25, 50, 75, 95]);
    const at = (series: number, t: number) => Float64Array.from(store, (m) => m[series * points + t]).filter(Number.isFinite).sort();
    for (const t of [0, 10, 49]) {
      result.percentiles.forEach((p, k) => {
        expect(result.values[k][t]).toBe(quantileSorted(at(0, t), p / 100));
        expect(result.values[k][points + t]).toBe(quantileSorted(at(1, t), p / 100));
      });
    }
    expect(bands.sketches[points + 10].skipped).toBe(1);
    mergeBands(shards[0], shards[1]);
    const merged = bandValues(shards[0]);
    merged.values.forEach((v, k) => expect([...v]).toEqual([...result.values[k]]));
    expect(exactCapacityFor(2 * 3653, 2 ** 28)).toBe(4592); // floor(2^28 / (8 x 7306))
  });

  it('metric distributions: mean and sd by Welford, percentiles, histogram, merge', () => {
    const a = createMetricSummary(), b = createMetricSummary(), all = createMetricSummary();
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = -12 + 3 * normalQuantile(uniformAt(key, i, 5));
      values.push(v);
      addMetric(i < 400 ? a : b, v);
      addMetric(all, v);
    }
    addMetric(a, NaN);
    mergeMetricSummary(a, b);
    const d = metricDistribution(a);
    const mean = values.reduce((s, v) => s + v, 0) / 1000;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 999);
    expect(d.count).toBe(1000);
    expect(d.missing).toBe(1);
    expect(d.mean).toBeCloseTo(mean, 12);
    expect(d.sd).toBeCloseTo(sd, 12);
    expect(d.percentiles[2].value).toBe(metricDistribution(all).percentiles[2].value);
    const h = metricHistogram(a, 20);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(1000);
    expect(h.edges[0]).toBe(d.min);
    expect(h.edges[20]).toBeCloseTo(d.max, 12);
  });
});
