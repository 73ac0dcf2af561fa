import { describe, expect, it } from 'vitest';
import { scanParameter } from '../../src/analysis/scan.ts';
import { classify, analyseStability, eigenvaluesOf } from '../../src/analysis/stability.ts';
import { findSteadyState } from '../../src/solve/steadyState.ts';
import { compileModel } from '../../src/model/compile.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { toyModel } from '../helpers.ts';

describe('classification of eigenvalues', () => {
  const pair = (re: number, im: number) => [{ re, im }, { re, im: -im }];
  it('names nodes, foci, saddles, Hopf and zero-eigenvalue points', () => {
    expect(classify([{ re: -0.1, im: 0 }, { re: -2, im: 0 }]).classification).toBe('stable node');
    expect(classify(pair(-0.06, 0.02)).classification).toBe('stable focus');
    expect(classify(pair(-0.06, 0.02)).oscillation!.period).toBeCloseTo(100 * Math.PI, 10);
    const focusNode = classify([{ re: -0.08, im: 0 }, ...pair(-0.25, 0.23)]);
    expect(focusNode.classification).toBe('stable focus');
    expect(focusNode.note).toContain('focus-node');
    expect(classify([...pair(1e-7, 0.04), { re: -1, im: 0 }]).classification).toBe('near a Hopf point');
    expect(classify(pair(0.004, 0.04)).classification).toBe('unstable focus');
    expect(classify([{ re: 0.1, im: 0 }, { re: -1, im: 0 }]).classification).toBe('saddle');
    expect(classify([{ re: 0.1, im: 0 }, { re: 1, im: 0 }]).classification).toBe('unstable node');
    expect(classify([{ re: 0, im: 0 }, { re: -1, im: 0 }]).classification).toBe('non-hyperbolic (zero eigenvalue)');
    expect(classify([...pair(0, 1), { re: -1, im: 0 }]).classification).toBe('centre');
  });

  it('decides zero with the tolerance it is given (rounding of the Jacobian and of the steady state)', () => {
    // A Lotka-Volterra centre computed in floating point: real parts at rounding level are zero, not a Hopf point.
    expect(classify([{ re: 7e-17, im: 1.2 }, { re: 7e-17, im: -1.2 }], 1e-14).classification).toBe('centre');
    expect(classify([{ re: -7e-17, im: 1.2 }, { re: -7e-17, im: -1.2 }], 1e-14).stable).toBe(false);
    expect(classify([{ re: 1e-10, im: 1.2 }, { re: 1e-10, im: -1.2 }], 1e-14).classification).toBe('near a Hopf point');
  });
});

describe('eigenvalues of ordinary Jacobians (mathjs 15 failed to converge on these)', () => {
  const n = 30;
  it('a 30-species chain with drift and diffusion: a - 2 sqrt(bc) cos(k pi / 31) exactly', () => {
    // Tridiagonal Toeplitz: -3 on the diagonal, 2 below, 1 above.
    const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? -3 : j === i - 1 ? 2 : j === i + 1 ? 1 : 0)));
    const exact = Array.from({ length: n }, (_, k) => -3 + 2 * Math.sqrt(2) * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    const values = eigenvaluesOf(matrix);
    values.forEach((v, k) => {
      expect(Math.abs(v.re - exact[k])).toBeLessThan(1e-10);
      expect(Math.abs(v.im)).toBeLessThan(1e-10);
    });
  });

  it('a 30-species cycle: -1 + exp(2 pi i k / 30)', () => {
    const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? -1 : j === (i + n - 1) % n ? 1 : 0)));
    const exact = Array.from({ length: n }, (_, k) => ({ re: -1 + Math.cos((2 * Math.PI * k) / n), im: Math.sin((2 * Math.PI * k) / n) }));
    const values = eigenvaluesOf(matrix);
    for (const e of exact) expect(Math.min(...values.map((v) => Math.hypot(v.re - e.re, v.im - e.im)))).toBeLessThan(1e-10);
  });
});

/** Lotka-Volterra: prey x and predator z; the coexistence state (c/d, a/b) is a centre. */
const lotkaVolterra = toyModel({
  species: [
    { name: 'x', initial: 2, unit: '1', description: 'prey', nonnegative: true },
    { name: 'z', initial: 1, unit: '1', description: 'predators', nonnegative: true },
  ],
  parameters: [
    { name: 'a', value: 1.5, unit: '1/day', description: 'prey growth', source: 'test' },
    { name: 'b', value: 1, unit: '1/day', description: 'predation', source: 'test' },
    { name: 'c', value: 3, unit: '1/day', description: 'predator death', source: 'test' },
    { name: 'd', value: 1, unit: '1/day', description: 'predator growth per prey', source: 'test' },
  ],
  rates: { x: 'a * x - b * x * z', z: '-c * z + d * x * z' },
});

describe('a centre is a centre', () => {
  const model = compileModel(lotkaVolterra);

  it('Lotka-Volterra coexistence: eigenvalues +-i sqrt(ac), no false Hopf point', () => {
    const state = findSteadyState(model, model.p0, model.y0);
    expect(state.y[0]).toBeCloseTo(3, 12);
    const stability = analyseStability(model, model.p0, state.y, 0, state.residual);
    expect(stability.classification).toBe('centre');
    expect(stability.oscillation!.period).toBeCloseTo((2 * Math.PI) / Math.sqrt(4.5), 10);
  });

  it('along a parameter: centres all the way, and never a change of stability from rounding', () => {
    const result = scanParameter(model, model.p0, model.y0, 'a', 0.5, 3, 60);
    expect(result.points.every((p) => p.stability?.classification === 'centre')).toBe(true);
    expect(result.changes).toEqual([]);
  });
});

