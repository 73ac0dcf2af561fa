import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { checkDimensions } from '../../src/model/dimensions.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { formatDimension, parseUnit, sameUnit } from '../../src/model/units.ts';
import { toyModel } from '../helpers.ts';

describe('units', () => {
  it('reads compound units with prefixes, percent and time', () => {
    expect(parseUnit('pM')).toEqual({ exponents: { amount: 1, volume: -1 }, scale: 1e-12 });
    expect(sameUnit(parseUnit('1/(pM*day)'), parseUnit('1/pM/day'))).toBe(true);
    expect(sameUnit(parseUnit('pM/pM'), parseUnit('1'))).toBe(true);
    expect(sameUnit(parseUnit('%/(pM*day)'), parseUnit('0.01/(pM*day)'))).toBe(true);
    expect(sameUnit(parseUnit('nM'), parseUnit('1000 pM'))).toBe(true);
    expect(sameUnit(parseUnit('1/week'), parseUnit('1/(7*day)'))).toBe(true);
    expect(sameUnit(parseUnit('ng/mL'), parseUnit('ug/L'))).toBe(true);
    expect(formatDimension(parseUnit('pM*pM/day'))).toBe('pM^2*day^-1');
  });

  it('rejects what is not a unit', () => {
    expect(() => parseUnit('parsec')).toThrow(/unknown unit "parsec"/);
    expect(() => parseUnit('pM^x')).toThrow(/is not a unit/);
  });

  it('accepts the shipped models', () => {
    for (const file of ['models/lemaire2004.yaml', 'models/pivonka2008.yaml']) expect(() => loadModel(file)).not.toThrow();
  });

  const check = (overrides: Parameters<typeof toyModel>[0]) => {
    try {
      checkDimensions(toyModel(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(BonesimError);
      return (error as BonesimError).problem;
    }
    return 'consistent';
  };

  it('finds a rate whose unit is not the species unit per time', () => {
    expect(check({ rates: { x: 'k' } })).toBe('unit mismatch: the rate "k" works out to 1/day, but dx/dt must be in pM/day (pM per day)');
  });

  it('finds sums of unlike terms, bare numbers added to quantities, and dimensional exp arguments', () => {
    expect(check({ rates: { x: 'k * x + x' } })).toMatch(/terms of a sum must have the same unit: "k \* x" is pM\/day but "x" is pM/);
    expect(check({ rates: { x: 'k * (x + 1)' } })).toMatch(/the number 1 is added to "x", which is pM/);
    expect(check({ rates: { x: '-k * x * exp(x)' } })).toMatch(/exp\(\) needs a dimensionless argument, but "x" is pM/);
  });

  it('lets 0 and compared or chosen numbers take the unit of the quantity beside them', () => {
    expect(check({ rates: { x: '(x > 0.5 ? k * x : 0) - k * x' } })).toBe('consistent');
  });

  it('checks declared units of expressions and observables', () => {
    expect(check({
      expressions: [{ name: 'loss', expr: 'k * x', unit: 'nM/day' }],
      rates: { x: '-loss' },
    })).toMatch(/"k \* x" works out to pM\/day, but its declared unit is nM\/day/);
  });
});
