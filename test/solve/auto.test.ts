import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { autoIntegrator } from '../../src/solve/auto.ts';
import { integratorNamed, DEFAULT_METHOD } from '../../src/solve/methods.ts';
import { dp5Integrator } from '../../src/solve/dp5.ts';
import { odexIntegrator } from '../../src/solve/odex.ts';
import { rodas5pIntegrator } from '../../src/solve/rosenbrock.ts';
import { DEFAULT_STIFFNESS_SETTINGS } from '../../src/solve/stiffnessDetector.ts';
import type { IntegratorOptions, OdeProblem, Solution, StepObserver } from '../../src/solve/types.ts';
import type { Scenario } from '../../src/simulate/scenario.ts';
import { toyModel } from '../helpers.ts';
import { hires, oregonator, robertson, vanDerPol } from './stiffProblems.ts';

const auto = integratorNamed('auto');
/** auto's explicit member: dp5 through the model's generated kernel when there is one (about ten times odex's speed per run on the shipped scenarios). */
const EXPLICIT = 'dp5';

describe('method auto', () => {
  it('is the default', () => expect(DEFAULT_METHOD).toBe('auto'));

  // Work with the switch (dp5 first, then rodas5p), measured: Robertson 664 steps, HIRES 371,
  // Van der Pol 1699, Oregonator 2961 (with odex first it was 614, 285, 1672, 2908).
  describe.each([
    { make: robertson, atol: 1e-14, steps: 700 },
    { make: hires, atol: 1e-10, steps: 400 },
    { make: vanDerPol, atol: 1e-10, steps: 1900 },
    { make: oregonator, atol: 1e-10, steps: 3300 },
  ])('$make.name', ({ make, atol, steps }) => {
    it('detects stiffness, hands over to rodas5p and reaches the reference solution', () => {
      const { problem, reference } = make();
      const rtol = 1e-8;
      const solution = auto.solve(problem, { rtol, atol, maxSteps: 100_000 });
      expect(solution.status).toBe('success');
      expect(solution.method).toBe(`${EXPLICIT}+rodas5p`);
      expect(solution.message).toContain('stability limit');
      for (let i = 0; i < reference.length; i++) {
        expect(Math.abs(solution.yEnd[i] - reference[i]) / (atol + rtol * Math.abs(reference[i]))).toBeLessThan(3);
      }
      expect(solution.stats.steps).toBeLessThanOrEqual(steps);
    });
  });

  it('stays with the explicit method on non-stiff problems, even long ones', () => {
    // Long enough that it needs thousands of steps, so the detector does estimate rho(J) (counted as Jacobian evaluations).
    const oscillator: OdeProblem = { t0: 0, t1: 4000, y0: Float64Array.of(1, 0), rhs: (t, y, f) => { f[0] = y[1]; f[1] = -y[0]; } };
    const mildVanDerPol: OdeProblem = { t0: 0, t1: 2000, y0: Float64Array.of(2, 0), rhs: (t, y, f) => { f[0] = y[1]; f[1] = (1 - y[0] * y[0]) * y[1] - y[0]; } };
    for (const problem of [oscillator, mildVanDerPol]) {
      const solution = auto.solve(problem, { rtol: 1e-8, atol: 1e-10, maxSteps: 100_000 });
      expect(solution.status).toBe('success');
      expect(solution.method).toBe(EXPLICIT);
      expect(solution.stats.jacobianEvaluations).toBeGreaterThan(10);
    }
    const oscillatorEnd = auto.solve(oscillator, { rtol: 1e-8, atol: 1e-10, maxSteps: 100_000 }).yEnd;
    expect(Math.abs(oscillatorEnd[0] - Math.cos(4000))).toBeLessThan(1e-4);
  });

  it('lets the observer see every step once across the hand-over, and fills every output time', () => {
    const { problem } = robertson();
    problem.t1 = 1e3;
    const outputTimes = Float64Array.from({ length: 1001 }, (_, i) => i);
    let previousEnd = problem.t0;
    let gaps = 0;
    let crossing: number | undefined;
    const scratch = new Float64Array(3);
    const solution = auto.solve(problem, { rtol: 1e-8, atol: 1e-14, maxSteps: 100_000, outputTimes }, (tPrevious, t, y, dense) => {
      if (tPrevious !== previousEnd) gaps++;
      previousEnd = t;
      // Record (without stopping) when y1 falls below 0.5, located on the dense output.
      if (crossing === undefined && y[0] < 0.5) {
        let a = tPrevious;
        let b = t;
        for (let k = 0; k < 100; k++) {
          const m = 0.5 * (a + b);
          dense(m, scratch);
          if (scratch[0] < 0.5) b = m; else a = m;
        }
        crossing = b;
      }
      return undefined;
    });
    expect(solution.method).toBe(`${EXPLICIT}+rodas5p`);
    expect(gaps).toBe(0);
    expect(solution.outputCount).toBe(1001);
    // y1 + y2 + y3 = 1 is conserved; every output must respect it.
    for (let k = 0; k < 1001; k++) {
      const sum = solution.outputs[3 * k] + solution.outputs[3 * k + 1] + solution.outputs[3 * k + 2];
      expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
    }
    // The crossing, located on the dense output after the switch, agrees with a much tighter rodas5p run.
    let reference: number | undefined;
    rodas5pIntegrator.solve(problem, { rtol: 1e-12, atol: 1e-20, maxSteps: 100_000 }, (tPrevious, t, y, dense) => {
      if (reference !== undefined || y[0] >= 0.5) return undefined;
      let a = tPrevious;
      let b = t;
      for (let k = 0; k < 100; k++) {
        const m = 0.5 * (a + b);
        dense(m, scratch);
        if (scratch[0] < 0.5) b = m; else a = m;
      }
      reference = b;
      return undefined;
    });
    expect(solution.message).toMatch(/at t = 0\.0\d+ the explicit steps/);
    expect(Math.abs(crossing! - reference!)).toBeLessThan(1e-6 * reference!);
  });

  it('keeps the explicit method\'s outputs when the caller lends an output buffer (the simulation loop does)', () => {
    const { problem } = robertson();
    problem.t1 = 1e3;
    const outputTimes = Float64Array.from({ length: 1001 }, (_, i) => i);
    const outputBuffer = new Float64Array(3 * 1001);
    const solution = auto.solve(problem, { rtol: 1e-8, atol: 1e-14, maxSteps: 100_000, outputTimes, outputBuffer });
    expect(solution.method).toBe(`${EXPLICIT}+rodas5p`);
    expect(Array.from(solution.outputs.subarray(0, 3))).toEqual(Array.from(problem.y0));
    for (let k = 0; k < 1001; k++) {
      const sum = solution.outputs[3 * k] + solution.outputs[3 * k + 1] + solution.outputs[3 * k + 2];
      expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
    }
  });

  it('hands over when the explicit method runs out of steps', () => {
    const neverByEstimate = autoIntegrator({ nonStiff: odexIntegrator, stiff: rodas5pIntegrator, settings: { ...DEFAULT_STIFFNESS_SETTINGS, minimumRemainingSteps: Infinity } });
    const { problem, reference } = hires();
    const solution = neverByEstimate.solve(problem, { rtol: 1e-8, atol: 1e-10, maxSteps: 1000 });
    expect(solution.status).toBe('success');
    expect(solution.method).toBe('odex+rodas5p');
    expect(solution.message).toContain('ran out of steps');
    for (let i = 0; i < reference.length; i++) expect(Math.abs(solution.yEnd[i] - reference[i])).toBeLessThan(3 * (1e-10 + 1e-8 * Math.abs(reference[i])));
  });
});

