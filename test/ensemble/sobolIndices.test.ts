import { describe, expect, it } from 'vitest';
import type { EnsembleDesign } from '../../src/ensemble/design.ts';
import { createSampler, memberCount } from '../../src/ensemble/sampling.ts';
import { saltelliIndices, sobolIndices, type SobolIndices } from '../../src/ensemble/sobolIndices.ts';
import { designFrom } from './designs.ts';
import { gFunction, gFunctionIndices, ishigami, ishigamiIndices } from './testFunctions.ts';

function ishigamiDesign(samples: number, seed: number, extra = ''): EnsembleDesign {
  const range = `{ distribution: uniform, lower: ${-Math.PI}, upper: ${Math.PI} }`;
  return designFrom(`seed: ${seed}\nsamples: ${samples}\nparameters:\n  x1: ${range}\n  x2: ${range}\n  x3: ${range}\nanalysis: { mode: sobol${extra} }\n`, ['x1', 'x2', 'x3'], [0, 0, 0]);
}

function gDesign(a: readonly number[], samples: number, seed: number): EnsembleDesign {
  const names = a.map((_, k) => `x${k + 1}`);
  const lines = names.map((n) => `  ${n}: { distribution: uniform, lower: 0, upper: 1 }`).join('\n');
  return designFrom(`seed: ${seed}\nsamples: ${samples}\nparameters:\n${lines}\nanalysis: { mode: sobol, bootstrap: 500 }\n`, names, names.map(() => 0.5));
}

function run(design: EnsembleDesign, f: (p: Float64Array) => number): Float64Array {
  const sampler = createSampler(design);
  const p = new Float64Array(design.parameterNames.length);
  return Float64Array.from({ length: sampler.count }, (_, i) => (sampler.parameters(i, p), f(p)));
}

function expectCovered(result: SobolIndices, analytic: { first: number[]; total: number[] }): void {
  analytic.first.forEach((s, k) => {
    expect(result.firstInterval.low[k], `S1 of ${result.parameters[k]}`).toBeLessThanOrEqual(s);
    expect(result.firstInterval.high[k], `S1 of ${result.parameters[k]}`).toBeGreaterThanOrEqual(s);
  });
  analytic.total.forEach((s, k) => {
    expect(result.totalInterval.low[k], `ST of ${result.parameters[k]}`).toBeLessThanOrEqual(s);
    expect(result.totalInterval.high[k], `ST of ${result.parameters[k]}`).toBeGreaterThanOrEqual(s);
  });
}

