import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { compileModel } from '../../src/model/compile.ts';
import { toyModel } from '../helpers.ts';

function rhsOf(rates: Record<string, string>, extra: Parameters<typeof toyModel>[0] = {}) {
  const model = toyModel({
    species: [
      { name: 'x', initial: 2, unit: 'pM', description: 'x', nonnegative: true },
      { name: 'y', initial: 3, unit: 'pM', description: 'y', nonnegative: true },
    ],
    parameters: [
      { name: 'a', value: 0.5, unit: '1', description: 'a', source: 'test' },
      { name: 'b', value: 4, unit: '1', description: 'b', source: 'test' },
    ],
    rates,
    ...extra,
  });
  const compiled = compileModel(model);
  const out = new Float64Array(2);
  compiled.rhs(1.5, compiled.y0, compiled.p0, out);
  return { compiled, out };
}

function compileError(rates: Record<string, string>, extra: Parameters<typeof toyModel>[0] = {}): BonesimError {
  try {
    rhsOf(rates, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(BonesimError);
    return error as BonesimError;
  }
  throw new Error('expected the model to be rejected');
}

describe('expression compiler', () => {
  it('computes arithmetic, powers, functions, conditionals and logic like JavaScript does', () => {
    const { out } = rhsOf({
      x: 'a * x^2 - y / b + exp(-a) * sqrt(b) + max(x, y, 1) - min(a, b) + abs(-3) + log(b) + log10(100)',
      y: '(t > 1 and x < y ? 10 : -10) + (not (x > y)) + (x == 2) * 7 + (1 < x < 3) + mod(-7, 3) + pow(2, 3)',
    });
    const [x, y, a, b, t] = [2, 3, 0.5, 4, 1.5];
    expect(out[0]).toBeCloseTo(a * x ** 2 - y / b + Math.exp(-a) * Math.sqrt(b) + Math.max(x, y, 1) - Math.min(a, b) + 3 + Math.log(b) + 2, 12);
    // 10 (condition true) + 1 (not false) + 7 (x == 2) + 1 (1 < x < 3) + 2 (mathjs mod is floored) + 8
    expect(out[1]).toBe((t > 1 && x < y ? 10 : -10) + 1 + 7 + 1 + 2 + 8);
  });

  it('orders expressions by dependency, whatever order the file lists them in', () => {
    const { out, compiled } = rhsOf({ x: 'c3', y: '0' }, {
      expressions: [
        { name: 'c3', expr: 'c2 * 2' },
        { name: 'c2', expr: 'c1 + 1' },
        { name: 'c1', expr: 'a * x' },
      ],
    });
    expect(out[0]).toBe((0.5 * 2 + 1) * 2);
    expect(compiled.source.rhs.indexOf('const v0')).toBeLessThan(compiled.source.rhs.indexOf('const v2'));
  });

  it('rejects a cycle and names every definition in the loop', () => {
    const error = compileError({ x: 'c1', y: '0' }, {
      expressions: [
        { name: 'c1', expr: 'c2 + 1' },
        { name: 'c2', expr: 'c3 * x' },
        { name: 'c3', expr: 'c1 / 2' },
      ],
    });
    expect(error.problem).toMatch(/loop: c1 -> c2 -> c3 -> c1/);
    expect(error.location.field).toBe('expressions.c1');
  });

  it('rejects an unknown symbol, names the field and suggests the closest name', () => {
    const error = compileError({ x: 'a * xx', y: '0' });
    expect(error.problem).toBe('unknown symbol "xx"');
    expect(error.location.field).toBe('rates.x');
    expect(error.hint).toBe('did you mean "x"?');
  });

  it('rejects unknown functions and wrong argument counts', () => {
    expect(compileError({ x: 'hill(x, 1, 2)', y: '0' }).problem).toMatch(/"hill" is not an allowed function/);
    expect(compileError({ x: 'exp(x, 2)', y: '0' }).problem).toMatch(/exp\(\) takes 1 argument, got 2/);
  });

  it.each([
    ['assignment', 'a = 1', /assignment/],
    ['function definition', 'f(z) = z', /function definition/],
    ['member access', 'x.constructor', /member access/],
    ['index access', 'x[1]', /indexing|member access/],
    ['string', '"rm -rf"', /text/],
    ['import', 'import({})', /not allowed|object/],
    ['evaluate', 'evaluate("1+1")', /text|not an allowed function/],
    ['constructor symbol', 'constructor', /unknown symbol "constructor"/],
    ['__proto__ symbol', '__proto__', /unknown symbol "__proto__"/],
    ['matrix', '[1, 2]', /a list/],
    ['object', '{a: 1}', /an object/],
    ['block', 'x; y', /several statements/],
    ['range', '1:3', /a range/],
    ['factorial', 'x!', /operator "!"/],
    ['huge number', '1e999', /out of range/],
    ['empty', ' ', /empty/],
  ])('rejects %s', (_, expression, message) => {
    const error = compileError({ x: expression, y: '0' });
    expect(error.kind).toBe('input');
    expect(error.problem).toMatch(message);
  });

  it('generates code from whitelisted tokens only', () => {
    const { compiled } = rhsOf({ x: 'a * exp(-x) + (t > 2 ? b : 0)', y: 'mod(x, 2)' });
    const tokens = compiled.source.rhs.match(/[A-Za-z_$][\w$]*/g) ?? [];
    const allowed = new Set(['return', 'function', 'const', 't', 'y', 'p', 'out', 'Math', 'exp', 'mod', 'floor', 'a', 'b']);
    for (const token of tokens) expect(allowed.has(token) || /^v\d+$/.test(token)).toBe(true);
  });

  it('computes observables from the same expressions as the rates', () => {
    const model = toyModel({
      expressions: [{ name: 'flux', expr: 'k * x' }],
      rates: { x: '-flux' },
      observables: [{ name: 'loss', expr: 'flux', unit: 'pM/day', description: 'loss rate' }],
    });
    const compiled = compileModel(model);
    const dydt = new Float64Array(1);
    const observed = new Float64Array(1);
    compiled.rhs(0, compiled.y0, compiled.p0, dydt);
    compiled.observe(0, compiled.y0, compiled.p0, observed);
    expect(observed[0]).toBe(-dydt[0]);
  });

  it('finds readouts: species no rate reads', () => {
    const { compiled } = rhsOf({ x: '-a * x', y: 'a * x' });
    expect(compiled.readouts).toEqual([false, true]);
  });

  it('inlines time-dependent inputs and records where they switch', () => {
    const model = toyModel({
      inputs: [{ name: 'dose', default: 0, unit: 'pM/day', description: 'dosing' }],
      rates: { x: 'dose - k * x' },
    });
    const compiled = compileModel(model, { inputs: { dose: 't >= 20 and t < 2 week + 60 ? 1000 : 0' } });
    expect(compiled.timeSwitches.within(compiled.p0, 0, 100)).toEqual([20, 74]);
    const out = new Float64Array(1);
    compiled.rhs(30, Float64Array.of(0), compiled.p0, out);
    expect(out[0]).toBe(1000);
    compiled.rhs(74, Float64Array.of(0), compiled.p0, out);
    expect(out[0]).toBe(0);
  });

  it('rejects an input that depends on a species', () => {
    const model = toyModel({
      inputs: [{ name: 'dose', default: 0, unit: 'pM/day', description: 'dosing' }],
      rates: { x: 'dose - k * x' },
    });
    expect(() => compileModel(model, { inputs: { dose: 'x * 2' } })).toThrow(/may depend only on t and parameters/);
  });
});
