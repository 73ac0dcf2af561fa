import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { toyModel } from '../helpers.ts';

describe('right-hand side bound to a parameter vector', () => {
  const lemaire = compileModel(loadModel('models/lemaire2004.yaml'));

  it('computes what the plain right-hand side computes, bit for bit, before and after parameter changes', () => {
    const p = Float64Array.from(lemaire.p0);
    const bound = lemaire.bindRhs(p);
    const plain = new Float64Array(4);
    const fast = new Float64Array(4);
    const y = Float64Array.from(lemaire.y0);
    const check = () => {
      for (let k = 0; k < 20; k++) {
        const t = 3.7 * k;
        for (let i = 0; i < y.length; i++) y[i] = lemaire.y0[i] * (1 + 0.3 * Math.sin(k + i));
        lemaire.rhs(t, y, p, plain);
        bound.fn(t, y, fast);
        expect(Array.from(fast)).toEqual(Array.from(plain));
      }
    };
    check();
    p[lemaire.parameterIndex('I_P')] = 1000;
    p[lemaire.parameterIndex('K_LP')] *= 1.3;
    bound.refresh();
    check();
  });

  it('computes parameter-only parts once per refresh, and keeps whatever reads t or the state per call', () => {
    const source = lemaire.source.boundRhs;
    const [refresh, fn] = source.split('const fn');
    // PTH receptor occupancy depends on parameters and inputs only: it moves into refresh().
    expect(refresh).toMatch(/c\d+ = \(\(c\d+ \+ c\d+\) \/ \(c\d+ \+ c\d+\)\);/);
    expect(fn).toContain('y[2]');
    expect(refresh).not.toContain('y[');
    // An input that is a function of t stays in the per-call part.
    const withInput = compileModel(loadModel('models/lemaire2004.yaml'), { inputs: { I_P: 't > 20 ? 1000 : 0' } });
    expect(withInput.source.boundRhs.split('const fn')[1]).toContain('(t > 20)');
  });

  it('handles conditionals, functions and mod in hoisted parts', () => {
    const model = toyModel({
      parameters: [
        { name: 'k', value: 0.5, unit: '1/day', description: 'k', source: 'test' },
        { name: 'm', value: -7, unit: '1', description: 'm', source: 'test' },
      ],
      rates: { x: '(k > 0.2 ? exp(k) : 0) * x + mod(m, 3) + (t < 1 ? sqrt(k) : 2)' },
    });
    const compiled = compileModel(model);
    const p = Float64Array.from(compiled.p0);
    const bound = compiled.bindRhs(p);
    for (const t of [0.5, 2]) {
      const plain = new Float64Array(1);
      const fast = new Float64Array(1);
      compiled.rhs(t, compiled.y0, p, plain);
      bound.fn(t, compiled.y0, fast);
      expect(fast[0]).toBe(plain[0]);
    }
  });
});
