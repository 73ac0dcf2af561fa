import { BonesimError } from '../errors.ts';
import { compileModel, type CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { parameterSetsOf } from './parameterSets.ts';
import { analyseStability, type Stability } from './stability.ts';
import { findSteadyState, type SteadyState } from '../solve/steadyState.ts';

export interface SteadyStateReport {
  label: string;
  changes: Record<string, number>;
  /** Where Newton started: the model's initial state, or the previous set's steady state. */
  startedFrom: string;
  state?: SteadyState;
  /** dy/dt at the steady state: ~0 for dynamic species; for readouts (bone volume) the net balance. */
  rates?: Float64Array;
  stability?: Stability;
  failure?: string;
}

export interface SteadyStates {
  model: Model;
  compiled: CompiledModel;
  reports: SteadyStateReport[];
  notes: string[];
}

/**
 * The steady state and its stability for a model, or for each parameter set a scenario goes
 * through (see parameterSetsOf), or for the one that holds at time `at` (time courses evaluated
 * then). Each set starts Newton from the previous set's steady state.
 *
 * @example
 * ```ts
 * const { reports } = steadyStatesOf(model, scenario);
 * reports.map((r) => r.stability?.classification);
 * ```
 */
export function steadyStatesOf(model: Model, scenario?: Scenario, options: { at?: number } = {}): SteadyStates {
  const compiled = compileModel(model);
  const { sets, notes } = parameterSetsOf(compiled, scenario, options);
  const reports: SteadyStateReport[] = [];
  let start = Float64Array.from(compiled.y0);
  let startedFrom = "the model's initial state";
  for (const set of sets) {
    const base = { label: set.label, changes: set.changes, startedFrom };
    try {
      const state = findSteadyState(compiled, set.p, start);
      const rates = new Float64Array(start.length);
      compiled.rhs(0, state.y, set.p, rates);
      reports.push({ ...base, state, rates, stability: analyseStability(compiled, set.p, state.y, 0, state.residual) });
      start = Float64Array.from(state.y);
      startedFrom = 'the previous steady state';
    } catch (error) {
      // A problem with the input (a model too large for dense Newton) is not a failed steady state.
      if (!(error instanceof BonesimError) || error.kind === 'input') throw error;
      reports.push({ ...base, failure: error.message });
    }
  }
  return { model, compiled, reports, notes };
}
