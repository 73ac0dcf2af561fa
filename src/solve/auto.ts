import { DEFAULT_STIFFNESS_SETTINGS, StiffnessDetector, type StiffnessSettings } from './stiffnessDetector.ts';
import { resolveOptions } from './options.ts';
import type { Integrator, IntegratorOptions, OdeProblem, Solution, StepObserver } from './types.ts';

export interface AutoMethods {
  /** The explicit method tried first (odex today; bonesim's dp5 when it lands). */
  nonStiff: Integrator;
  /** The method that takes over when the problem turns out stiff. */
  stiff: Integrator;
  settings?: StiffnessSettings;
}

/**
 * `auto`: integrate with the non-stiff method and hand over to the stiff one, at the end of an
 * accepted step, when (a) the explicit steps sit at their stability limit while many steps
 * remain (see StiffnessDetector), or (b) the explicit method runs out of steps. The observer sees
 * every step exactly once across the hand-over, so state events and output times are unaffected.
 * Solution.method names what ran: "odex", or "odex+rodas5p" after a switch (the message says
 * where and why). In a run split into segments by events, options.horizon lets the detector count
 * the steps left to the whole run, and options.knownStiff (set once a segment has switched) starts
 * the later segments with the stiff method: "rodas5p".
 *
 * @example
 * ```ts
 * const auto = autoIntegrator({ nonStiff: dp5Integrator, stiff: rodas5pIntegrator });
 * const result = simulate(scenario, model, { integrator: auto });
 * ```
 */
export function autoIntegrator({ nonStiff, stiff, settings = DEFAULT_STIFFNESS_SETTINGS }: AutoMethods): Integrator {
  return {
    name: 'auto',
    solve(problem: OdeProblem, given: IntegratorOptions, observer?: StepObserver): Solution {
      const options = resolveOptions(problem, given, 'auto');
      if (options.knownStiff) {
        const solution = stiff.solve(problem, { ...options, stiffness: undefined }, observer);
        return { ...solution, message: `stiff in an earlier segment of the run; ${stiff.name}: ${solution.message}` };
      }
      const detector = new StiffnessDetector(problem, settings, options.atol, options.rtol, options.horizon);
      // The explicit member consults the detector every window of accepted steps, after the observer.
      const first = nonStiff.solve(problem, { ...options, stiffness: detector }, observer);
      const switchAt = detector.stiffAt;
      first.stats.rhsEvaluations += detector.rhsEvaluations;
      first.stats.jacobianEvaluations += detector.estimates;
      const handOver = (first.status === 'stopped' && first.tEnd === switchAt) || first.status === 'max-steps';
      if (!handOver) return first;

      const reason = first.status === 'max-steps' ? `${nonStiff.name} ran out of steps at t = ${Number(first.tEnd.toPrecision(6))}` : detector.reason;
      const done = first.outputCount;
      const remainingTimes = options.outputTimes?.subarray(done);
      // The stiff method writes its own outputs: a shared output buffer would overwrite the first method's.
      const second = stiff.solve({ ...problem, t0: first.tEnd, y0: first.yEnd }, { ...options, outputTimes: remainingTimes, outputBuffer: undefined, stiffness: undefined }, observer);

      const n = problem.y0.length;
      const outputs = new Float64Array((options.outputTimes?.length ?? 0) * n);
      outputs.set(first.outputs.subarray(0, done * n));
      outputs.set(second.outputs.subarray(0, second.outputCount * n), done * n);
      return {
        status: second.status,
        message: `${reason}; ${stiff.name} continued: ${second.message}`,
        tEnd: second.tEnd,
        yEnd: second.yEnd,
        outputCount: done + second.outputCount,
        outputs,
        stats: {
          steps: first.stats.steps + second.stats.steps,
          rejectedSteps: first.stats.rejectedSteps + second.stats.rejectedSteps,
          rhsEvaluations: first.stats.rhsEvaluations + second.stats.rhsEvaluations,
          jacobianEvaluations: first.stats.jacobianEvaluations + second.stats.jacobianEvaluations,
          luDecompositions: (first.stats.luDecompositions ?? 0) + (second.stats.luDecompositions ?? 0),
        },
        method: `${first.method}+${second.method}`,
      };
    },
  };
}
