import type { ArmRun } from './runTrial.ts';
import { sigmaOf, spreadOf, type Trial, type TrialDataPoint } from './trial.ts';

/** One data point beside the model: its value, the residual, and whether the model lies within the data's spread. */
export interface DataComparison {
  point: TrialDataPoint;
  model: number;
  /** model - data, in the data's units (percent of baseline, or points). */
  residual: number;
  /** The interval the data give (low/high, or value +/- tolerance). */
  spread?: [number, number];
  /** The standard deviation the spread implies (a 95 % interval is +/- 1.96 sigma). */
  sigma?: number;
  /** Whether the model value lies in the spread; undefined for a point without one. */
  within?: boolean;
}

/**
 * Each data point of the trial beside the model's value at its arm, endpoint and visit.
 *
 * @example
 * ```ts
 * const run = prepareTrial(trial, model).run();
 * compareData(trial, run.arms).filter((c) => c.within === false); // what the model misses
 * ```
 */
export function compareData(trial: Trial, arms: readonly ArmRun[]): DataComparison[] {
  const byId = new Map(arms.map((run) => [run.arm.id, run]));
  const visitIndex = (t: number) => trial.visits.findIndex((v) => Math.abs(v - t) <= 1e-9 * Math.max(1, t));
  return trial.data.map((point) => {
    const k = visitIndex(point.visit);
    const own = byId.get(point.arm)!.atVisits[point.endpoint][k];
    const model = point.over === undefined ? own : own - byId.get(point.over)!.atVisits[point.endpoint][k];
    const spread = spreadOf(point);
    return {
      point, model, residual: model - point.value, spread, sigma: sigmaOf(point),
      within: spread ? model >= spread[0] && model <= spread[1] : undefined,
    };
  });
}
