import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.ts';
import type { Model } from '../../src/model/model.ts';
import type { Scenario, ScheduledEvent } from '../../src/simulate/scenario.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { toyModel } from '../helpers.ts';

/** x' = -k x + u: a pulse of height 100 on [a, b) adds (100 / k)(1 - e^{-k (b - a)}) e^{-k (T - b)} to x(T). */
const k = 0.01;
const pulse = (a: number, b: number, T: number) => (100 / k) * (1 - Math.exp(-k * (b - a))) * Math.exp(-k * (T - b));

const decay: Model = toyModel({
  species: [{ name: 'x', initial: 0, unit: 'pM', description: 'driven species', nonnegative: true }],
  parameters: [
    { name: 'k', value: k, unit: '1/day', description: 'decay rate', source: 'test' },
    { name: 'tau', value: 30.3, unit: 'day', description: 'switch-on time', source: 'test' },
    { name: 't_start', value: 5, unit: 'day', description: 'start of the schedule', source: 'test' },
  ],
  inputs: [{ name: 'u', default: 0, unit: 'pM/day', description: 'driving input' }],
  rates: { x: '-k * x + u' },
});

function run(model: Model, method: string, input: string, duration: number, scheduled: ScheduledEvent[] = []) {
  const scenario: Scenario = {
    id: 'switch', title: 'switch', description: 'time switch', modelFile: 'toy', duration, outputEvery: 1, start: 'initial',
    parameters: {}, initial: {}, inputs: { u: input }, scheduled, stateEvents: [], expectations: [],
    solver: { method, rtol: 1e-8, atol: 1e-14, maxSteps: 100_000 },
  };
  return simulate(scenario, model);
}

const METHODS = ['dp5', 'rodas5p', 'odex', 'auto'];

describe.each(METHODS)('switches of time are located (%s)', (method) => {
  it('a 0.05-day pulse every 7 days, mod(t, 7) < 0.05: x(70) = 34.72 exactly, not the 2.5 of stepping over the pulses', () => {
    let exact = 0;
    for (let n = 0; n < 10; n++) exact += pulse(7 * n, 7 * n + 0.05, 70);
    expect(exact).toBeCloseTo(34.7230, 4);
    const result = run(decay, method, 'mod(t, 7) < 0.05 ? 100 : 0', 70);
    expect(Math.abs(result.series.x[70] - exact) / exact).toBeLessThan(1e-6);
  });

  it('a parameter threshold, t > tau, read after an event changes tau', () => {
    const setTau: ScheduledEvent = { time: 10, set: [{ target: 'tau', value: 40.5 }], add: [], description: 'tau = 40.5', source: 0 };
    const result = run(decay, method, 't > tau ? 100 : 0', 100, [setTau]);
    const x = result.series.x;
    expect(Math.abs(x[x.length - 1] - pulse(40.5, 100, 100)) / pulse(40.5, 100, 100)).toBeLessThan(1e-6);
    // Before the switch nothing happened (the threshold was not the old tau = 30.3).
    expect(x[Array.from(result.times).indexOf(40)]).toBe(0);
  });

  it('a short window after a parameter-dependent start, t > t_start + 30 and t < t_start + 30.02', () => {
    const result = run(decay, method, 't > t_start + 30 and t < t_start + 30.02 ? 100 : 0', 60);
    expect(Math.abs(result.series.x[60] - pulse(35, 35.02, 60)) / pulse(35, 35.02, 60)).toBeLessThan(1e-6);
  });

  it('floor(t) == 5: a one-day pulse on [5, 6)', () => {
    const result = run(decay, method, 'floor(t) == 5 ? 100 : 0', 20);
    expect(Math.abs(result.series.x[20] - pulse(5, 6, 20)) / pulse(5, 6, 20)).toBeLessThan(1e-6);
  });

  it('a switch that reads the state, t > z with z = 1 + t/2: located on dense output (x = T - 2)', () => {
    const model = toyModel({
      species: [
        { name: 'x', initial: 0, unit: 'pM', description: 'switched on at t = 2', nonnegative: true },
        { name: 'z', initial: 1, unit: 'day', description: 'a clock running at half speed', nonnegative: true },
      ],
      parameters: [{ name: 'c', value: 0.5, unit: '1', description: 'clock speed', source: 'test' }],
      inputs: [],
      expressions: [{ name: 'on', expr: 't > z ? 1 : 0', unit: '1' }],
      rates: { x: 'on', z: 'c' },
    });
    const scenario: Scenario = {
      id: 'state-switch', title: 's', description: 's', modelFile: 'toy', duration: 10, outputEvery: 1, start: 'initial',
      parameters: {}, initial: {}, inputs: {}, scheduled: [], stateEvents: [], expectations: [],
      solver: { method, rtol: 1e-8, atol: 1e-14, maxSteps: 100_000 },
    };
    const result = simulate(scenario, model);
    expect(Math.abs(result.series.x[10] - 8)).toBeLessThan(1e-6);
    expect(result.series.x[2]).toBeLessThan(1e-6);
  });
});

describe('switches bonesim cannot locate', () => {
  it('refuses a switch where t enters other than linearly, and says how to write it', () => {
    expect(() => compileModel(decay, { inputs: { u: 'sin(t) > 0.5 ? 100 : 0' } })).toThrow(
      /inputs.u: bonesim cannot locate where "sin\(t\) > 0.5" switches[\s\S]*mod\(t, 2 \* pi\) < pi for sin\(t\) > 0\), or use timed events \(at:, every:\)/);
  });

  it('finds the switch times of mod, floor and thresholds from the parameters', () => {
    const compiled = compileModel(decay, { inputs: { u: 'mod(t - t_start, 7) < 0.05 or t > tau ? 100 : 0' } });
    const times = compiled.timeSwitches.within(compiled.p0, 0, 31);
    const expected = [5, 5.05, 12, 12.05, 19, 19.05, 26, 26.05, 30.3];
    expect(times.length).toBe(expected.length);
    times.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 12));
  });
});