describe('auto on the shipped QSS scenarios', () => {
  it.each(['scenarios/lemaire-baseline.yaml', 'scenarios/lemaire-pth-injection.yaml', 'scenarios/pivonka-baseline.yaml'])('%s runs the explicit method, with the same steps as it alone', (file) => {
    const { scenario, model } = loadScenario(file);
    const withAuto = simulate(scenario, model, { integrator: auto });
    const alone = simulate(scenario, model, { integrator: dp5Integrator });
    expect(withAuto.solver.ran).toEqual([EXPLICIT]);
    expect(withAuto.stats.steps).toBe(alone.stats.steps);
    const last = withAuto.times.length - 1;
    for (const column of withAuto.columns) expect(withAuto.series[column][last]).toBe(alone.series[column][last]);
  });
});

describe('auto in a run split into segments by events', () => {
  // A stiff scalar problem, y' = -1000 (y - cos t): dp5 is held at h ~ 1.3e-3 by stability.
  const exact = (t: number) => (1e6 * Math.cos(t) + 1e3 * Math.sin(t)) / (1e6 + 1); // after the e^(-1000 t) transient
  const stiffScalar = (t0: number, t1: number): OdeProblem => ({
    t0, t1, y0: Float64Array.of(exact(t0)), rhs: (t, y, f) => { f[0] = -1000 * (y[0] - Math.cos(t)); },
    jacobian: (t, y, J) => { J[0] = -1000; },
  });

  it('weighs a switch against the steps left to the whole run (horizon), not to the segment', () => {
    const options = { rtol: 1e-8, atol: 1e-12, maxSteps: 100_000 };
    // A third of a day alone is a couple of hundred explicit steps: not worth a switch.
    expect(auto.solve(stiffScalar(0, 0.3), options).method).toBe(EXPLICIT);
    // The same span as the first of a 300-day run is.
    const segment = auto.solve(stiffScalar(0, 0.3), { ...options, horizon: 300 });
    expect(segment.method).toBe(`${EXPLICIT}+rodas5p`);
    expect(segment.message).toMatch(/steps to go/);
    expect(Math.abs(segment.yEnd[0] - exact(0.3))).toBeLessThan(1e-7);
  });

  it('starts with the stiff method once an earlier segment found the problem stiff (knownStiff)', () => {
    const solution = auto.solve(stiffScalar(1, 2), { rtol: 1e-8, atol: 1e-12, maxSteps: 100_000, knownStiff: true });
    expect(solution.method).toBe('rodas5p');
    expect(solution.message).toMatch(/^stiff in an earlier segment/);
    expect(Math.abs(solution.yEnd[0] - exact(2))).toBeLessThan(1e-7);
  });

  it('lets simulate hand a daily-dosed stiff run to rodas5p in its first segment and keep it there', () => {
    const model = toyModel({
      species: [{ name: 'x', initial: 1, unit: 'pM', description: 'fast-relaxing state', nonnegative: true }],
      parameters: [
        { name: 'k', value: 1000, unit: '1/day', description: 'relaxation rate', source: 'test' },
        { name: 'w', value: 1, unit: '1/day', description: 'forcing frequency', source: 'test' },
      ],
      rates: { x: '-k * (x - 1 - 0.5 * sin(w * t))' },
    });
    const doses = Array.from({ length: 199 }, (_, d) => ({ time: d + 1, set: [], add: [{ target: 'x', value: 0.01 }], description: 'dose', source: 0 }));
    const scenario: Scenario = {
      id: 'daily', title: 'daily', description: 'daily doses into a stiff state', modelFile: 'toy', duration: 200, outputEvery: 10,
      start: 'initial', parameters: {}, initial: {}, inputs: {}, scheduled: doses, stateEvents: [], expectations: [],
      solver: { method: 'auto', rtol: 1e-8, atol: 1e-12, maxSteps: 100_000 },
    };
    const withAuto = simulate(scenario, model);
    const withOdex = simulate(scenario, model, { integrator: odexIntegrator });
    expect(withAuto.solver.ran).toEqual([EXPLICIT, 'rodas5p']);
    // Measured: odex alone 44,957 steps, auto 6,803 (odex until the switch on day 1, then rodas5p every day).
    expect(withOdex.stats.steps).toBeGreaterThan(5 * withAuto.stats.steps);
    const last = withAuto.times.length - 1;
    expect(Math.abs(withAuto.series.x[last] - withOdex.series.x[last])).toBeLessThan(1e-7);
  });

  /** simulate() with auto, keeping each segment's Solution. */
  const segmentsOf = (file: string) => {
    const { scenario, model } = loadScenario(file);
    const segments: Solution[] = [];
    const recording = { name: 'auto', solve: (problem: OdeProblem, options: IntegratorOptions, observer?: StepObserver) => {
      const solution = auto.solve(problem, options, observer);
      segments.push(solution);
      return solution;
    } };
    return { result: simulate(scenario, model, { integrator: recording }), segments, scenario, model };
  };

  it('keeps later segments explicit where the stiff steps were too short to pay for their cost (denosumab: a dose every 6 months)', () => {
    const { result, segments, scenario, model } = segmentsOf('scenarios/denosumab.yaml');
    // Measured: the switch at day 7 (dp5 at h = 0.108 day, h rho = 1.7), rodas5p then 0.36 day per step: 3.3 times, not 8.
    expect(segments[0].method).toBe(`${EXPLICIT}+rodas5p`);
    expect(segments[0].stiffPaysOff).toBe(false);
    expect(segments[0].message).toContain('too short to pay for their cost');
    expect(segments.length).toBeGreaterThan(3);
    for (const later of segments.slice(1)) expect(later.method).toBe(EXPLICIT);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
    const alone = simulate(scenario, model, { integrator: dp5Integrator });
    const last = result.times.length - 1;
    for (const name of ['BV', 'OCa', 'DEN']) expect(Math.abs(result.series[name][last] - alone.series[name][last])).toBeLessThanOrEqual(1e-6 * Math.abs(alone.series[name][last]) + 1e-12);
  });

  it('keeps the stiff method where its steps pay off (opg-knockout: rodas5p 15 days per step against dp5 held at 0.075 day)', () => {
    const { segments } = segmentsOf('scenarios/opg-knockout.yaml');
    expect(segments[0].method).toBe(`${EXPLICIT}+rodas5p`);
    expect(segments[0].stiffPaysOff).toBe(true);
  });
});
