import { BonesimError } from '../errors.ts';
import { resultToCsv } from '../io/resultCsv.ts';
import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { simulate } from '../simulate/simulate.ts';
import type { SimulationResult } from '../simulate/result.ts';

/** What `run --keep-partial` recovers from a run that failed numerically. */
export interface PartialRun {
  /** The trajectory up to just before the failure, as CSV. */
  csv: string;
  /** Where the recovered trajectory ends, and where the run failed (the model's time unit). */
  endTime: number;
  failureTime: number;
}

/**
 * The trajectory of a failed run up to just before its failure, for diagnosis: the same scenario run
 * again to an earlier end (at the failure time itself, else the last output time before it). Its
 * expectations are dropped (they judge the whole run). Undefined when the failure has no time or the
 * shortened run fails too.
 */
export function partialRun(scenario: Scenario, model: Model, failure: BonesimError, tolerances: { rtol?: number; atol?: number }): PartialRun | undefined {
  const failureTime = failure.location.time;
  if (failure.kind !== 'numerical' || failureTime === undefined || !(failureTime > 0)) return undefined;
  const lastOutputBefore = Math.ceil(failureTime / scenario.outputEvery - 1) * scenario.outputEvery;
  for (const end of [failureTime, lastOutputBefore]) {
    if (!(end > 0) || end > scenario.duration) continue;
    const shortened: Scenario = { ...scenario, duration: end, expectations: [] };
    let result: SimulationResult;
    try {
      result = simulate(shortened, model, tolerances);
    } catch (error) {
      if (error instanceof BonesimError) continue;
      throw error;
    }
    return { csv: resultToCsv(result), endTime: result.times[result.times.length - 1], failureTime };
  }
  return undefined;
}
