import { describe, expect, it } from 'vitest';
import { cdfOf, momentsOf, prepareMarginal, quantile, quantileOf, type Distribution } from '../../src/ensemble/distributions.ts';
import { normalCdf } from '../../src/ensemble/normal.ts';
import { allMembers, designFrom, errorOf } from './designs.ts';

describe('distributions', () => {
  it('quantiles in closed form', () => {
    expect(quantile({ kind: 'uniform', lower: 2, upper: 5 }, 0.3)).toBeCloseTo(2.9, 14);
    expect(quantile({ kind: 'log-uniform', lower: 1, upper: 100 }, 0.5)).toBeCloseTo(10, 12);
    expect(quantile({ kind: 'log-uniform', lower: 1, upper: 100 }, 0.25)).toBeCloseTo(Math.sqrt(10), 12);
    expect(quantile({ kind: 'normal', mean: 10, sd: 2, lower: -Infinity, upper: Infinity }, 0.975)).toBeCloseTo(10 + 2 * 1.9599639845400542, 13);
    const logNormal: Distribution = { kind: 'log-normal', mu: Math.log(3), sigma: Math.log(2), lower: 0, upper: Infinity };
    expect(quantile(logNormal, 0.5)).toBeCloseTo(3, 13);
    expect(quantile(logNormal, normalCdf(1))).toBeCloseTo(6, 12); // one geometric SD up
  });

  it('a truncation far in the upper tail keeps its digits (normal on [8, 9])', () => {
    // mpmath at 40 digits: the median solves Q(x) = (Q(8) + Q(9)) / 2; the mass between the bounds is 6.2e-16,
    // below what 1 - Φ(8) could even represent.
    const d: Distribution = { kind: 'normal', mean: 0, sd: 1, lower: 8, upper: 9 };
    expect(quantile(d, 0.5)).toBeCloseTo(8.0848888990181664, 12);
    expect(quantile(d, 0)).toBe(8);
    expect(quantile(d, 1)).toBeCloseTo(9, 12);
    expect(momentsOf(d).mean).toBeCloseTo(8.1211889929797971, 10);
    for (let k = 1; k < 100; k++) {
      const x = quantile(d, k / 100);
      expect(x >= 8 && x <= 9).toBe(true);
      expect(cdfOf(prepareMarginal(d), x)).toBeCloseTo(k / 100, 9);
    }
  });

  it('truncated normal moments: the Mills ratio at 1', () => {
    // N(0, 1) on [1, ∞): mean φ(1)/Q(1) = 1.5251352761609812, variance 0.19909766557034879 (mpmath).
    const m = momentsOf({ kind: 'normal', mean: 0, sd: 1, lower: 1, upper: Infinity });
    expect(m.mean).toBeCloseTo(1.5251352761609812, 13);
    expect(m.variance).toBeCloseTo(0.19909766557034879, 12);
  });

  it('quantile and CDF invert each other for every kind, truncated or not', () => {
    const cases: Distribution[] = [
      { kind: 'uniform', lower: -1, upper: 3 },
      { kind: 'log-uniform', lower: 0.01, upper: 10 },
      { kind: 'normal', mean: 1, sd: 0.5, lower: -Infinity, upper: Infinity },
      { kind: 'normal', mean: 1, sd: 0.5, lower: 0.2, upper: 1.1 },
      { kind: 'log-normal', mu: 0.3, sigma: 0.8, lower: 0, upper: Infinity },
      { kind: 'log-normal', mu: 0.3, sigma: 0.8, lower: 0.5, upper: 4 },
    ];
    for (const d of cases) {
      const m = prepareMarginal(d);
      for (const u of [1e-9, 0.01, 0.2, 0.5, 0.77, 0.999]) expect(cdfOf(m, quantileOf(m, u)), d.kind).toBeCloseTo(u, 10);
    }
  });

  it('sampled members have the distributions\' means and variances (2^16 members, five standard errors)', () => {
    const design = designFrom([
      'seed: 11', 'samples: 65536', 'parameters:',
      '  a: { distribution: uniform, lower: 2, upper: 5 }',
      '  b: { distribution: log-uniform, lower: 1, upper: 100 }',
      '  c: { distribution: normal, mean: 10, sd: 2 }',
      '  d: { distribution: log-normal, median: 3, gsd: 1.5 }',
      '  e: { distribution: normal, mean: 0, sd: 1, lower: 1 }',
      '  f: { distribution: log-normal, median: 1, cv: 0.5, lower: 0.5, upper: 2 }', '',
    ].join('\n'), ['a', 'b', 'c', 'd', 'e', 'f']);
    const members = allMembers(design);
    const n = design.populationSize;
    design.sampled.forEach((s, k) => {
      const { mean, variance } = momentsOf(s.distribution);
      let m1 = 0;
      for (let i = 0; i < n; i++) m1 += members[i * 6 + k];
      m1 /= n;
      let m2 = 0, m4 = 0;
      for (let i = 0; i < n; i++) {
        const dev = members[i * 6 + k] - m1;
        m2 += dev * dev;
        m4 += dev ** 4;
      }
      m2 /= n - 1;
      m4 /= n;
      expect(Math.abs(m1 - mean), s.name).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs(m2 - variance), s.name).toBeLessThan(5 * Math.sqrt((m4 - m2 * m2) / n));
    });
    // Truncated ones never leave their bounds.
    for (let i = 0; i < n; i++) {
      expect(members[i * 6 + 4]).toBeGreaterThanOrEqual(1);
      expect(members[i * 6 + 5] >= 0.5 && members[i * 6 + 5] <= 2).toBe(true);
    }
  });

  it('sample quantiles match the distributions\' quantiles (Kolmogorov-Smirnov, 2^14 members)', () => {
    const design = designFrom(['seed: 5', 'samples: 16384', 'parameters:',
      '  x: { distribution: log-normal, cv: 0.4 }', '  y: { distribution: normal, cv: 0.1, lower: 0.9 }', ''].join('\n'), ['x', 'y'], [2, 1]);
    const members = allMembers(design);
    const n = design.populationSize;
    design.sampled.forEach((s, k) => {
      const values = Float64Array.from({ length: n }, (_, i) => members[i * 2 + k]).sort();
      const m = prepareMarginal(s.distribution);
      let ks = 0;
      values.forEach((v, i) => (ks = Math.max(ks, Math.abs(cdfOf(m, v) - (i + 0.5) / n))));
      // The 99.9 % point of the Kolmogorov distribution is 1.95 / sqrt(n).
      expect(ks, s.name).toBeLessThan(1.95 / Math.sqrt(n));
    });
  });

  it('defaults come from the nominal value: median, mean, spread and factor', () => {
    const design = designFrom(['samples: 4', 'parameters:',
      '  a: { distribution: log-normal, gsd: 2 }', '  b: { distribution: normal, cv: 0.1 }',
      '  c: { distribution: uniform, spread: 0.2 }', '  d: { distribution: log-uniform, factor: 4 }', ''].join('\n'),
    ['a', 'b', 'c', 'd'], [3, 50, 10, 8]);
    const [a, b, c, d] = design.sampled.map((s) => s.distribution);
    expect(a).toMatchObject({ kind: 'log-normal', mu: Math.log(3), sigma: Math.log(2) });
    expect(b).toMatchObject({ kind: 'normal', mean: 50, sd: 5 });
    expect(c).toMatchObject({ kind: 'uniform', lower: 8, upper: 12 });
    expect(d).toMatchObject({ kind: 'log-uniform', lower: 2, upper: 32 });
    expect(errorOf(() => designFrom('samples: 4\nparameters:\n  a: { distribution: normal, cv: 0.1 }\n', ['a'], [0])))
      .toMatch(/nominal value is 0.*\n.*give `mean` explicitly/);
  });
});
