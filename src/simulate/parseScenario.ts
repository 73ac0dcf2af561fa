import { BonesimError, inputError, ProblemList, type ErrorLocation } from '../errors.ts';
import { parseYaml, validateWith, type YamlSource } from '../io/yamlSource.ts';
import { compileModel } from '../model/compile.ts';
import { relocate } from '../model/parseModel.ts';
import type { Model } from '../model/model.ts';
import { checkParameterValue } from '../model/parameterLimits.ts';
import { suggestName, type Meaning, type NamedThing } from '../model/suggest.ts';
import { parseTime } from '../model/timeUnits.ts';
import { DEFAULT_METHOD, methodNames } from '../solve/methods.ts';
import { DEFAULT_INTEGRATOR_OPTIONS } from '../solve/types.ts';
import { parseExpectation } from './expectations.ts';
import type { Assignment, Scenario, ScheduledEvent, StateEvent } from './scenario.ts';
import { scenarioFileSchema, type EventFile } from './scenarioSchema.ts';
import { MAX_SCHEDULED_EVENTS, occurrences } from './schedule.ts';

/** Most output points a run may write (a century of daily output is ~36,500). */
export const MAX_OUTPUT_POINTS = 1_000_000;

export interface LoadedScenario {
  scenario: Scenario;
  model: Model;
}

/**
 * Finds the model a scenario names (`model:`, a model id or a path relative to the scenario file):
 * the Node layer reads files (src/node/scenarioFiles.ts), a web page looks in the models it bundles.
 */
export type ModelResolver = (reference: string, scenarioFile: string, location: ErrorLocation) => Model;

export interface ScenarioParseOptions {
  /**
   * What a name means elsewhere (e.g. in another shipped model: Lemaire's I_P is "PTH administration"),
   * so that a name from another model gets a suggestion by meaning, not only by spelling.
   */
  meaningOf?: (name: string) => Meaning | undefined;
}

/**
 * Parse and check a scenario file's text and the model it names; every problem names file, field and line.
 *
 * @example
 * ```ts
 * const models = { lemaire2004: parseModel(lemaireText, 'models/lemaire2004.yaml') };
 * const { scenario, model } = parseScenario(scenarioText, 'my-scenario.yaml', (id) => models[id]);
 * const result = simulate(scenario, model);
 * ```
 */
export function parseScenario(text: string, file: string, resolveModel: ModelResolver, options: ScenarioParseOptions = {}): LoadedScenario {
  return scenarioFromSource(parseYaml(text, file), resolveModel, options);
}

/**
 * Validate and check parsed scenario YAML (data in, Scenario out: no file access); all problems reported together.
 *
 * @example
 * ```ts
 * const { scenario, model } = scenarioFromSource(parseYaml(text, 'my.yaml'), (id) => models[id]);
 * ```
 */
