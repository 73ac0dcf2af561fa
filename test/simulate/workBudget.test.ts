import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { prepareSimulation } from '../../src/simulate/simulate.ts';

/**
 * A regression guard on the work, not the time, of the performance workload W1 (npm run bench
 * times it): ten years of Lemaire 2004 with the PTH window, daily output, rtol 1e-6, atol 1e-12.
 * The perf harness's C Dormand-Prince (and scipy RK45, with the same controller) takes 446
 * steps and 2694 right-hand-side evaluations; so must we, up to a small margin. A change that
 * makes the algorithm do more work (a worse controller, output times limiting the step, a
 * lost FSAL stage, extra segments) fails here.
 */
describe('work budget of the W1 workload on the real path (scenario -> compiler -> dp5 -> event loop)', () => {
  const { scenario, model } = loadScenario('scenarios/lemaire-pth-10-years.yaml');

  it('takes the steps and right-hand-side evaluations of the reference Dormand-Prince', () => {
    const result = prepareSimulation(scenario, model).run();
    expect(result.solver).toMatchObject({ method: 'dp5', rtol: 1e-6, atol: 1e-12 });
    expect(result.times.length).toBe(3653); // daily, and the PTH window's start and end twice (before and after)
    expect(result.stats.segments).toBe(3);
    expect(result.stats.steps).toBeLessThanOrEqual(450);
    expect(result.stats.rhsEvaluations).toBeLessThanOrEqual(2720);
    expect(result.stats.rejectedSteps).toBeLessThanOrEqual(4);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('does the same work for every individual of an ensemble (final state only)', () => {
    const prepared = prepareSimulation(scenario, model);
    const result = prepared.run({ report: 'end', parameters: { D_A: 0.7 * 1.1, K_LP: 3e6 * 0.9 } });
    expect(result.stats.steps).toBeLessThanOrEqual(480);
    expect(result.stats.rhsEvaluations).toBeLessThanOrEqual(2950);
  });
});
