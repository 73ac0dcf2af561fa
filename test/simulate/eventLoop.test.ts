import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import type { Scenario } from '../../src/simulate/scenario.ts';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/simulate/simulate.ts';
import { relativeError, toyModel } from '../helpers.ts';

const tight = { rtol: 1e-11, atol: 1e-16 };

/** Compared on the output grid (events add rows just before and after them; at an event time this reads the row after). */
function maxRelativeDifference(a: SimulationResult, b: SimulationResult, names: string[]): number {
  const grid = (r: SimulationResult) => Array.from(new Set(r.times));
  expect(grid(b)).toEqual(expect.arrayContaining(grid(a)));
  const after = (r: SimulationResult, t: number) => Array.from(r.times).lastIndexOf(t);
  let worst = 0;
  for (const name of names) {
    for (const t of grid(a)) {
      const x = a.series[name][after(a, t)];
      const y = b.series[name][after(b, t)];
      worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-12));
    }
  }
  return worst;
}

describe('event loop', () => {
  const pth = loadScenario('scenarios/lemaire-pth-injection.yaml');
  const species = ['R', 'B', 'C', 'BV'];

  it('gives the same trajectory for a PTH window as events or as an input expression of t', () => {
    const asEvents = simulate(pth.scenario, pth.model, tight);
    const asInput: Scenario = { ...pth.scenario, scheduled: [], inputs: { I_P: 't >= 20 and t < 80 ? 1000 : 0' } };
    const asExpression = simulate(asInput, pth.model, tight);
    expect(asExpression.stats.segments).toBe(3); // the input's switch times became breakpoints
    expect(maxRelativeDifference(asEvents, asExpression, species)).toBeLessThan(1e-8);
  });

  it('is unchanged by splitting the integration at extra event times', () => {
    const whole = simulate(pth.scenario, pth.model, tight);
    const splits = [3.3, 20, 47.1, 79.99, 80, 101.5].map((time) => ({ time, set: [{ target: 'k_O', value: 0.35 }], add: [], description: 'no-op', source: 99 }));
    const split = simulate({ ...pth.scenario, scheduled: [...pth.scenario.scheduled, ...splits].sort((a, b) => a.time - b.time) }, pth.model, tight);
    expect(split.stats.segments).toBeGreaterThan(whole.stats.segments);
    expect(maxRelativeDifference(whole, split, species)).toBeLessThan(1e-8);
  });

  it('locates a state event on dense output and can stop the run there', () => {
    const recorded = simulate({
      ...pth.scenario,
      stateEvents: [{ condition: 'C > 2e-3', set: [], add: [], record: 'osteoclasts doubled', stop: false, once: true, source: 5 }],
    }, pth.model, tight);
    const event = recorded.events.find((e) => e.kind === 'state')!;
    expect(event.label).toBe('osteoclasts doubled');
    expect(event.time).toBeGreaterThan(20);
    expect(event.time).toBeLessThan(22);

    const stopped = simulate({
      ...pth.scenario,
      stateEvents: [{ condition: 'C > 2e-3', set: [], add: [], record: 'stop here', stop: true, once: true, source: 5 }],
    }, pth.model, tight);
    expect(stopped.stoppedAt?.time).toBeCloseTo(event.time, 8);
    const C = stopped.series.C;
    expect(relativeError(C[C.length - 1], 2e-3)).toBeLessThan(1e-8);
    expect(stopped.times[stopped.times.length - 1]).toBe(stopped.stoppedAt!.time);
  });

  it('applies a state event that changes the state, once, at the crossing', () => {
    const result = simulate({
      ...pth.scenario,
      stateEvents: [{ condition: 'BV < 0.999 * BV_0', set: [{ target: 'I_P', value: 0 }], add: [], record: 'bone loss caught', stop: false, once: true, source: 5 }],
    }, pth.model, tight);
    const event = result.events.find((e) => e.kind === 'state')!;
    expect(event).toBeDefined();
    const i = Array.from(result.times).findIndex((t) => t >= event.time);
    expect(result.series.BV[i]).toBeGreaterThan(99.89);
    // Stopping PTH early leaves more bone than the full 60-day infusion.
    const full = simulate(pth.scenario, pth.model, tight);
    expect(result.series.BV[result.series.BV.length - 1]).toBeGreaterThan(full.series.BV[full.series.BV.length - 1]);
  });

  it('gives repeated doses their analytic result (daily bolus into first-order elimination)', () => {
    const k = 0.5;
    const model = toyModel({ species: [{ name: 'x', initial: 0, unit: 'pM', description: 'drug', nonnegative: true }] });
    const doses = Array.from({ length: 10 }, (_, d) => ({ time: d, set: [], add: [{ target: 'x', value: 1 }], description: 'dose', source: 0 }));
    const scenario: Scenario = {
      id: 'doses', title: 'doses', description: 'daily doses', modelFile: 'toy', duration: 12, outputEvery: 0.5,
      start: 'initial', parameters: {}, initial: {}, inputs: {}, scheduled: doses, stateEvents: [],
      expectations: [{ text: 'x(10) < x(9.5)' }], solver: { method: 'odex', rtol: 1e-10, atol: 1e-14, maxSteps: 100000 },
    };
    const result = simulate(scenario, model);
    // Just after the n-th dose (t = n - 1) the amount is sum_{j<n} exp(-k j).
    const after = (n: number) => Array.from({ length: n }, (_, j) => Math.exp(-k * j)).reduce((a, b) => a + b, 0);
    const at = (t: number) => result.series.x[Array.from(result.times).lastIndexOf(t)];
    const before = (t: number) => result.series.x[Array.from(result.times).indexOf(t)];
    expect(at(0)).toBe(1);
    // Each dose has its row just before (what is left of the earlier doses) and just after.
    expect(relativeError(before(4), after(5) - 1)).toBeLessThan(1e-9);
    expect(relativeError(at(4), after(5))).toBeLessThan(1e-9);
    expect(relativeError(at(9), after(10))).toBeLessThan(1e-9);
    expect(relativeError(at(12), after(10) * Math.exp(-k * 3))).toBeLessThan(1e-9);
    expect(result.events).toHaveLength(10);
    expect(result.expectations[0].passed).toBe(true);
  });

  it('blames an event only for the species it makes negative, not for integrator rounding elsewhere', () => {
    const model = toyModel({
      species: [
        { name: 'x', initial: 1, unit: 'pM', description: 'drug', nonnegative: true },
        { name: 'y', initial: 0, unit: 'pM', description: 'empty depot', nonnegative: true },
      ],
      rates: { x: '-k * x', y: '-k * y' },
    });
    const run = (add: Array<{ target: string; value: number }>) => {
      const scenario: Scenario = {
        id: 'events', title: 'events', description: 'an event at day 1', modelFile: 'toy', duration: 2, outputEvery: 1,
        start: 'initial', parameters: {}, initial: {}, inputs: {}, scheduled: [{ time: 1, set: [], add, description: 'dose', source: 0 }],
        stateEvents: [], expectations: [], solver: { method: 'odex', rtol: 1e-10, atol: 1e-14, maxSteps: 100000 },
      };
      // y starts a rounding error below zero, as a Rosenbrock LU solve can leave an empty compartment.
      return prepareSimulation(scenario, model).run({ initialState: Float64Array.from([1, -1e-20]) });
    };
    expect(run([{ target: 'x', value: 1 }]).series.y[1]).toBeLessThan(0);
    expect(() => run([{ target: 'x', value: -5 }])).toThrow(/the event "dose" at t = 1 day makes x \(drug\) negative/);
    expect(() => run([{ target: 'y', value: 0 }])).toThrow(/makes y \(empty depot\) negative/);
  });

  it('stops with an error naming the species and the time when a population is driven negative', () => {
    const { scenario, model } = loadScenario('test/fixtures/lemaire-lc8-infeasible.yaml');
    let error: unknown;
    try {
      simulate(scenario, model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BonesimError);
    const problem = (error as BonesimError).problem;
    expect((error as BonesimError).kind).toBe('numerical');
    expect(problem).toMatch(/^R \(responding \(precursor\) osteoblasts \(ROB\)\) became negative at t = 2\d\.\d+ day/);
    const time = Number(/t = ([\d.]+) day/.exec(problem)![1]);
    expect(time).toBeGreaterThan(20);
    expect(time).toBeLessThan(22);
  });

  it('says the model ran out of bone, and when, if resorption outruns formation until bone volume reaches 0', () => {
    // Lemaire under a massive constant PTH infusion resorbs ~1/3 of its bone a year.
    const run = () => simulate({ ...pth.scenario, duration: 20 * 365.25, outputEvery: 30, expectations: [], scheduled: [], inputs: { I_P: '1e5' } }, pth.model);
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BonesimError);
    const { problem, hint, location } = error as BonesimError;
    expect(problem).toMatch(/^BV \(bone volume relative to baseline\) reached 0 at t = 1\d{3}\.\d+ day: resorption outran formation/);
    expect(hint).toMatch(/shorten the run/);
    expect(location.file).toBe('scenarios/lemaire-pth-injection.yaml');
    expect(location.time).toBeGreaterThan(365.25);
    expect(location.time).toBeLessThan(5 * 365.25);
    expect(problem).toContain(`t = ${Number(location.time!.toPrecision(10))} day`);
  });

  it('reports a failed expectation with the values that decided it', () => {
    const { scenario, model } = loadScenario('test/fixtures/failing-expectation.yaml');
    const result = simulate(scenario, model);
    expect(result.expectations.map((e) => e.passed)).toEqual([false, true]);
    expect(result.expectations[0].detail).toMatch(/^BV\(end\) = 100; 101 = 101$/);
  });

  it('prepares once and runs many times: repeatable, variable per individual, final-state only on request', () => {
    const prepared = prepareSimulation(pth.scenario, pth.model);
    const first = prepared.run();
    const second = prepared.run();
    expect(Array.from(second.series.C)).toEqual(Array.from(first.series.C));
    const finalOnly = prepared.run({ report: 'end' });
    expect(Array.from(finalOnly.times)).toEqual([140]);
    expect(finalOnly.series.C[0]).toBe(first.series.C[first.series.C.length - 1]);
    expect(finalOnly.expectations).toEqual([]);
    // A person with more osteoclast apoptosis has fewer osteoclasts at their own steady state.
    const variant = prepared.run({ parameters: { D_A: 0.7 * 1.2 } });
    expect(variant.series.C[0]).toBeLessThan(first.series.C[0]);
    expect(variant.start.steadyState?.residual).toBeLessThan(1e-12);
  });
});