export function scenarioFromSource(source: YamlSource, resolveModel: ModelResolver, options: ScenarioParseOptions = {}): LoadedScenario {
  const file = source.file;
  const problems = new ProblemList();
  const unknownTarget = (name: string, what: string, kinds: ReadonlyArray<'species' | 'parameters' | 'inputs'>, location: ErrorLocation) =>
    unknownName(name, what, model, kinds, location, options.meaningOf?.(name));
  const data = validateWith(source, scenarioFileSchema, 'scenario');
  const model = resolveModel(data.model, file, source.locate(['model']));
  const unit = model.timeUnit;
  const at = (...path: Array<string | number>): ErrorLocation => source.locate(path);
  const time = (value: unknown, ...path: Array<string | number>) => parseTime(value, unit, at(...path));

  const duration = time(data.duration, 'duration');
  if (!(duration > 0)) throw inputError(`the duration must be positive, got ${data.duration}`, at('duration'), 'e.g. duration: 10 year');
  // Default: one model time unit (daily for day-based models), coarser for very long runs.
  const outputEvery = data.output_every === undefined ? Math.max(1, duration / 20_000) : time(data.output_every, 'output_every');
  if (!(outputEvery > 0)) throw inputError(`output_every must be positive, got ${data.output_every}`, at('output_every'), 'e.g. output_every: 1 day');
  const points = Math.floor(duration / outputEvery) + 1;
  if (points > MAX_OUTPUT_POINTS) {
    throw inputError(`this would write ${points} output points; the limit is ${MAX_OUTPUT_POINTS}`, at('output_every'),
      'report less often (a larger output_every) or shorten the run');
  }

  const species = new Set(model.species.map((s) => s.name));
  const parameters = new Set(model.parameters.map((p) => p.name));
  const inputs = new Set(model.inputs.map((i) => i.name));
  const timeDependent = new Set(Object.keys(data.inputs));

  for (const name of Object.keys(data.parameters)) {
    if (!parameters.has(name) && !inputs.has(name)) problems.add(unknownTarget(name, 'a parameter or input', ['parameters', 'inputs'], at('parameters', name)));
    else if (timeDependent.has(name)) problems.add(inputError(`"${name}" is given both a value and a time course`, at('parameters', name), 'keep one of them'));
    else problems.check(() => checkParameterValue(model, name, data.parameters[name], at('parameters', name)));
  }
  for (const name of Object.keys(data.initial)) {
    if (!species.has(name)) problems.add(unknownTarget(name, 'a species', ['species'], at('initial', name)));
  }

  // Compiling with the scenario's inputs checks them (symbols, t-only dependence).
  problems.check(() => {
    try {
      compileModel(model, { inputs: data.inputs });
    } catch (error) {
      throw relocate(error, source);
    }
  });

  const scheduled: ScheduledEvent[] = [];
  const stateEvents: StateEvent[] = [];
  data.events.forEach((event, index) => problems.check(() => {
    const where = (...path: Array<string | number>) => at('events', index, ...path);
    const set = assignments(event.set ?? {}, 'set', where, (name) => {
      const value = event.set?.[name];
      if ((parameters.has(name) || inputs.has(name)) && typeof value === 'number') checkParameterValue(model, name, value, where('set', name));
      if (species.has(name) || parameters.has(name)) return;
      if (inputs.has(name)) {
        if (timeDependent.has(name)) throw inputError(`"${name}" follows a time course from inputs:, so an event cannot set it`, where('set', name), 'drive it with its input expression, or set a parameter instead');
        return;
      }
      throw unknownTarget(name, 'a species, parameter or input', ['species', 'parameters', 'inputs'], where('set', name));
    });
    const add = assignments(event.add ?? {}, 'add', where, (name) => {
      if (!species.has(name)) throw unknownTarget(name, 'a species (add is a bolus into a species)', ['species'], where('add', name));
    });
    const kinds = [event.at !== undefined, event.every !== undefined, event.when !== undefined].filter(Boolean).length;
    if (kinds !== 1) {
      throw inputError('an event needs exactly one of `at`, `every` (with from/until) or `when`', where(), 'e.g. "at: 30 day", "every: 1 day" or "when: BV < 80"');
    }
    if (!set.length && !add.length && !event.record && !event.stop) {
      throw inputError('this event does nothing', where(), 'give it `set:`, `add:`, `record:` or `stop: true`');
    }
    if (event.when !== undefined) {
      stateEvents.push({
        condition: event.when, set, add, record: event.record ?? event.when, stop: event.stop ?? false,
        once: event.once ?? false, source: index, line: where().line,
      });
      return;
    }
    if (event.once !== undefined) throw inputError('`once` applies only to `when` events', where('once'), 'remove `once`: a timed event happens at its times anyway');
    if (event.stop) throw inputError('`stop` applies only to `when` events', where('stop'), 'shorten `duration` instead, or stop on a condition with `when:`');
    const description = event.description ?? describeEvent(event);
    const times = event.at !== undefined
      ? [time(event.at, 'events', index, 'at')]
      : occurrences(
        time(event.every, 'events', index, 'every'),
        event.from === undefined ? 0 : time(event.from, 'events', index, 'from'),
        event.until === undefined ? duration : time(event.until, 'events', index, 'until'),
        where('every'),
      );
    for (const t of times) {
      if (t < 0 || t > duration) {
        const field = event.at !== undefined ? 'at' : t < 0 ? 'from' : 'until';
        throw inputError(`the event at t = ${t} ${unit} is outside the run (0 to ${duration} ${unit})`, where(field),
          'move the event inside the run or change `duration`');
      }
      scheduled.push({ time: t, set, add, description, source: index, line: where().line });
    }
  }));
  if (scheduled.length > MAX_SCHEDULED_EVENTS) {
    problems.add(inputError(`the events add up to ${scheduled.length} occurrences; a scenario may hold ${MAX_SCHEDULED_EVENTS}`, at('events'),
      'use longer intervals or fewer repeating events, or drive a time-dependent input instead'));
  }
  // Stable sort: events at the same time apply in file order.
  scheduled.sort((a, b) => a.time - b.time);

  const seriesNames = new Set([...species, ...model.observables.map((o) => o.name)]);
  const expectationContext = { series: seriesNames, timeUnit: unit, duration };
  const expectations = data.expect.map((entry, index) => {
    const text = typeof entry === 'string' ? entry : entry.that;
    const why = typeof entry === 'string' ? undefined : entry.why;
    problems.check(() => parseExpectation(text, why, expectationContext, at('expect', index)));
    return { text, why };
  });

  const method = data.solver?.method ?? DEFAULT_METHOD;
  if (!methodNames().includes(method)) {
    problems.add(inputError(`unknown integration method "${method}"`, at('solver', 'method'), `choose one of: ${methodNames().join(', ')}`));
  }
  problems.throwIfAny();
  const solver = {
    method,
    rtol: data.solver?.rtol ?? DEFAULT_INTEGRATOR_OPTIONS.rtol,
    atol: data.solver?.atol ?? DEFAULT_INTEGRATOR_OPTIONS.atol,
    maxSteps: data.solver?.max_steps ?? DEFAULT_INTEGRATOR_OPTIONS.maxSteps,
  };

  const scenario: Scenario = {
    id: data.id,
    // A scratch file may leave them out; the shipped scenarios carry both (test/scenarios.test.ts).
    title: data.title ?? data.id,
    description: data.description ?? '',
    source: data.source,
    file,
    modelFile: model.file ?? data.model,
    duration,
    outputEvery,
    start: data.start,
    parameters: { ...data.parameters },
    initial: { ...data.initial },
    inputs: { ...data.inputs },
    scheduled,
    stateEvents,
    expectations,
    solver,
  };
  checkStateEvents(scenario, model, source);
  return { scenario, model };
}

