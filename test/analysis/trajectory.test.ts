import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { extreme, firstDeparture, settlingTime, valueAt } from '../../src/analysis/trajectory.ts';

const grid = (n: number, step = 1) => Float64Array.from({ length: n }, (_, i) => i * step);

describe('trajectory readers', () => {
  test.prop([fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 })])(
    'valueAt returns the samples at the sample times and stays between neighbours',
    (values) => {
      const times = grid(values.length, 0.5);
      values.forEach((v, i) => expect(valueAt({ times, values }, times[i])).toBe(v));
      for (let i = 0; i + 1 < values.length; i++) {
        const middle = valueAt({ times, values }, times[i] + 0.25);
        expect(middle).toBeGreaterThanOrEqual(Math.min(values[i], values[i + 1]) - 1e-9);
        expect(middle).toBeLessThanOrEqual(Math.max(values[i], values[i + 1]) + 1e-9);
      }
    },
  );

  it('finds the half-effect time of an exponential approach (ln 2 / k)', () => {
    const k = 0.05;
    const times = grid(401, 0.25);
    const values = times.map((t) => 1 - Math.exp(-k * t));
    const half = firstDeparture({ times, values }, 0, 0.5 * values[values.length - 1]);
    const exact = -Math.log(1 - 0.5 * values[values.length - 1]) / k;
    expect(Math.abs(half! - exact)).toBeLessThan(2e-3); // linear interpolation on a 0.25 grid
    expect(firstDeparture({ times, values }, 0, 2)).toBeUndefined();
  });

  it('finds peaks, troughs and the time a damped oscillation settles', () => {
    const times = grid(2001, 0.05);
    const values = times.map((t) => 1 + Math.exp(-0.1 * t) * Math.cos(t));
    expect(extreme({ times, values }, 'max')).toEqual({ value: 2, time: 0 });
    const trough = extreme({ times, values }, 'min');
    const exact = Math.PI - Math.atan(0.1); // where tan t = -0.1
    expect(Math.abs(trough.time - exact)).toBeLessThanOrEqual(0.025);
    expect(trough.value).toBeCloseTo(1 + Math.exp(-0.1 * exact) * Math.cos(exact), 4);
    // The envelope exp(-0.1 t) drops below 0.01 after t = 10 ln 100 = 46.05.
    const settled = settlingTime({ times, values }, 1, 0.01)!;
    expect(settled).toBeLessThanOrEqual(46.1);
    expect(settled).toBeGreaterThan(40);
    expect(settlingTime({ times, values: times.map((t) => t) }, 0, 1)).toBeUndefined();
  });
});
