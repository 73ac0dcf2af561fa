import { describe, expect, it } from 'vitest';
import { integerBelow, nextUint32, seedSequential, sequentialStream, streamKey, threefry2x32, threefryOut, uniformAt } from '../../src/ensemble/counterRandom.ts';

const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

describe('counter-based random numbers', () => {
  it('Threefry-2x32-20 gives Random123 known answers (kat_vectors)', () => {
    const cases: Array<[number[], number[], string[]]> = [
      [[0, 0], [0, 0], ['6b200159', '99ba4efe']],
      [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], ['1cb996fc', 'bb002be7']],
      [[0x243f6a88, 0x85a308d3], [0x13198a2e, 0x03707344], ['c4923a9c', '483df7a0']],
    ];
    for (const [counter, key, want] of cases) {
      threefry2x32(key[0], key[1], counter[0], counter[1]);
      expect([hex(threefryOut[0]), hex(threefryOut[1])]).toEqual(want);
    }
  });

  it('uniforms lie strictly inside (0, 1) with mean 1/2 and variance 1/12', () => {
    const key = streamKey(12345, 'members');
    const n = 200_000;
    let sum = 0, squares = 0;
    for (let i = 0; i < n; i++) {
      const u = uniformAt(key, i, 7);
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    // Five standard errors: sd(u) = 1/sqrt(12), sd of the variance estimate about sqrt(1/180) / sqrt(n).
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('a draw is a pure function of (seed, purpose, counter): streams of other seeds and purposes differ', () => {
    const a = streamKey(1, 'members');
    expect(uniformAt(a, 5, 2)).toBe(uniformAt(streamKey(1, 'members'), 5, 2));
    const others = [streamKey(2, 'members'), streamKey(1, 'bootstrap'), streamKey(1, 'scramble')];
    for (const key of others) expect(uniformAt(key, 5, 2)).not.toBe(uniformAt(a, 5, 2));
    // Neighbouring counters are uncorrelated (lag-1 correlation of a stream within 5 standard errors of 0).
    const n = 50_000;
    let c = 0;
    for (let i = 0; i < n; i++) c += (uniformAt(a, i, 0) - 0.5) * (uniformAt(a, i + 1, 0) - 0.5);
    expect(Math.abs((c / n) * 12)).toBeLessThan(5 / Math.sqrt(n));
    expect(() => streamKey(-1, 'members')).toThrow(/seed/);
    expect(() => streamKey(0.5, 'members')).toThrow(/seed/);
  });

  it('integers below n are uniform over 0..n-1 (chi-square, 10 cells)', () => {
    const key = streamKey(9, 'bootstrap');
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[integerBelow(key, i, 0, 10)]++;
    const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9); // the 99.9 % point of chi-square with 9 degrees of freedom
  });

  it('the sequential stream (xoshiro128**) repeats per run and differs between runs', () => {
    const key = streamKey(4, 'bootstrap');
    const s = sequentialStream();
    const run = (r: number) => {
      seedSequential(s, key, r);
      return Array.from({ length: 5 }, () => nextUint32(s));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    // Its first output from the state (1, 2, 3, 4) is rotl(2 * 5, 7) * 9 = 11520 (Blackman & Vigna's reference code).
    s.s.set([1, 2, 3, 4]);
    expect(nextUint32(s)).toBe(11520);
    for (const v of run(8)) expect(v >= 0 && v < 2 ** 32 && Number.isInteger(v)).toBe(true);
  });
});

describe('fillUniforms', () => {
  it('gives the sequential stream\'s uniforms, seeded by (key, run)', async () => {
    const { fillUniforms, nextUniform } = await import('../../src/ensemble/counterRandom.ts');
    const key = streamKey(31, 'members');
    const out = new Float64Array(9);
    fillUniforms(key, 1234, out, 9);
    const s = sequentialStream();
    seedSequential(s, key, 1234);
    expect([...out]).toEqual(Array.from({ length: 9 }, () => nextUniform(s)));
    for (const u of out) expect(u > 0 && u < 1).toBe(true);
  });
});
