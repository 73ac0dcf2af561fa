import { inputError } from '../errors.ts';
import { DEFAULT_INTEGRATOR_OPTIONS, type IntegratorOptions, type OdeProblem } from './types.ts';

/** IntegratorOptions with every default filled in and every value checked. */
export type ResolvedOptions = IntegratorOptions & { rtol: number; atol: number; maxSteps: number };

/**
 * The public boundary of every integrator: fills in the defaults and refuses what no integration
 * can honour (a backward span, non-finite times or start values, tolerances that are not positive,
 * output times outside the span or out of order). An empty span, t1 = t0, is allowed: the answer
 * is y0. Throws an input error naming the field, so a bad call never returns "success".
 */
export function resolveOptions(problem: OdeProblem, options: IntegratorOptions, method: string): ResolvedOptions {
  const where = (field: string) => ({ field: `${method}: ${field}` });
  const { t0, t1, y0 } = problem;
  if (!Number.isFinite(t0)) throw inputError(`the start time t0 is ${t0}`, where('t0'), 'give a finite start time');
  if (!Number.isFinite(t1)) throw inputError(`the end time t1 is ${t1}`, where('t1'), 'give a finite end time');
  if (t1 < t0) {
    throw inputError(`the end time t1 = ${t1} is before the start time t0 = ${t0}`, where('t1'),
      'integrate forward: give t1 >= t0');
  }
  for (let i = 0; i < y0.length; i++) {
    if (!Number.isFinite(y0[i])) throw inputError(`the start value y0[${i}] is ${y0[i]}`, where(`y0[${i}]`), 'give finite start values');
  }
  const rtol = options.rtol ?? DEFAULT_INTEGRATOR_OPTIONS.rtol;
  const atol = options.atol ?? DEFAULT_INTEGRATOR_OPTIONS.atol;
  const maxSteps = options.maxSteps ?? DEFAULT_INTEGRATOR_OPTIONS.maxSteps;
  if (!(rtol > 0 && Number.isFinite(rtol))) throw inputError(`rtol must be positive and finite, got ${rtol}`, where('rtol'), 'e.g. rtol 1e-8');
  if (!(atol > 0 && Number.isFinite(atol))) throw inputError(`atol must be positive and finite, got ${atol}`, where('atol'), 'e.g. atol 1e-14');
  if (!(Number.isInteger(maxSteps) && maxSteps > 0)) throw inputError(`maxSteps must be a positive whole number, got ${maxSteps}`, where('maxSteps'));
  if (options.maxStep !== undefined && !(options.maxStep > 0)) {
    throw inputError(`maxStep must be positive, got ${options.maxStep}`, where('maxStep'), 'leave it out for no cap');
  }
  const times = options.outputTimes;
  if (times) {
    for (let k = 0; k < times.length; k++) {
      if (!(times[k] >= t0 && times[k] <= t1)) {
        throw inputError(`output time ${times[k]} is outside the span [${t0}, ${t1}]`, where(`outputTimes[${k}]`), 'ask for outputs within the span');
      }
      if (k > 0 && times[k] < times[k - 1]) throw inputError(`output times must ascend, but ${times[k]} follows ${times[k - 1]}`, where(`outputTimes[${k}]`));
    }
  }
  if (options.rtol === rtol && options.atol === atol && options.maxSteps === maxSteps) return options as ResolvedOptions;
  return { ...options, rtol, atol, maxSteps };
}
