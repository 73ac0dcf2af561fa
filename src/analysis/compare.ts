import { timeFactor, type TimeUnit } from '../model/timeUnits.ts';
import { simulate, type SimulationResult } from '../simulate/simulate.ts';
import { isBaselineScenario, steadyStateScenario } from './baseline.ts';
import { selectQuantities, type Quantity } from './quantities.ts';

/**
 * Several runs side by side: on one time axis (a common unit, all starting at 0), matched
 * quantity by quantity, each with the healthy reference its relative metrics use.
 */
export interface ComparedRun {
  /** Unique within the comparison (the scenario id, numbered if repeated). */
  key: string;
  /** For legends: the scenario title. */
  label: string;
  result: SimulationResult;
  /** True for a run that changes nothing (or the one named as baseline): drawn in black. */
  isBaseline: boolean;
  /** Output times in the comparison's time unit. */
  times: Float64Array;
  /** The run its relative metrics (CTX and P1NP proxies, fold changes) are measured against. */
  reference: SimulationResult;
}

export interface Comparison {
  runs: ComparedRun[];
  quantities: Quantity[];
  timeUnit: TimeUnit;
}

export interface CompareOptions {
  /** Role or column names to show, in order; default: the leading roles and the models' observables. */
  observables?: readonly string[];
  /** Index of the run to use as its model's reference (e.g. from --baseline). */
  baselineIndex?: number;
}

/**
 * Put runs side by side: one time axis, quantities matched by role, each run's reference for relative metrics.
 *
 * @example
 * ```ts
 * const runs = ['opg-knockout', 'rankl-knockout'].map((id) => {
 *   const { scenario, model } = loadScenario(`scenarios/${id}.yaml`);
 *   return simulate(scenario, model);
 * });
 * const comparison = compareRuns(runs);
 * comparison.quantities.map((q) => q.key); // ['bone_volume', 'active_osteoblasts', ...]
 * ```
 */
export function compareRuns(results: readonly SimulationResult[], options: CompareOptions = {}): Comparison {
  const units = [...new Set(results.map((r) => r.model.timeUnit))];
  const timeUnit: TimeUnit = units.length === 1 ? units[0] : 'day';
  const isBaseline = results.map((r, i) => (options.baselineIndex === undefined ? isBaselineScenario(r.scenario) : i === options.baselineIndex));
  const references = referencesByModel(results, isBaseline);
  const keys = uniqueKeys(results.map((r) => r.scenario.id));
  const labels = uniqueKeys(results.map((r) => r.scenario.title), results.map((r) => r.scenario.id));
  const runs = results.map((result, i) => ({
    key: keys[i],
    label: labels[i],
    result,
    isBaseline: isBaseline[i],
    times: result.times.map((t) => t * timeFactor(result.model.timeUnit, timeUnit)),
    reference: references.get(result.model.id)!,
  }));
  return { runs, quantities: selectQuantities(results, options.observables), timeUnit };
}

/**
 * Each model's reference: the baseline run among the results if there is one, otherwise
 * the model at its own steady state, run as long as the longest run on that model.
 */
function referencesByModel(results: readonly SimulationResult[], isBaseline: readonly boolean[]): Map<string, SimulationResult> {
  const references = new Map<string, SimulationResult>();
  results.forEach((r, i) => {
    if (isBaseline[i] && !references.has(r.model.id)) references.set(r.model.id, r);
  });
  for (const r of results) {
    if (references.has(r.model.id)) continue;
    const sameModel = results.filter((other) => other.model.id === r.model.id);
    const duration = Math.max(...sameModel.map((other) => other.scenario.duration));
    const outputEvery = Math.min(...sameModel.map((other) => other.scenario.outputEvery));
    references.set(r.model.id, simulate(steadyStateScenario(r.model, duration, outputEvery), r.model));
  }
  return references;
}

/** Names made unique by appending the fallback (or a number) to repeats. */
function uniqueKeys(names: readonly string[], fallback?: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const used = new Map<string, number>();
  return names.map((name, i) => {
    if (counts.get(name) === 1) return name;
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    return fallback ? `${name} (${fallback[i]})` : `${name}-${n}`;
  });
}
