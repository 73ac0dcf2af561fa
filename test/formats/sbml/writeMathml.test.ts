import { beforeAll, describe, expect, it } from 'vitest';
import { modelToSbml } from '../../../src/formats/sbml/exportModel.ts';
import { cn, mathOfCondition, mathOfNumber, type MathContext } from '../../../src/formats/sbml/writeMathml.ts';
import { compileModel } from '../../../src/model/compile.ts';
import { checkDimensions } from '../../../src/model/dimensions.ts';
import { MATH_FUNCTIONS } from '../../../src/model/expr.ts';
import type { Model } from '../../../src/model/model.ts';
import { parseExpression } from '../../../src/model/parseExpression.ts';
import { DIMENSIONLESS, parseUnit } from '../../../src/model/units.ts';
import { toyModel } from '../../helpers.ts';
import { describeProblems, libsbmlCheck, simulateSbml, writeSbml } from './sbmlTools.ts';

/** One observable per construct the expression whitelist allows (src/model/parseExpression.ts, expr.ts). */
const FORMS: Record<string, { expr: string; unit?: string }> = {
  plus: { expr: 'a + b' },
  minus: { expr: 'a - b' },
  times: { expr: 'a * b' },
  divide: { expr: 'a / c' },
  power: { expr: 'a ^ c' },
  powerNegative: { expr: 'c ^ -a' },
  negate: { expr: '-a' },
  modOperator: { expr: 'b % c' }, // floored: -7 mod 3 = 2 (a truncating remainder gives -1)
  modFunction: { expr: 'mod(a, -c)' },
  less: { expr: 'a < c' },
  lessEqual: { expr: 'c <= c' },
  greater: { expr: 'a > c' },
  greaterEqual: { expr: 'a >= b' },
  equal: { expr: 'a == c' },
  notEqual: { expr: 'a != c' },
  and: { expr: 'a > 0 and b > 0' },
  or: { expr: 'a > 0 or b > 0' },
  xor: { expr: 'a > 0 xor c > 0' },
  not: { expr: 'not (a > c)' },
  chained: { expr: 'b < a < c' },
  conditional: { expr: 'a > c ? a : c' },
  nestedConditional: { expr: 'b > 0 ? 1 : a > 3 ? 2 : 3' },
  numberAsCondition: { expr: 'zero ? a : c' },
  conditionAsNumber: { expr: '2 * (a < c) + (t > 1)' },
  exp: { expr: 'exp(a / c)' },
  log: { expr: 'log(a)' },
  log10: { expr: 'log10(c)' },
  sqrt: { expr: 'sqrt(a)' },
  abs: { expr: 'abs(b)' },
  signNegative: { expr: 'sign(b)' },
  signZero: { expr: 'sign(zero)' },
  signPositive: { expr: 'sign(a)' },
  floor: { expr: 'floor(b / c)' },
  ceil: { expr: 'ceil(b / c)' },
  sin: { expr: 'sin(a)' },
  cos: { expr: 'cos(a)' },
  tan: { expr: 'tan(a)' },
  tanh: { expr: 'tanh(b / c)' },
  sinh: { expr: 'sinh(a)' },
  cosh: { expr: 'cosh(b / c)' },
  asin: { expr: 'asin(a / c)' },
  acos: { expr: 'acos(b / 10)' },
  atan: { expr: 'atan(b)' },
  asinh: { expr: 'asinh(b)' },
  acosh: { expr: 'acosh(c)' },
  atanh: { expr: 'atanh(a / c)' },
  pow: { expr: 'pow(c, a)' },
  min: { expr: 'min(a, b, c)' },
  max: { expr: 'max(a, b, c)' },
  maxOfOne: { expr: 'max(a)' },
  piConstant: { expr: 'pi * a' },
  eConstant: { expr: 'e ^ a' },
  time: { expr: 't * k' }, // an observable named time: the csymbol for t must not be taken for it
  tinyAndHugeNumbers: { expr: 'a * 1e-12 + b * 6.02e23 * 1e-23 + -2.5e-7' },
  hillTerm: { expr: 'a ^ c / (a ^ c + c ^ c)' },
  // Numbers next to a quantity with a unit take that unit (pM here), so the units check out.
  unitsInBranches: { expr: 'x > 1 ? x : 0', unit: 'pM' },
  unitsInMax: { expr: 'max(x, 0.5)', unit: 'pM' },
  unitsInAbs: { expr: 'abs(x - x_ref)', unit: 'pM' },
  unitsInSign: { expr: 'sign(x - x_ref) + sign(x - 0)' },
  unitsInMod: { expr: 'mod(x, x_ref) + x % 1.5', unit: 'pM' },
};

