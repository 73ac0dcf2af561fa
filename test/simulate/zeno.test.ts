// Issue 16: a state event that should fire again and again (a bouncing ball) fires at every
// crossing, and a Zeno sequence (bounces accumulating at a finite time) is reported, never crossed.
import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';

const G = 9.81;
const RESTITUTION = 0.8;
/** Exact bounce times of a ball dropped from 10 (h'' = -g; v -> -0.8 v at h = 0). */
function bounceTimes(count: number): number[] {
  const first = Math.sqrt((2 * 10) / G);
  const times = [first];
  let speed = G * first;
  for (let k = 1; k < count; k++) {
    speed *= RESTITUTION;
    times.push(times[k - 1] + (2 * speed) / G);
  }
  return times;
}
/** The bounces accumulate at t0 + 2 v0 e / (g (1 - e)). */
const ACCUMULATION = Math.sqrt(20 / G) * (1 + (2 * RESTITUTION) / (1 - RESTITUTION));

describe('a bouncing ball', () => {
  it.each(['odex', 'dp5', 'rodas5p'])('bounces 32 times before 12.84 days at the exact times, never below the floor (%s)', (method) => {
    const { scenario, model } = loadScenario('test/fixtures/bouncing-ball/bounce-before-zeno.yaml');
    const result = simulate({ ...scenario, solver: { ...scenario.solver, method } }, model);
    const bounces = result.events.filter((e) => e.label === 'bounce').map((e) => e.time);
    const exact = bounceTimes(bounces.length);
    expect(bounces.length).toBe(32);
    for (let k = 0; k < bounces.length; k++) expect(Math.abs(bounces[k] - exact[k])).toBeLessThan(1e-6);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('past the accumulation point: a Zeno error naming the event and the time, not a ball falling through the floor', () => {
    const { scenario, model } = loadScenario('test/fixtures/bouncing-ball/bounce-zeno.yaml');
    let error: unknown;
    try {
      simulate(scenario, model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BonesimError);
    const failure = error as BonesimError;
    expect(failure.kind).toBe('numerical');
    expect(failure.problem).toMatch(/the event "bounce" \(when h < 0\) fired ever faster/);
    expect(failure.location.field).toBe('events[0]');
    const near = Number(/accumulating near t = ([\d.]+)/.exec(failure.problem)![1]);
    expect(Math.abs(near - ACCUMULATION) / ACCUMULATION).toBeLessThan(1e-3);
  });
});

describe('flags that follow a damped oscillation across the threshold it settles on', () => {
  // x = 1 + e^(-t/4) (cos wt + sin(wt) / (4w)) crosses x = 1 where tan(wt) = -4w, every pi/w.
  const w = Math.sqrt(15) / 4;
  const crossing = (n: number) => (Math.PI - Math.atan(4 * w) + n * Math.PI) / w;

  it.each(['odex', 'dp5', 'rodas5p'])('fire once per crossing, alternating, at the exact times, and not on rounding once it has settled (%s)', (method) => {
    const { scenario, model } = loadScenario('test/fixtures/damped-threshold/settle.yaml');
    const result = simulate({ ...scenario, solver: { ...scenario.solver, method } }, model);
    const flags = result.events.filter((e) => e.label === 'above' || e.label === 'below');
    // Every crossing while the amplitude e^(-t/4) is well above rounding (t < 4 ln 1e10 = 92 days) ...
    const clear = Array.from({ length: 40 }, (_, n) => crossing(n)).filter((t) => t < 4 * Math.log(1e10));
    expect(flags.length).toBeGreaterThanOrEqual(clear.length);
    flags.forEach((e, n) => {
      expect(e.label).toBe(n % 2 === 0 ? 'below' : 'above');
      // At rtol 1e-10 on x ~ 1 a crossing is timed to about 1e-10 / |x'|, and |x'| falls as e^(-t/4).
      if (n < clear.length) expect(Math.abs(e.time - crossing(n))).toBeLessThan(1e-7 + 1e-8 * Math.exp(e.time / 4));
    });
    // ... and none where x - 1 is rounding (amplitude below 1e-13 of x: t > 4 ln 1e13 = 120 days).
    expect(flags[flags.length - 1].time).toBeLessThan(4 * Math.log(1e13));
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });
});
