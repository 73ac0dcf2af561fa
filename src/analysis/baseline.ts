import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { DEFAULT_INTEGRATOR_OPTIONS } from '../solve/types.ts';
import { DEFAULT_METHOD } from '../solve/methods.ts';

/**
 * A scenario that changes nothing: it starts at the model's steady state and has no
 * parameter changes, inputs, initial overrides or events that act. Such a run is the
 * healthy reference the others are measured against.
 */
export function isBaselineScenario(scenario: Scenario): boolean {
  return scenario.start === 'steady_state'
    && Object.keys(scenario.parameters).length === 0
    && Object.keys(scenario.initial).length === 0
    && Object.keys(scenario.inputs).length === 0
    && scenario.scheduled.every((e) => e.set.length === 0 && e.add.length === 0)
    && scenario.stateEvents.every((e) => e.set.length === 0 && e.add.length === 0);
}

/** The model left alone at its own steady state, for `duration` (model time units). */
export function steadyStateScenario(model: Model, duration: number, outputEvery: number): Scenario {
  return {
    id: `${model.id}-steady-state`,
    title: `${model.id} at steady state`,
    description: `The model ${model.id} at its own steady state with its published parameters: the reference for relative metrics.`,
    modelFile: model.file ?? model.id,
    duration,
    outputEvery,
    start: 'steady_state',
    parameters: {},
    initial: {},
    inputs: {},
    scheduled: [],
    stateEvents: [],
    expectations: [],
    solver: { method: DEFAULT_METHOD, ...DEFAULT_INTEGRATOR_OPTIONS },
  };
}