function formsModel(): Model {
  return toyModel({
    species: [{ name: 'x', initial: 2, unit: 'pM', description: 'a concentration', nonnegative: true }],
    parameters: [
      { name: 'a', value: 2.5, unit: '1', description: 'a number', source: 'test' },
      { name: 'b', value: -7, unit: '1', description: 'a negative number', source: 'test' },
      { name: 'c', value: 3, unit: '1', description: 'another number', source: 'test' },
      { name: 'zero', value: 0, unit: '1', description: 'zero', source: 'test' },
      { name: 'k', value: 0.5, unit: '1/day', description: 'a rate', source: 'test' },
      { name: 'x_ref', value: 3, unit: 'pM', description: 'a concentration to compare with', source: 'test' },
    ],
    rates: { x: '0 * k * x' },
    observables: Object.entries(FORMS).map(([name, f]) => ({ name, expr: f.expr, unit: f.unit ?? '1', description: `form ${name}` })),
  });
}

describe('bonesim expressions as MathML', () => {
  it('covers every whitelisted function', () => {
    const used = new Set(Object.values(FORMS).flatMap((f) => [...f.expr.matchAll(/([a-z0-9]+)\(/g)].map((m) => m[1])));
    expect([...MATH_FUNCTIONS.keys()].filter((fn) => !used.has(fn))).toEqual([]);
  });

  describe('a model using every form', () => {
    const model = formsModel();
    let file = '';
    beforeAll(() => {
      checkDimensions(model); // bonesim itself accepts the forms and their units
      file = writeSbml(modelToSbml(model).xml, 'forms');
    });

    it('passes libSBML with 0 errors and 0 warnings, units included', () => {
      const [check] = libsbmlCheck([file]);
      expect(check.problems, describeProblems(check.problems)).toEqual([]);
      expect(check.counts.functionDefinitions).toBe(1); // mod
    });

    it('evaluates, read by libSBML and computed in Python, to exactly what bonesim computes', () => {
      const compiled = compileModel(model);
      const values = new Float64Array(model.observables.length);
      const run = simulateSbml(file, 1.5, [0, 1.5]);
      for (const [k, t] of [0, 1.5].entries()) {
        compiled.observe(t, compiled.y0, compiled.p0, values);
        model.observables.forEach((o, i) => {
          const theirs = run.values[o.name][k];
          expect(Math.abs(theirs - values[i]), `${o.name} = ${o.expr} at t = ${t}: bonesim ${values[i]}, SBML ${theirs}`)
            .toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(values[i])));
        });
      }
      // The values the forms are there to tell apart:
      const at0 = Object.fromEntries(model.observables.map((o, i) => [o.name, run.values[o.name][0]]));
      expect(at0).toMatchObject({ modOperator: 2, modFunction: -0.5, chained: 1, xor: 0, numberAsCondition: 3, nestedConditional: 3, signZero: 0, signNegative: -1, conditionAsNumber: 2 });
      expect(run.values.conditionAsNumber[1]).toBe(3);
    });
  });

  describe('the MathML written for each construct', () => {
    const model = formsModel();
    const ctx = (): MathContext => ({
      symbol: (name) => (name === 't' ? { kind: 'time' } : name === 'week' ? { kind: 'number', value: 7, dimension: parseUnit('day') } : { kind: 'ci', id: name }),
      dimensionOf: (name) => (name === 'x' ? parseUnit('pM') : name === 't' ? parseUnit('day') : DIMENSIONLESS),
      unitId: (d) => (d.exponents.amount ? 'pM' : d.exponents.time ? 'day' : 'dimensionless'),
      nominal: new Map(model.parameters.map((p) => [p.name, p.value])),
      modFunctionId: 'mod',
      usesMod: false,
    });
    const math = (text: string) => mathOfNumber(parseExpression(text), ctx());
    const inner = (text: string) => math(text).replace(/^<math[^>]*>|<\/math>$/g, '');

    it('uses the MathML element of each function: ln for log, log for log10, root, ceiling, min, max', () => {
      expect(inner('log(a)')).toBe('<apply><ln/><ci>a</ci></apply>');
      expect(inner('log10(a)')).toBe('<apply><log/><ci>a</ci></apply>');
      expect(inner('sqrt(a)')).toBe('<apply><root/><ci>a</ci></apply>');
      expect(inner('ceil(a)')).toBe('<apply><ceiling/><ci>a</ci></apply>');
      expect(inner('min(a, b, c)')).toBe('<apply><min/><ci>a</ci><ci>b</ci><ci>c</ci></apply>');
      expect(inner('a ^ b')).toBe('<apply><power/><ci>a</ci><ci>b</ci></apply>');
      expect(inner('pow(a, b)')).toBe('<apply><power/><ci>a</ci><ci>b</ci></apply>');
      expect(inner('-a')).toBe('<apply><minus/><ci>a</ci></apply>');
    });

    it('writes mod as a call of the floored-modulo function definition', () => {
      const c = ctx();
      expect(mathOfNumber(parseExpression('a % b'), c)).toContain('<apply><ci>mod</ci><ci>a</ci><ci>b</ci></apply>');
      expect(c.usesMod).toBe(true);
    });

    it('keeps conditions and numbers apart: piecewise(1, c, 0) where a number is expected, x != 0 where a condition is', () => {
      expect(inner('2 * (a < b)')).toBe('<apply><times/><cn sbml:units="dimensionless">2</cn><piecewise><piece><cn sbml:units="dimensionless">1</cn>' +
        '<apply><lt/><ci>a</ci><ci>b</ci></apply></piece><otherwise><cn sbml:units="dimensionless">0</cn></otherwise></piecewise></apply>');
      expect(inner('a ? b : c')).toBe('<piecewise><piece><ci>b</ci><apply><neq/><ci>a</ci><cn sbml:units="dimensionless">0</cn></apply></piece><otherwise><ci>c</ci></otherwise></piecewise>');
      const trigger = mathOfCondition(parseExpression('x < 0.8 and not (t > 1 week)'), ctx());
      expect(trigger).toContain('<apply><and/><apply><lt/><ci>x</ci><cn sbml:units="pM">0.8</cn></apply><apply><not/><apply><gt/>' +
        '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>');
      expect(trigger).toContain('<cn sbml:units="dimensionless">1</cn><cn sbml:units="day">7</cn>');
    });

    it('gives every number the unit of what it meets, and writes exponents in e-notation', () => {
      expect(inner('x > 1 ? x : 0')).toBe('<piecewise><piece><ci>x</ci><apply><gt/><ci>x</ci><cn sbml:units="pM">1</cn></apply></piece><otherwise><cn sbml:units="pM">0</cn></otherwise></piecewise>');
      expect(inner('a * 1e-12')).toBe('<apply><times/><ci>a</ci><cn sbml:units="dimensionless" type="e-notation">1<sep/>-12</cn></apply>');
      expect(cn(6.02e23, 'u')).toBe('<cn sbml:units="u" type="e-notation">6.02<sep/>23</cn>');
      expect(cn(-0.25, 'u')).toBe('<cn sbml:units="u">-0.25</cn>');
      expect(mathOfNumber(parseExpression('0'), ctx(), parseUnit('pM'))).toContain('<cn sbml:units="pM">0</cn>');
    });

    it('completes the unit of a number in an event value from its target, and says so', () => {
      const completed: string[] = [];
      const c = ctx();
      c.unitId = (d) => (d.exponents.mass ? 'ug' : d.exponents.amount ? 'umol' : 'dimensionless');
      c.dimensionOf = (name) => (name === 'MW' ? parseUnit('g/mol') : DIMENSIONLESS);
      const value = mathOfNumber(parseExpression('5 * 1000 / MW'), c, parseUnit('umol'), { completeUnits: true, completed });
      expect(value).toContain('<cn sbml:units="ug">5</cn><cn sbml:units="dimensionless">1000</cn>');
      expect(completed).toEqual(['5 ug']);
    });
  });
});
