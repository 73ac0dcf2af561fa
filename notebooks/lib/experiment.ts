import { inputError } from '../../src/errors.ts';
import { loadModel, resolveModelFile } from '../../src/node/modelFiles.ts';
import { compileModel } from '../../src/model/compile.ts';
import type { Model } from '../../src/model/model.ts';
import type { Assignment, Scenario } from '../../src/simulate/scenario.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { type LoadedScenario } from '../../src/simulate/parseScenario.ts';
import { simulate, type SimulationResult } from '../../src/simulate/simulate.ts';
import { DEFAULT_METHOD } from '../../src/solve/methods.ts';
import { DEFAULT_INTEGRATOR_OPTIONS } from '../../src/solve/types.ts';

/**
 * Experiments written in a notebook rather than a scenario file: the same Scenario data,
 * checked the same way (every name must exist in the model), so a notebook can sweep
 * doses or build a figure's nine panels in a loop.
 */
export interface ExperimentEvent {
  /** In the model's time unit. */
  at: number;
  set?: Record<string, number>;
  add?: Record<string, number>;
  description: string;
}

export interface ExperimentSpec {
  id: string;
  title: string;
  description?: string;
  /** In the model's time unit. */
  duration: number;
  outputEvery?: number;
  start?: 'steady_state' | 'initial';
  parameters?: Record<string, number>;
  /** Time courses of inputs: expressions of t (model time unit) and parameters. */
  inputs?: Record<string, string>;
  events?: ExperimentEvent[];
  /** State events that end the run (e.g. a population exhausted), recorded with their label. */
  stopWhen?: { condition: string; record: string }[];
}

/** A bundled model by id (models/<id>.yaml). */
export function builtinModel(id: string): Model {
  return loadModel(resolveModelFile(id, `${process.cwd()}/notebooks/notebook.ts`));
}

/** A scenario file (e.g. a shipped scenario), read and checked once however often a notebook reruns it with changes. */
const loadedScenarios = new Map<string, LoadedScenario>();
export function scenarioFile(path: string): LoadedScenario {
  let loaded = loadedScenarios.get(path);
  if (!loaded) loadedScenarios.set(path, (loaded = loadScenario(path)));
  return loaded;
}

export function experiment(model: Model, spec: ExperimentSpec): Scenario {
  const species = new Set(model.species.map((s) => s.name));
  const settable = new Set([...species, ...model.parameters.map((p) => p.name), ...model.inputs.map((i) => i.name)]);
  const check = (name: string, allowed: Set<string>, field: string) => {
    if (!allowed.has(name)) throw inputError(`"${name}" is not in model ${model.id}`, { field: `${spec.id}.${field}` });
  };
  for (const name of Object.keys(spec.parameters ?? {})) check(name, settable, 'parameters');
  for (const name of Object.keys(spec.inputs ?? {})) check(name, new Set(model.inputs.map((i) => i.name)), 'inputs');
  const assignments = (values: Record<string, number> | undefined, allowed: Set<string>, field: string): Assignment[] =>
    Object.entries(values ?? {}).map(([target, value]) => (check(target, allowed, field), { target, value }));
  const scheduled = (spec.events ?? []).map((e, source) => ({
    time: e.at,
    set: assignments(e.set, settable, `events[${source}].set`),
    add: assignments(e.add, species, `events[${source}].add`),
    description: e.description,
    source,
  })).sort((a, b) => a.time - b.time);
  compileModel(model, { inputs: spec.inputs ?? {} });
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description ?? spec.title,
    modelFile: model.file ?? model.id,
    duration: spec.duration,
    outputEvery: spec.outputEvery ?? 1,
    start: spec.start ?? 'steady_state',
    parameters: { ...spec.parameters },
    initial: {},
    inputs: { ...spec.inputs },
    scheduled,
    stateEvents: (spec.stopWhen ?? []).map((s, k) => ({ condition: s.condition, set: [], add: [], record: s.record, stop: true, once: true, source: scheduled.length + k })),
    expectations: [],
    solver: { method: DEFAULT_METHOD, ...DEFAULT_INTEGRATOR_OPTIONS },
  };
}

export function run(model: Model, spec: ExperimentSpec): SimulationResult {
  return simulate(experiment(model, spec), model);
}

/** A constant-flux perturbation on days [from, to]: set on `from`, reset to 0 on `to`. */
export function pulse(input: string, value: number, from: number, to: number, what: string): ExperimentEvent[] {
  return [
    { at: from, set: { [input]: value }, description: `${what} starts` },
    { at: to, set: { [input]: 0 }, description: `${what} stops` },
  ];
}

/**
 * Any expression of the model (e.g. an intermediate such as pi_L, not reported as an
 * observable) evaluated on a run at output index i, with the parameters in force then:
 * the model's values, the scenario's changes, and every numeric `set` event up to that time.
 */
export function expressionAt(result: SimulationResult, expression: string, index = result.times.length - 1): number {
  const { model, scenario } = result;
  const compiled = compiledFor(model, scenario.inputs);
  const p = Float64Array.from(compiled.p0);
  const assign = (target: string, value: number | string) => {
    const k = compiled.parameterIndex(target);
    if (k >= 0 && typeof value === 'number') p[k] = value;
  };
  for (const [name, value] of Object.entries(scenario.parameters)) assign(name, value);
  const t = result.times[index];
  for (const event of scenario.scheduled) if (event.time <= t) for (const a of event.set) assign(a.target, a.value);
  const y = Float64Array.from(compiled.speciesNames, (name) => result.series[name][index]);
  return compiled.compileScalar(expression)(t, y, p);
}

/** Compiling a model takes tens of milliseconds and a notebook asks for many expressions of the same runs: compile each model and input set once. */
const compiledModels = new WeakMap<Model, Map<string, ReturnType<typeof compileModel>>>();
function compiledFor(model: Model, inputs: Record<string, string>): ReturnType<typeof compileModel> {
  let byInputs = compiledModels.get(model);
  if (!byInputs) compiledModels.set(model, (byInputs = new Map()));
  const key = JSON.stringify(Object.entries(inputs).sort());
  let compiled = byInputs.get(key);
  if (!compiled) byInputs.set(key, (compiled = compileModel(model, { inputs })));
  return compiled;
}
