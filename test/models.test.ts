import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSteadyState } from '../src/solve/steadyState.ts';
import { compileModel } from '../src/model/compile.ts';
import { loadModel } from '../src/node/modelFiles.ts';
import { relativeError } from './helpers.ts';

function steadyStateOf(file: string) {
  const model = loadModel(file);
  const compiled = compileModel(model);
  const state = findSteadyState(compiled, compiled.p0, compiled.y0);
  const value = (name: string) => state.y[compiled.speciesIndex(name)];
  const parameter = (name: string) => compiled.p0[compiled.parameterIndex(name)];
  return { model, compiled, state, value, parameter };
}

/** The first `digits` significant digits, truncated (as Lemaire 2004 prints them). */
const truncated = (x: number, digits: number) => {
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return Math.trunc(x * scale) / scale;
};
const rounded = (x: number, digits: number) => Number(x.toPrecision(digits));

describe('Lemaire 2004 (BIOMD0000000278)', () => {
  const { state, value, parameter, compiled } = steadyStateOf('models/lemaire2004.yaml');

  it('finds the published steady state by Newton from the published values', () => {
    expect(state.method).toBe('newton');
    expect(state.residual).toBeLessThan(1e-12);
    // Published R, C = 0.7734e-3, 0.9127e-3 pM: our root has the same printed (truncated) digits.
    expect(truncated(value('R'), 4)).toBe(0.7734e-3);
    expect(truncated(value('C'), 4)).toBe(0.9127e-3);
    // Published B = 0.7282e-3 is off in its last digit (research notes §8.1): within 2e-4.
    expect(relativeError(value('B'), 0.7282e-3)).toBeLessThan(2e-4);
  });

  it('agrees with the full-precision root of the peer harness (gen_samples.py)', () => {
    expect(relativeError(value('R'), 7.734377e-4)).toBeLessThan(1e-6);
    expect(relativeError(value('B'), 7.283396e-4)).toBeLessThan(1e-6);
    expect(relativeError(value('C'), 9.127528e-4)).toBeLessThan(1e-6);
  });

  it('satisfies the steady-state identity B* = D_R pi_C* / k_B exactly', () => {
    const C = value('C');
    const piC = (C + parameter('f0') * parameter('C_s')) / (C + parameter('C_s'));
    expect(relativeError(value('B'), (parameter('D_R') * piC) / parameter('k_B'))).toBeLessThan(1e-12);
  });

  it('balances bone volume at baseline: k_res = k_form B*/C*', () => {
    expect(relativeError(parameter('k_res'), (parameter('k_form') * value('B')) / value('C'))).toBeLessThan(1e-12);
    const dydt = new Float64Array(4);
    compiled.rhs(0, state.y, compiled.p0, dydt);
    expect(Math.abs(dydt[compiled.speciesIndex('BV')])).toBeLessThan(1e-15);
  });

  it('reaches the analytic RANKL-knockout limits (research notes §1)', () => {
    const p = Float64Array.from(compiled.p0);
    p[compiled.parameterIndex('K_LP')] = 0;
    const knockout = findSteadyState(compiled, p, state.y);
    const DR = parameter('D_R');
    expect(relativeError(knockout.y[compiled.speciesIndex('R')], (DR * parameter('f0')) / parameter('d_B'))).toBeLessThan(1e-9);
    expect(relativeError(knockout.y[compiled.speciesIndex('B')], (DR * parameter('f0')) / parameter('k_B'))).toBeLessThan(1e-9);
    expect(knockout.y[compiled.speciesIndex('C')]).toBeLessThan(1e-15);
  });
});

describe('Pivonka 2008 (as-coded parameter set)', () => {
  const { state, value, parameter } = steadyStateOf('models/pivonka2008.yaml');

  it('finds the published steady state OBp, OBa, OCa = 6.196e-4, 5.584e-4, 8.070e-4 pM', () => {
    expect(state.method).toBe('newton');
    expect(rounded(value('OBp'), 4)).toBe(6.196e-4);
    expect(rounded(value('OBa'), 4)).toBe(5.584e-4);
    expect(rounded(value('OCa'), 4)).toBe(8.070e-4);
  });

  it('agrees with bone_models initial_guess_root to its printed precision', () => {
    expect(relativeError(value('OBp'), 6.196390627918603e-4)).toBeLessThan(1e-9);
    expect(relativeError(value('OBa'), 5.583931899482344e-4)).toBeLessThan(1e-9);
    expect(relativeError(value('OCa'), 8.069635262731931e-4)).toBeLessThan(1e-9);
  });

  it('balances bone volume at baseline: k_res = k_form OBa*/OCa*', () => {
    expect(relativeError(parameter('k_res'), (parameter('k_form') * value('OBa')) / value('OCa'))).toBeLessThan(1e-12);
  });
});

const MODEL_FILES = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);

describe.each(MODEL_FILES)('%s is complete data', (file) => {
  it('gives every parameter a value, unit, description and source', () => {
    const model = loadModel(file);
    for (const p of model.parameters) {
      expect(Number.isFinite(p.value), p.name).toBe(true);
      expect(p.unit.length, p.name).toBeGreaterThan(0);
      expect(p.description.length, p.name).toBeGreaterThan(3);
      expect(p.source.length, p.name).toBeGreaterThan(3);
    }
  });
});