describe('Sobol indices (Saltelli sampling, Saltelli 2010 first order, Jansen total)', () => {
  it('the analytic Ishigami indices are the published ones', () => {
    const { first, total } = ishigamiIndices();
    expect(first.map((v) => Number(v.toFixed(4)))).toEqual([0.3139, 0.4424, 0]);
    expect(total.map((v) => Number(v.toFixed(4)))).toEqual([0.5576, 0.4424, 0.2437]);
  });

  it('Ishigami at N = 8192: the 95 % bootstrap intervals cover the analytic indices, and are a few hundredths wide', () => {
    const design = ishigamiDesign(8192, 7);
    expect(memberCount(design)).toBe(8192 * 5);
    const result = sobolIndices(design, run(design, ishigami));
    const analytic = ishigamiIndices();
    expectCovered(result, analytic);
    // The intervals measure the error: every estimate is within its interval's full width of the truth.
    for (let k = 0; k < 3; k++) {
      const width = result.firstInterval.high[k] - result.firstInterval.low[k];
      expect(width).toBeLessThan(0.05);
      expect(Math.abs(result.first[k] - analytic.first[k])).toBeLessThan(width);
      expect(Math.abs(result.total[k] - analytic.total[k])).toBeLessThan(result.totalInterval.high[k] - result.totalInterval.low[k]);
    }
    expect(result.droppedRows).toBe(0);
  });

  it('the intervals shrink as 1/sqrt(N): a quarter of the samples, about twice the width', () => {
    const wide = sobolIndices(ishigamiDesign(2048, 3), run(ishigamiDesign(2048, 3), ishigami));
    const narrow = sobolIndices(ishigamiDesign(8192, 3), run(ishigamiDesign(8192, 3), ishigami));
    for (let k = 0; k < 3; k++) {
      const ratio = (wide.totalInterval.high[k] - wide.totalInterval.low[k]) / (narrow.totalInterval.high[k] - narrow.totalInterval.low[k]);
      expect(ratio).toBeGreaterThan(1.4);
      expect(ratio).toBeLessThan(2.9);
    }
  });

  it('the 95 % intervals cover the truth at least 90 % of the time over 40 seeds (N = 512)', () => {
    const analytic = ishigamiIndices();
    let covered = 0, total = 0;
    for (let seed = 100; seed < 140; seed++) {
      const design = ishigamiDesign(512, seed, ', bootstrap: 300');
      const r = sobolIndices(design, run(design, ishigami));
      for (let k = 0; k < 3; k++) {
        covered += Number(r.firstInterval.low[k] <= analytic.first[k] && analytic.first[k] <= r.firstInterval.high[k]);
        covered += Number(r.totalInterval.low[k] <= analytic.total[k] && analytic.total[k] <= r.totalInterval.high[k]);
        total += 2;
      }
    }
    expect(covered / total).toBeGreaterThanOrEqual(0.9);
  });

  it('second-order indices (N (2d + 2) layout with BA_i): Ishigami S13 = 0.2437, S12 = S23 = 0', () => {
    const design = ishigamiDesign(8192, 21, ', second_order: true');
    expect(memberCount(design)).toBe(8192 * 8);
    const r = sobolIndices(design, run(design, ishigami));
    const d = 3;
    const s13 = ishigamiIndices().s13;
    expect(r.second).toBeDefined();
    const at = (i: number, j: number) => [r.second![i * d + j], r.secondInterval!.low[i * d + j], r.secondInterval!.high[i * d + j]];
    for (const [[i, j], truth] of [[[0, 2], s13], [[0, 1], 0], [[1, 2], 0]] as const) {
      const [, low, high] = at(i, j);
      expect(low, `S${i + 1}${j + 1}`).toBeLessThanOrEqual(truth);
      expect(high, `S${i + 1}${j + 1}`).toBeGreaterThanOrEqual(truth);
    }
    expectCovered(r, ishigamiIndices());
  });

  for (const a of [[0, 1, 4.5, 9, 99, 99, 99, 99], [0, 0.5, 3, 9], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]) {
    it(`Sobol G function, a = [${a.join(', ')}]: intervals cover the analytic S1 and ST (N = 4096)`, () => {
      const design = gDesign(a, 4096, 5);
      const result = sobolIndices(design, run(design, (p) => gFunction(p, a)));
      expectCovered(result, gFunctionIndices(a));
    });
  }

  it('is unchanged by a constant added to the output (the estimators centre it)', () => {
    const design = ishigamiDesign(1024, 9);
    const y = run(design, ishigami);
    const shifted = y.map((v) => v + 1e4);
    const a = sobolIndices(design, y);
    const b = sobolIndices(design, shifted);
    for (let k = 0; k < 3; k++) {
      expect(b.first[k]).toBeCloseTo(a.first[k], 8);
      expect(b.total[k]).toBeCloseTo(a.total[k], 8);
    }
  });

  it('leaves out the whole base row of a failed member, and says so', () => {
    const design = ishigamiDesign(1024, 9);
    const y = run(design, ishigami);
    y[5 * 7 + 2] = NaN; // a member of row 7
    y[5 * 100] = NaN; // A of row 100
    const r = sobolIndices(design, y);
    expect(r.rows).toBe(1022);
    expect(r.droppedRows).toBe(2);
    expect(Number.isFinite(r.first[0])).toBe(true);
    expect(() => saltelliIndices(new Float64Array(7), { parameters: ['a', 'b'], baseSamples: 2, secondOrder: false, bootstrap: 0, confidence: 0.95, seed: 1 }))
      .toThrow(/expected 8 outputs/);
  });
});
