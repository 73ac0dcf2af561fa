import { DEFAULT_STIFFNESS_SETTINGS, StiffnessDetector, type StiffnessSettings } from './stiffnessDetector.ts';
import { resolveOptions } from './options.ts';
import type { Integrator, IntegratorOptions, OdeProblem, Solution, StepObserver } from './types.ts';

/**
 * What a step of the stiff member costs in steps of the explicit one, through the generated kernels:
 * a Rodas5P step (eight right-hand sides, the analytic Jacobian, a sparse LU and eight solves) against
 * a dp5 step (six right-hand sides), measured on bone-rankl (16 species): 5.6 us per rodas5p step on
 * opg-knockout, 0.68 us per dp5 step on denosumab. The stiff member pays off only where its steps are
 * at least this many times the explicit steps held at their stability limit.
 */
export const STIFF_STEP_COST = 8;

/** Stiff steps after a switch needed before judging their length (fewer: too few to tell, keep stiff). */
const STEPS_TO_JUDGE = 20;

export interface AutoMethods {
  /** The explicit method tried first (dp5). */
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
 * Solution.method names what ran: "dp5", or "dp5+rodas5p" after a switch (the message says where
 * and why). In a run split into segments by events, options.horizon lets the detector count the
 * steps left to the whole run, and the first switch's verdict carries to the later segments:
 * stiff steps that paid for their cost (at least STIFF_STEP_COST times the explicit steps held at
 * their stability limit) start them with the stiff method (options.knownStiff: "rodas5p"); steps that
 * did not keep them explicit (options.stiffMeanStep), for as many steps as the stiff method's would
 * cost there, and only then hand over.
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
      const { t0, t1 } = problem;
      // An earlier segment found the stiff steps too short to pay off: explicit with no detector, for as
      // many steps as the stiff method's would cost here.
      const budget = options.stiffMeanStep === undefined ? undefined
        : Math.ceil(STIFF_STEP_COST * Math.max(STEPS_TO_JUDGE, (t1 - t0) / options.stiffMeanStep));
      const detector = budget !== undefined ? undefined : new StiffnessDetector(problem, settings, options.atol, options.rtol, options.horizon);
      const explicitOptions = { ...options, stiffness: detector, maxSteps: budget === undefined ? options.maxSteps : Math.min(budget, options.maxSteps) };
      // The explicit member consults the detector every window of accepted steps, after the observer.
      const first = nonStiff.solve(problem, explicitOptions, observer);
      first.stats.rhsEvaluations += detector?.rhsEvaluations ?? 0;
      first.stats.jacobianEvaluations += detector?.estimates ?? 0;
      const detected = detector !== undefined && first.status === 'stopped' && first.tEnd === detector.stiffAt;
      if (!detected && first.status !== 'max-steps') return first;

      const at = Number(first.tEnd.toPrecision(6));
      const reason = detected ? detector.reason
        : budget !== undefined && budget < options.maxSteps ? `${nonStiff.name} used the ${budget} steps the stiff method's would cost here, at t = ${at}`
          : `${nonStiff.name} ran out of steps at t = ${at}`;
      const done = first.outputCount;
      const times = options.outputTimes;
      // The stiff method writes its own outputs: a shared output buffer would overwrite the first method's.
      const second = stiff.solve({ ...problem, t0: first.tEnd, y0: first.yEnd },
        { ...options, outputTimes: times?.subarray(done), outputBuffer: undefined, stiffness: undefined }, observer);
      // Did the stiff steps pay for their cost against the explicit steps held at their stability limit?
      const stiffMeanStep = (second.tEnd - first.tEnd) / second.stats.steps;
      const judged = detected && second.stats.steps >= STEPS_TO_JUDGE;
      const stiffPaysOff = !judged || stiffMeanStep >= STIFF_STEP_COST * detector.explicitStep;
      const verdict = stiffPaysOff ? '' : `; its steps (mean ${stiffMeanStep.toExponential(2)}) were under ${STIFF_STEP_COST} times the explicit ones ` +
        `(${detector!.explicitStep.toExponential(2)}), too short to pay for their cost: later segments start with ${nonStiff.name}`;
      const n = problem.y0.length;
      const outputs = new Float64Array((times?.length ?? 0) * n);
      outputs.set(first.outputs.subarray(0, done * n));
      outputs.set(second.outputs.subarray(0, second.outputCount * n), done * n);
      return {
        status: second.status,
        message: `${reason}; ${stiff.name} continued: ${second.message}${verdict}`,
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
        stiffPaysOff,
        stiffMeanStep: stiffPaysOff ? undefined : stiffMeanStep,
      };
    },
  };
}
