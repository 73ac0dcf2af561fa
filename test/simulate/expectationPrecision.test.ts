import { describe, expect, it } from 'vitest';
import { compare } from '../../src/simulate/expectations.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';

describe('expectations compare at the run\'s precision', () => {
  it('a strict comparison needs a difference beyond rtol * max(|a|, |b|) + atol; a non-strict one holds within it', () => {
    const tolerance = { rtol: 1e-8, atol: 1e-14 };
    expect(compare('>', 1 + 1e-12, 1, tolerance)).toBe(false);
    expect(compare('>', 1 + 1e-7, 1, tolerance)).toBe(true);
    expect(compare('<', 1, 1 + 1e-12, tolerance)).toBe(false);
    expect(compare('>=', 1, 1 + 1e-12, tolerance)).toBe(true);
    expect(compare('<=', 1 + 1e-12, 1, tolerance)).toBe(true);
    expect(compare('==', 1, 1 + 1e-12, tolerance)).toBe(true);
    expect(compare('!=', 1, 1 + 1e-12, tolerance)).toBe(false);
    expect(compare('>', 2e-14, 0, tolerance)).toBe(true); // beyond atol
    expect(compare('>', Number.NaN, 0, tolerance)).toBe(false);
  });

  it('a run at rest neither gains nor loses bone, whatever the last digits say', () => {
    // Healthy bone-rankl for ten years: BV(end) - BV(0) = 1.4e-14 %, rounding; Lemaire's C(end) - C(0) = -1.1e-19 pM.
    for (const [file, claims] of [
      ['scenarios/healthy-baseline.yaml', ['BV(end) > BV(0)', 'OCa(end) > OCa(0)']],
      ['scenarios/lemaire-baseline.yaml', ['C(end) < C(0)', 'R(end) > R(0)']],
    ] as const) {
      const { scenario, model } = loadScenario(file);
      const expectations = [...claims, ...claims.map((c) => c.replace('>', '>=').replace('<', '<='))].map((text) => ({ text }));
      const result = simulate({ ...scenario, expectations }, model);
      expect(result.expectations.map((e) => e.passed)).toEqual([false, false, true, true]);
      expect(result.expectations[0].detail).toMatch(/equal within the run's tolerance/);
    }
  });
});
