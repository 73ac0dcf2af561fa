import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel } from '../../src/model/compile.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { toyModel } from '../helpers.ts';

/**
 * Difference quotients of the compiled RHS, as the reference: central, forward and backward.
 * At a kink (e.g. max(0, x - x_bar) with x = x_bar) the analytic derivative is that of the branch
 * taken, which equals one of the one-sided quotients, not the central one.
 */
function differenceJacobians(model: CompiledModel, y: Float64Array, p: Float64Array, t = 0): Float64Array[] {
  const n = y.length;
  const [central, forward, backward] = [0, 1, 2].map(() => new Float64Array(n * n));
  const base = new Float64Array(n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  model.rhs(t, y, p, base);
  for (let j = 0; j < n; j++) {
    // A species at 0 (a tumour not yet seeded, a drug not yet given) still needs a step the
    // rates can feel above rounding: perturb it by 1e-10 of its unit.
    const h = 1e-6 * Math.max(Math.abs(y[j]), 1e-4);
    const shifted = Float64Array.from(y);
    shifted[j] = y[j] + h;
    model.rhs(t, shifted, p, plus);
    shifted[j] = y[j] - h;
    model.rhs(t, shifted, p, minus);
    for (let i = 0; i < n; i++) {
      central[i * n + j] = (plus[i] - minus[i]) / (2 * h);
      forward[i * n + j] = (plus[i] - base[i]) / h;
      backward[i * n + j] = (base[i] - minus[i]) / h;
    }
  }
  return [central, forward, backward];
}

/**
 * Largest disagreement with the closest reference quotient, relative to the entry or (for
 * entries near zero) to the row's largest entry. One-sided quotients carry an O(h) error,
 * so they are only trusted to 2e-4 of the entry.
 */
function worstDisagreement(analytic: Float64Array, references: Float64Array[], n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let rowScale = 0;
    for (let j = 0; j < n; j++) rowScale = Math.max(rowScale, Math.abs(references[0][i * n + j]));
    for (let j = 0; j < n; j++) {
      const a = analytic[i * n + j];
      const errors = references.map((reference, k) => {
        const r = reference[i * n + j];
        const relative = Math.abs(a - r) / Math.max(Math.abs(r), 1e-6 * rowScale, 1e-300);
        return k === 0 ? relative : relative / 20;
      });
      worst = Math.max(worst, Math.min(...errors));
    }
  }
  return worst;
}

/** Deterministic states around the initial one (factors 0.6 .. 1.6), away from kinks. */
function nearbyStates(y0: Float64Array, count: number): Float64Array[] {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: count }, () => Float64Array.from(y0, (v) => v * (0.6 + random())));
}

const MODEL_FILES = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);

describe('analytic Jacobians agree with finite differences', () => {
  it('covers every shipped model', () => expect(MODEL_FILES.length).toBeGreaterThanOrEqual(2));

  describe.each(MODEL_FILES)('%s', (file) => {
    it('at the initial state and at nearby states', () => {
      const model = compileModel(loadModel(file));
      const n = model.y0.length;
      const J = new Float64Array(n * n);
      for (const y of [model.y0, ...nearbyStates(model.y0, 4)]) {
        model.jacobian(0, y, model.p0, J);
        expect(worstDisagreement(J, differenceJacobians(model, y, model.p0), n)).toBeLessThan(1e-5);
      }
    });
  });
});

describe('piecewise and unsupported constructs', () => {
  const piecewise = toyModel({
    species: [
      { name: 'x', initial: 1.3, unit: '1', description: 'x', nonnegative: false },
      { name: 'y', initial: 0.4, unit: '1', description: 'y', nonnegative: false },
    ],
    parameters: [{ name: 'k', value: 0.5, unit: '1', description: 'k', source: 'test' }],
    expressions: [
      { name: 'pos', expr: 'max(0, x - 1)' },
      { name: 'smaller', expr: 'min(x, y, 2 * k)' },
      { name: 'branch', expr: 'x > y ? x^2 * y : exp(-y)' },
    ],
    rates: {
      x: '-k * pos + abs(y - x) * smaller + floor(x) * y + mod(3 * x, 1)',
      y: 'branch - tanh(x * y) + (x > 1) * y',
    },
  });

  it('differentiates max, min, abs, c ? a : b, floor and mod piecewise, and tanh numerically, and says which', () => {
    const model = compileModel(piecewise);
    const details = model.jacobianDetails();
    const text = details.piecewise.join('\n');
    for (const construct of ['max(0, x - 1)', 'min(x, y, 2 * k)', 'x > y ? x ^ 2 * y : exp(-y)', 'abs(y - x)', 'floor(x)', 'mod(3 * x, 1)']) {
      expect(text).toContain(construct);
    }
    // mathjs answers d tanh/dx with sech, which bonesim does not compile: that entry is numeric.
    expect(details.numeric.length).toBeGreaterThan(0);
    expect(details.numeric.join('\n')).toContain('tanh');
  });

  it('matches finite differences on both sides of every kink', () => {
    const model = compileModel(piecewise);
    const J = new Float64Array(4);
    // x > 1 and x < 1, y above and below x, min picking each argument in turn.
    for (const [x, y] of [[1.3, 0.4], [0.7, 0.4], [0.3, 0.9], [1.6, 2.5], [0.9, 0.45]]) {
      const state = Float64Array.of(x, y);
      model.jacobian(0, state, model.p0, J);
      expect(worstDisagreement(J, differenceJacobians(model, state, model.p0).slice(0, 1), 2)).toBeLessThan(1e-6);
    }
  });
});