describe('absent populations are reported apart from the dynamics present', () => {
  it('bone-rankl: the healthy state is a stable focus; an unseeded tumour would grow at r_T = 0.01/day', () => {
    const model = compileModel(loadModel('models/bone-rankl.yaml'));
    const state = findSteadyState(model, model.p0, model.y0);
    const stability = analyseStability(model, model.p0, state.y, 0, state.residual);
    expect(stability.stable).toBe(true);
    expect(stability.classification).toBe('stable focus');
    expect(stability.species).not.toContain('T');
    expect(stability.invading.map((a) => a.species)).toEqual(['T']);
    expect(stability.invading[0].growthRate).toBeCloseTo(model.p0[model.parameterIndex('r_T')], 12);
    // Empty drug depots are absent too, and would empty again.
    expect(stability.absent.map((a) => a.species)).toEqual(expect.arrayContaining(['DEN_sc', 'DEN', 'TPTD_sc']));
    for (const a of stability.absent.filter((x) => x.species !== 'T')) expect(a.growthRate).toBeLessThan(0);
  });

  it('bone-rankl along E2 and the explicit-binding model along k_res: stable all along, not "saddle"', () => {
    for (const [file, parameter, from, to] of [['models/bone-rankl.yaml', 'E2', 0.2, 1.5], ['models/bone-rankl-explicit.yaml', 'k_res', 0.5, 0.53]] as const) {
      const model = compileModel(loadModel(file));
      const result = scanParameter(model, model.p0, model.y0, parameter, from, to, 6);
      expect(result.points.every((p) => p.stability?.stable)).toBe(true);
      expect(result.changes).toEqual([]);
    }
  });
});

function steadyStability(file: string) {
  const model = compileModel(loadModel(file));
  const state = findSteadyState(model, model.p0, model.y0);
  return { model, state, stability: analyseStability(model, model.p0, state.y) };
}

/** Eigenvalues from a central-difference Jacobian: an independent check of the analytic one. */
function differenceEigenvalues(file: string) {
  const { model, state } = steadyStability(file);
  const free = model.readouts.flatMap((r, i) => (r ? [] : [i]));
  const n = state.y.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const matrix = free.map(() => free.map(() => 0));
  free.forEach((j, c) => {
    const h = 1e-6 * Math.abs(state.y[j]);
    const y = Float64Array.from(state.y);
    y[j] += h;
    model.rhs(0, y, model.p0, plus);
    y[j] -= 2 * h;
    model.rhs(0, y, model.p0, minus);
    free.forEach((i, r) => (matrix[r][c] = (plus[i] - minus[i]) / (2 * h)));
  });
  return eigenvaluesOf(matrix);
}

describe('stability of the shipped models at their baseline steady states', () => {
  it('Lemaire 2004: a stable focus (a damped 27-day oscillation; the slowest mode is real)', () => {
    const { stability } = steadyStability('models/lemaire2004.yaml');
    expect(stability.classification).toBe('stable focus');
    expect(stability.species).toEqual(['R', 'B', 'C']);
    const reference = differenceEigenvalues('models/lemaire2004.yaml');
    stability.eigenvalues.forEach((e, k) => {
      expect(Math.abs(e.re - reference[k].re)).toBeLessThan(1e-6);
      expect(Math.abs(e.im - reference[k].im)).toBeLessThan(1e-6);
    });
    expect(stability.oscillation!.period).toBeGreaterThan(26.9);
    expect(stability.oscillation!.period).toBeLessThan(27.0);
  });

  it('Pivonka 2008: a stable focus whose slowest mode oscillates (period about 58 days)', () => {
    const { stability } = steadyStability('models/pivonka2008.yaml');
    expect(stability.classification).toBe('stable focus');
    expect(stability.note).toBeUndefined();
    const reference = differenceEigenvalues('models/pivonka2008.yaml');
    expect(Math.abs(stability.slowest.re - reference[0].re)).toBeLessThan(1e-6);
    expect(stability.oscillation!.period).toBeCloseTo((2 * Math.PI) / Math.abs(reference[0].im), 3);
  });

  it('Komarova 2003 (Fig. 2 parameters): the closed-form steady state, a stable focus with eigenvalues -0.06 +- 0.02i', () => {
    const { state, stability } = steadyStability('models/komarova2003.yaml');
    // x1_bar = 15 sqrt(0.005), x2_bar = 15 / sqrt(0.005) (research notes §3).
    expect(Math.abs(state.y[0] - 15 * Math.sqrt(0.005))).toBeLessThan(1e-12);
    expect(Math.abs(state.y[1] - 15 / Math.sqrt(0.005))).toBeLessThan(1e-10);
    // trace = beta1 (g11 - 1) + beta2 (g22 - 1) = -0.12, det = -beta1 beta2 gamma = 0.004: -0.06 +- 0.02i.
    expect(stability.classification).toBe('stable focus');
    expect(Math.abs(stability.slowest.re + 0.06)).toBeLessThan(1e-12);
    expect(Math.abs(Math.abs(stability.slowest.im) - 0.02)).toBeLessThan(1e-12);
    expect(stability.oscillation!.period).toBeCloseTo(100 * Math.PI, 8);
  });
});
