import { numericalError, type ErrorLocation } from '../errors.ts';
import type { CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import { formatTime } from '../model/timeUnits.ts';
import type { Integrator, Solution } from '../solve/types.ts';
import { explainNonFinite } from './diagnose.ts';

export interface SegmentContext {
  model: Model;
  compiled: CompiledModel;
  integrator: Integrator;
  where: ErrorLocation;
  p: Float64Array;
}

/**
 * Throws the error a failed integration segment is: a population driven negative (index >= 0, at
 * `negative.time`), a solution that stopped being finite, or an integrator that ran out of steps.
 * Returns for a segment that succeeded or was stopped on purpose.
 */
export function failedSegment({ model, compiled, integrator, where, p }: SegmentContext, solution: Solution, negative: { index: number; time: number }): void {
  if (negative.index >= 0) {
    const s = model.species[negative.index];
    const when = { ...where, time: negative.time };
    // Bone volume integrates formation - resorption: a sustained deficit spends it all, and
    // past zero the readout has no meaning. That is the model's limit, not a removal.
    if (s.name === model.roles.bone_volume) {
      throw numericalError(
        `${s.name} (${s.description}) reached 0 at t = ${formatTime(negative.time, model.timeUnit)}: resorption outran formation until no bone was left`,
        when, 'shorten the run, or moderate the change that drives the loss; the bone volume readout has no meaning past 0');
    }
    throw numericalError(
      `${s.name} (${s.description}) became negative at t = ${formatTime(negative.time, model.timeUnit)}: ` +
        'the scenario removes more than the model can supply',
      when, `reduce the removal, or make it proportional to ${s.name} (a first-order rate) so it cannot overshoot zero`);
  }
  if (solution.status === 'non-finite') {
    const last = solution.yEnd;
    const cause = explainNonFinite(compiled, solution.tEnd, last, p);
    const growing = model.species.reduce((a, s, i) => (Math.abs(last[i]) > Math.abs(last[a]) ? i : a), 0);
    throw numericalError(
      `the solution stopped being finite after t = ${formatTime(solution.tEnd, model.timeUnit)}` +
        (cause ? `: ${cause}` : `; ${model.species[growing].name} had reached ${last[growing].toPrecision(4)} ${model.species[growing].unit}`),
      { ...where, time: solution.tEnd }, 'something grows without bound or divides by zero: check the parameters the scenario changes and the model\'s expressions');
  }
  if (solution.status === 'max-steps' || solution.status === 'step-size-underflow') {
    const stiffAlready = integrator.name !== 'odex';
    throw numericalError(`the integrator (${integrator.name}) failed: ${solution.message}`, { ...where, time: solution.tEnd },
      stiffAlready
        ? 'raise solver.max_steps (the run needs more steps), or loosen solver.rtol'
        : 'if the model is stiff use solver.method auto or rodas5p; otherwise raise solver.max_steps or loosen solver.rtol');
  }
}
