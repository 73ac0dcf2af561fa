import { describe, expect, it } from 'vitest';
import { localCoefficients, localSensitivity } from '../../src/ensemble/localSensitivity.ts';
import { allMembers, designFrom, errorOf } from './designs.ts';

const names = ['k_form', 'k_res', 'P_OPG', 'off'];
const nominal = [40, 0.7, 2e-4, 0];

describe('local sensitivity: d ln(metric) / d ln(parameter) by central differences', () => {
  it('a power law has the exponents as coefficients, to O(h⁴) with Richardson', () => {
    const design = designFrom('parameters: [k_form, k_res, P_OPG]\nanalysis: { mode: local, step: 0.05 }\n', names, nominal);
    // y = 3 k_form^1.5 k_res^-0.7 exp(P_OPG / 1e-4): elasticities 1.5, -0.7 and P_OPG / 1e-4 = 2.
    const [r] = localSensitivity(design, (p) => 3 * p[0] ** 1.5 * p[1] ** -0.7 * Math.exp(p[2] / 1e-4));
    expect(r.coefficient[0]).toBeCloseTo(1.5, 12);
    expect(r.coefficient[1]).toBeCloseTo(-0.7, 12);
    // exp(2 e^s): third derivative in s is not zero, so the error is O(h⁴) and the estimate says so.
    expect(Math.abs(r.coefficient[2] - 2)).toBeLessThan(1e-4);
    expect(r.error[2]).toBeGreaterThan(Math.abs(r.coefficient[2] - 2));
    expect(r.error[2]).toBeLessThan(0.02);
  });

  it('lays out the members: nominal, then p e^∓h, then p e^∓2h per parameter', () => {
    const design = designFrom('parameters: [k_form, k_res]\nanalysis: { mode: local, step: 0.01 }\n', names, nominal);
    const m = allMembers(design);
    expect(m.length).toBe(9 * 4);
    expect([...m.subarray(0, 4)]).toEqual(nominal);
    expect(m[4 * 1 + 0]).toBeCloseTo(40 * Math.exp(-0.01), 12);
    expect(m[4 * 2 + 0]).toBeCloseTo(40 * Math.exp(0.01), 12);
    expect(m[4 * 3 + 1]).toBeCloseTo(0.7 * Math.exp(-0.01), 14);
    expect(m[4 * 7 + 1]).toBeCloseTo(0.7 * Math.exp(-0.02), 14);
    expect(m[4 * 8 + 1]).toBeCloseTo(0.7 * Math.exp(0.02), 14);
    expect(m[4 * 8 + 0]).toBe(40);
  });

  it('takes the step from the solver tolerance, (10 rtol)^(1/3), and says why', () => {
    const design = designFrom('parameters: [k_form]\nanalysis: { mode: local }\n', names, nominal, { rtol: 1e-8 });
    expect(design.analysis.mode === 'local' && design.analysis.step).toBeCloseTo(Math.cbrt(1e-7), 12);
    expect(design.analysis.mode === 'local' && design.analysis.stepReason).toMatch(/rtol = 1e-8/);
  });

  it('the step balances truncation against noise: with noise of 1e-7, the default step beats 1e-5 and 0.2', () => {
    // A smooth metric with relative noise 1e-7 (as an integrator at rtol 1e-8 leaves), true elasticity 0.8.
    const noisy = (p: Float64Array) => {
      const exact = Math.exp(0.8 * Math.log(p[0] / 40) + 0.3 * Math.log(p[0] / 40) ** 3);
      const jitter = Math.sin(p[0] * 1e7) * 1e-7; // deterministic, not smooth at small scales
      return exact * (1 + jitter);
    };
    const errorWith = (step: string) => {
      const design = designFrom(`parameters: [k_form]\nanalysis: { mode: local${step}, richardson: false }\n`, names, nominal, { rtol: 1e-8 });
      return Math.abs(localSensitivity(design, noisy)[0].coefficient[0] - 0.8);
    };
    const chosen = errorWith('');
    expect(chosen).toBeLessThan(errorWith(', step: 0.00001'));
    expect(chosen).toBeLessThan(errorWith(', step: 0.2'));
    expect(chosen).toBeLessThan(1e-4);
  });

  it('all: every parameter with a nonzero nominal value, except the fixed ones', () => {
    const design = designFrom('parameters: all\nanalysis: { mode: local }\n', names, nominal, { fixed: ['P_OPG'] });
    expect(design.analysis.mode === 'local' && design.analysis.parameters.map((p) => p.name)).toEqual(['k_form', 'k_res']);
  });

  it('a metric that is 0 at the nominal point has a slope but no coefficient', () => {
    const design = designFrom('parameters: [k_form]\nanalysis: { mode: local, richardson: false, step: 0.01 }\n', names, nominal);
    const y = new Float64Array([0, -0.5, 0.5]);
    const r = localCoefficients(design, y);
    expect(r.slope[0]).toBeCloseTo(50, 10);
    expect(r.coefficient[0]).toBeNaN();
  });

  it('refuses a parameter that is 0 at the nominal point, and a misspelt one', () => {
    expect(errorOf(() => designFrom('parameters: [off]\nanalysis: { mode: local }\n', names, nominal)))
      .toMatch(/test.yaml:4:\d+ \(parameters\[0\]\): off is 0 at the nominal point/);
    expect(errorOf(() => designFrom('parameters: [k_fom]\nanalysis: { mode: local }\n', names, nominal)))
      .toMatch(/"k_fom" is not a parameter of the model\n  what to do: did you mean "k_form"\?/);
  });
});
