import { describe, expect, it } from 'vitest';
import { spearmanOfGaussianCopula } from '../../src/ensemble/correlation.ts';
import type { EnsembleDesign } from '../../src/ensemble/design.ts';
import { createSampler, memberCount, memberParameters } from '../../src/ensemble/sampling.ts';
import { allMembers, designFrom } from './designs.ts';

const names = ['a', 'b', 'c', 'd'];
const designs: Record<string, string> = {
  'population, random': 'seed: 3\nsamples: 300\nparameters:\n  a: { distribution: log-normal, cv: 0.3 }\n  b: { distribution: normal, cv: 0.1, lower: 0.9 }\ncorrelations:\n  - { between: [a, b], rho: 0.6 }\n',
  'population, Sobol points': 'seed: 3\nsampling: sobol\nsamples: 256\nparameters:\n  a: { distribution: uniform, spread: 0.5 }\n  c: { distribution: log-uniform, factor: 3 }\n',
  'grid x population': 'seed: 3\nsamples: 7\nparameters:\n  a: { distribution: uniform, spread: 0.5 }\ngrid:\n  b: { from: 1, to: 2, steps: 4 }\n  c: { values: [1, 5, 9] }\n',
  'Sobol analysis': 'seed: 3\nsamples: 64\nparameters:\n  a: { distribution: uniform, spread: 0.5 }\n  b: { distribution: normal, cv: 0.2 }\n  d: { distribution: log-normal, gsd: 1.4 }\nanalysis: { mode: sobol, second_order: true }\n',
  'Morris': 'seed: 3\nparameters:\n  a: { distribution: uniform, spread: 0.5 }\n  b: { distribution: log-uniform, factor: 2 }\nanalysis: { mode: morris, trajectories: 15, candidates: 40 }\n',
  'local': 'parameters: [a, b, c]\nanalysis: { mode: local }\n',
};

function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = seed;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

describe('members by index', () => {
  for (const [name, body] of Object.entries(designs)) {
    it(`${name}: member i depends only on (design, seed, i), in any order, chunking or sampler`, () => {
      const design = designFrom(body, names);
      const count = memberCount(design);
      const sequential = allMembers(design);
      // Shuffled order with one fresh sampler per chunk of 13 (threads, shards, resumed runs).
      const out = new Float64Array(4);
      const order = shuffled(count, 99);
      for (let start = 0; start < count; start += 13) {
        const sampler = createSampler(design);
        for (const i of order.slice(start, start + 13)) {
          sampler.parameters(i, out);
          expect([...out], `member ${i}`).toEqual([...sequential.subarray(i * 4, i * 4 + 4)]);
        }
      }
      // A design sent to a worker (structured clone) gives the same members.
      const copy = structuredClone(design) as EnsembleDesign;
      for (const i of [0, count - 1, Math.floor(count / 2)]) {
        memberParameters(copy, i, out);
        expect([...out]).toEqual([...sequential.subarray(i * 4, i * 4 + 4)]);
      }
      // Another seed gives other members (the local design has no randomness).
      if (!name.startsWith('local')) {
        const other = allMembers(designFrom(body.replace('seed: 3', 'seed: 4'), names));
        expect([...other]).not.toEqual([...sequential]);
      }
      expect(() => createSampler(design).parameters(count, out)).toThrow(/outside/);
      expect(() => createSampler(design).parameters(0, new Float64Array(3))).toThrow(/needs 4 values/);
    });
  }

  it('Saltelli blocks: A, AB_k (column k from B), BA_k (column k from A), B', () => {
    const design = designFrom(designs['Sobol analysis'], names);
    const m = allMembers(design);
    const row = (i: number) => [m[i * 4], m[i * 4 + 1], m[i * 4 + 3]];
    const block = 8; // 2d + 2, d = 3
    for (const j of [0, 5, 63]) {
      const A = row(j * block), B = row(j * block + block - 1);
      for (let k = 0; k < 3; k++) {
        expect(row(j * block + 1 + k)).toEqual(A.map((v, c) => (c === k ? B[c] : v)));
        expect(row(j * block + 4 + k)).toEqual(B.map((v, c) => (c === k ? A[c] : v)));
      }
      expect(m[j * block * 4 + 2]).toBe(1); // c is not varied: nominal
    }
  });

  it('the Gaussian copula gives the asked rank correlation whatever the marginals (Spearman, 4096 members)', () => {
    const design = designFrom('seed: 8\nsamples: 4096\nparameters:\n  a: { distribution: log-normal, cv: 0.5 }\n  b: { distribution: uniform, lower: 0, upper: 1 }\n  c: { distribution: normal, cv: 0.2, lower: 0.8 }\n  d: { distribution: log-uniform, factor: 3 }\ncorrelations:\n  - { between: [a, b], rho: 0.7 }\n  - { between: [b, c], rho: -0.4 }\n', names);
    const m = allMembers(design);
    const n = 4096;
    const ranks = (k: number) => {
      const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[x * 4 + k] - m[y * 4 + k]);
      const r = new Float64Array(n);
      order.forEach((i, rank) => (r[i] = rank));
      return r;
    };
    const spearman = (x: number, y: number) => {
      const rx = ranks(x), ry = ranks(y);
      const mean = (n - 1) / 2;
      let sxy = 0, sxx = 0;
      for (let i = 0; i < n; i++) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) ** 2;
      }
      return sxy / sxx;
    };
    // Standard error of a Spearman coefficient is about (1 - ρ²) / sqrt(n); allow five.
    const tolerance = (rho: number) => (5 * (1 - rho * rho)) / Math.sqrt(n) + 0.005;
    for (const [x, y, r] of [[0, 1, 0.7], [1, 2, -0.4], [0, 2, 0], [0, 3, 0]] as const) {
      const expected = spearmanOfGaussianCopula(r);
      expect(Math.abs(spearman(x, y) - expected), `${names[x]}-${names[y]}`).toBeLessThan(tolerance(expected));
    }
    // Marginals are untouched by the coupling: c stays above its bound.
    for (let i = 0; i < n; i++) expect(m[i * 4 + 2]).toBeGreaterThanOrEqual(0.8);
  });
});
