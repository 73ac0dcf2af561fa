import type { CompiledModel } from '../model/compile.ts';
import { formatTime } from '../model/timeUnits.ts';
import type { Scenario } from '../simulate/scenario.ts';

/** One set of parameter values a scenario holds for a while: each has its own steady state. */
export interface ParameterSet {
  label: string;
  /** Parameter and input values that differ from the model file (name -> value). */
  changes: Record<string, number>;
  p: Float64Array;
}

export interface ParameterSets {
  sets: ParameterSet[];
  /** What was left out, in words (time courses, values given as expressions). */
  notes: string[];
}

/**
 * The parameter sets a scenario goes through: the model's own values, then the scenario's
 * `parameters:` (applied at t = 0), then each timed event that sets parameters or inputs, in
 * time order (each keeps the earlier changes). Species assignments and boluses do not move a
 * steady state and are skipped; so are values given as expressions, and time courses
 * (`inputs:`), which are held at their defaults.
 */
export function parameterSetsOf(model: CompiledModel, scenario?: Scenario, options: { at?: number } = {}): ParameterSets {
  if (scenario && options.at !== undefined) return parameterSetAt(model, scenario, options.at);
  const sets: ParameterSet[] = [{ label: "with the model's parameters", changes: {}, p: Float64Array.from(model.p0) }];
  const notes: string[] = [];
  if (!scenario) return { sets, notes };
  const unit = model.model.timeUnit;
  const current = Float64Array.from(model.p0);
  const changes: Record<string, number> = {};
  const push = (label: string) => {
    const previous = sets[sets.length - 1].p;
    if (current.every((v, i) => v === previous[i])) return;
    sets.push({ label, changes: { ...changes }, p: Float64Array.from(current) });
  };
  const apply = (name: string, value: number) => {
    current[model.parameterIndex(name)] = value;
    if (value === model.p0[model.parameterIndex(name)]) delete changes[name];
    else changes[name] = value;
  };

  if (Object.keys(scenario.parameters).length) {
    for (const [name, value] of Object.entries(scenario.parameters)) apply(name, value);
    push(`with the scenario's parameters (${describe(scenario.parameters)})`);
  }
  for (const event of scenario.scheduled) {
    const numeric: Record<string, number> = {};
    for (const assignment of event.set) {
      if (model.speciesIndex(assignment.target) >= 0) continue;
      if (typeof assignment.value === 'number') numeric[assignment.target] = assignment.value;
      else notes.push(`${formatTime(event.time, unit)}: ${assignment.target} = ${assignment.value} is an expression and was not applied`);
    }
    if (!Object.keys(numeric).length) continue;
    for (const [name, value] of Object.entries(numeric)) apply(name, value);
    push(`from ${formatTime(event.time, unit)} on (${event.description}: ${describe(numeric)})`);
  }
  const courses = Object.keys(scenario.inputs);
  if (courses.length) notes.push(`time courses (${courses.join(', ')}) are held at their default values`);
  return { sets, notes };
}

/**
 * The one parameter set that holds at time `at` of a scenario: its parameters, the timed events up to
 * then, and each time course (`inputs:`) evaluated at that time and held there.
 */
function parameterSetAt(model: CompiledModel, scenario: Scenario, at: number): ParameterSets {
  const unit = model.model.timeUnit;
  const p = Float64Array.from(model.p0);
  const changes: Record<string, number> = {};
  const notes: string[] = [];
  const apply = (name: string, value: number) => {
    p[model.parameterIndex(name)] = value;
    changes[name] = value;
  };
  for (const [name, value] of Object.entries(scenario.parameters)) apply(name, value);
  for (const event of scenario.scheduled) {
    if (event.time > at) break;
    for (const assignment of event.set) {
      if (model.speciesIndex(assignment.target) >= 0) continue;
      if (typeof assignment.value === 'number') apply(assignment.target, assignment.value);
      else notes.push(`${formatTime(event.time, unit)}: ${assignment.target} = ${assignment.value} is an expression and was not applied`);
    }
  }
  const noState = new Float64Array(model.speciesNames.length);
  for (const [name, expression] of Object.entries(scenario.inputs)) {
    apply(name, model.compileScalar(expression, { timeUnits: true })(at, noState, p));
  }
  const label = `at t = ${formatTime(at, unit)}${Object.keys(changes).length ? ` (${describe(changes)})` : ''}, held there`;
  return { sets: [{ label, changes, p }], notes };
}

function describe(values: Record<string, number>): string {
  return Object.entries(values).map(([name, value]) => `${name} = ${value}`).join(', ');
}
