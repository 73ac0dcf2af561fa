import { describe, expect, it } from 'vitest';
import { classify, analyseStability, eigenvaluesOf } from '../../src/analysis/stability.ts';
import { findSteadyState } from '../../src/solve/steadyState.ts';
import { compileModel } from '../../src/model/compile.ts';
import { loadModel } from '../../src/node/modelFiles.ts';

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