function assignments(
  entries: Record<string, number | string>,
  kind: 'set' | 'add',
  where: (...path: Array<string | number>) => ErrorLocation,
  check: (name: string) => void,
): Assignment[] {
  return Object.entries(entries).map(([target, value]) => {
    check(target);
    return { target, value };
  });
}

/** An unknown name: a suggestion by spelling or by meaning, and the names of that kind the model has. */
function unknownName(name: string, what: string, model: Model, kinds: ReadonlyArray<'species' | 'parameters' | 'inputs'>, location: ErrorLocation, meaning?: Meaning): BonesimError {
  const sections = new Map<NamedThing, string>();
  for (const kind of kinds) for (const thing of model[kind]) sections.set(thing, kind);
  // A name the model has, but of another kind: say what it is and what to write instead.
  const elsewhere = (['species', 'parameters', 'inputs'] as const).find((kind) => !kinds.includes(kind) && model[kind].some((x) => x.name === name));
  if (elsewhere) {
    const kind = { species: 'a species', parameters: 'a parameter', inputs: 'an input' }[elsewhere];
    const instead = kinds.length === 1 && kinds[0] === 'species' && elsewhere !== 'species'
      ? 'use `set:` to change a parameter or input; `add:` and `initial:` are for species'
      : 'use it where a ' + elsewhere.replace(/s$/, '') + ' is expected';
    return inputError(`"${name}" is ${kind} of model ${model.id}, not ${what}`, location, instead);
  }
  const suggestion = suggestName(name, [...sections.keys()], meaning, (c) => sections.get(c) ?? '');
  const inputs = kinds.includes('inputs') && model.inputs.length
    ? ` The model's inputs: ${model.inputs.map((i) => i.name).join(', ')}.`
    : '';
  const hint = suggestion
    ? `did you mean "${suggestion.name}"${suggestion.description ? ` (${suggestion.description})` : ''}?${inputs}`
    : `\`bonesim describe ${model.id}\` lists the names it defines.${inputs}`;
  return inputError(`"${name}" is not ${what} of model ${model.id}`, location, hint.trim());
}

function describeEvent(event: EventFile): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(event.set ?? {})) parts.push(`${k} = ${v}`);
  for (const [k, v] of Object.entries(event.add ?? {})) parts.push(`${k} += ${v}`);
  return parts.join(', ');
}

/** Conditions and event values must compile against the model (with X_0 for starting values). */
function checkStateEvents(scenario: Scenario, model: Model, source: YamlSource): void {
  const compiled = compileModel(model, { inputs: scenario.inputs });
  const constants = startValueNames(model);
  const check = (text: string, path: Array<string | number>, condition: boolean) => {
    try {
      compiled.compileScalar(text, { timeUnits: true, path, condition, constants: new Map([...constants].map((n) => [n, 0])) });
    } catch (error) {
      throw relocate(error, source);
    }
  };
  for (const event of scenario.stateEvents) check(event.condition, ['events', event.source, 'when'], true);
  const seen = new Set<number>();
  for (const event of [...scenario.scheduled, ...scenario.stateEvents]) {
    if (seen.has(event.source)) continue;
    seen.add(event.source);
    for (const kind of ['set', 'add'] as const) {
      for (const a of event[kind]) if (typeof a.value === 'string') check(a.value, ['events', event.source, kind, a.target], false);
    }
  }
}

/** Names like BV_0 that read a species or observable at the start of the run. */
export function startValueNames(model: Model): Set<string> {
  const taken = new Set([...model.species, ...model.parameters, ...model.inputs, ...model.expressions, ...model.observables].map((x) => x.name));
  const names = new Set<string>();
  for (const x of [...model.species, ...model.observables]) {
    const name = `${x.name}_0`;
    if (!taken.has(name)) names.add(name);
  }
  return names;
}
