import { inputError, ProblemList, type ErrorLocation } from '../errors.ts';
import { validateWith, type YamlSource } from '../io/yamlSource.ts';
import { loadEnsembleDesign } from '../ensemble/loadDesign.ts';
import { memberCount } from '../ensemble/sampling.ts';
import { compileModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import { checkParameterValue } from '../model/parameterLimits.ts';
import { suggestName } from '../model/suggest.ts';
import type { ModelResolver } from '../simulate/parseScenario.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { DEFAULT_METHOD, methodNames } from '../solve/methods.ts';
import { DEFAULT_INTEGRATOR_OPTIONS } from '../solve/types.ts';
import { regimenDoses } from './regimen.ts';
import type { DoseEvent, LoadedTrial, Trial, TrialArm, TrialDataPoint, TrialEndpoint } from './trial.ts';
import { CALENDAR_MONTH_DAYS, parseTrialTime } from './trialTime.ts';
import { trialFileSchema } from './trialSchema.ts';

/** Reads a parameter-set file a trial names (`parameters: FILE`, relative to the trial file): the Node layer reads files. */
export type ParameterSetResolver = (reference: string, trialFile: string, location: ErrorLocation) => { file: string; parameters: Record<string, number> };

/** Reads a population design a trial names (`population: FILE`, relative to the trial file): its path and text. */
export type PopulationResolver = (reference: string, trialFile: string, location: ErrorLocation) => { file: string; text: string };

/** Most members a trial population may have: each runs every arm. */
export const MAX_TRIAL_MEMBERS = 10_000;

/** Trials are checked at this relative tolerance unless they say otherwise: clinical data carry a tenth of a percent at best. */
export const TRIAL_RTOL = 1e-6;
export const TRIAL_ATOL = 1e-12;

/**
 * Validate and check a parsed trial file and the model it names (data in, Trial out: no file access).
 * Every problem names the file, the field and the line; all are reported together.
 *
 * @example
 * ```ts
 * const { trial, model } = trialFromSource(parseYaml(text, 'trials/freedom.yaml'), (id) => models[id], noParameterSets);
 * ```
 */
export function trialFromSource(source: YamlSource, resolveModel: ModelResolver, resolveParameters: ParameterSetResolver, resolvePopulation?: PopulationResolver): LoadedTrial {
  const file = source.file;
  const problems = new ProblemList();
  const data = validateWith(source, trialFileSchema, 'trial');
  const at = (...path: Array<string | number>): ErrorLocation => source.locate(path);
  const model = resolveModel(data.model, file, at('model'));
  const unit = model.timeUnit;
  const monthDays = data.month_days ?? CALENDAR_MONTH_DAYS;
  const time = (value: unknown, ...path: Array<string | number>) => parseTrialTime(value, monthDays, unit, at(...path));


  // Parameter overrides: in the file, or in a parameter-set file (bonesim fit writes them).
  let parameters: Record<string, number> = {};
  let parametersFile: string | undefined;
  if (typeof data.parameters === 'string') {
    const set = resolveParameters(data.parameters, file, at('parameters'));
    parameters = set.parameters;
    parametersFile = set.file;
  } else if (data.parameters) {
    parameters = data.parameters;
  }
  for (const [name, value] of Object.entries(parameters)) {
    const where = parametersFile ? { file: parametersFile, field: `parameters.${name}` } : at('parameters', name);
    problems.check(() => {
      checkSettable(model, name, where);
      checkParameterValue(model, name, value, where);
    });
  }

  let population: Trial['population'] = 'typical';
  if (data.population !== 'typical') {
    if (!resolvePopulation) throw inputError('population designs are read from files, which this caller cannot do', at('population'), 'write population: typical');
    const design = resolvePopulation(data.population, file, at('population'));
    const compiled = compileModel(model);
    const nominal = Float64Array.from(compiled.p0);
    for (const [name, value] of Object.entries(parameters)) if (compiled.parameterIndex(name) >= 0) nominal[compiled.parameterIndex(name)] = value;
    const resolved = loadEnsembleDesign(design.text, design.file, {
      parameterNames: compiled.parameterNames, nominal, fixed: model.invariants?.fixed, balancedBy: model.invariants?.balanced_by,
    });
    if (resolved.analysis.mode !== 'population') {
      throw inputError(`the design ${data.population} is a ${resolved.analysis.mode} analysis, not a population`, at('population'),
        'name a population design (analysis: { mode: population }), or write population: typical');
    }
    const members = memberCount(resolved);
    if (members > MAX_TRIAL_MEMBERS) throw inputError(`the population has ${members} members; a trial runs at most ${MAX_TRIAL_MEMBERS}`, at('population'), 'use fewer samples in the design');
    population = { file: design.file, design: resolved, members };
  }

  const visits = data.visits.map((v, i) => problems.check(() => {
    const t = time(v, 'visits', i);
    if (t < 0) throw inputError(`the visit "${v}" is before day 0 of the trial`, at('visits', i), 'visits count from the first day of the trial (0 day)');
    return t;
  }));
  const visitTimes = [...new Set(visits.filter((t): t is number => t !== undefined))].sort((a, b) => a - b);
  const lastVisit = visitTimes.length ? visitTimes[visitTimes.length - 1] : 0;
  let duration = lastVisit;
  if (data.duration !== undefined) {
    const given = problems.check(() => time(data.duration, 'duration'));
    if (given !== undefined) {
      if (!(given > 0)) problems.add(inputError(`the duration must be positive, got ${data.duration}`, at('duration'), 'e.g. duration: 36 month'));
      duration = given;
      data.visits.forEach((v, i) => {
        const t = visits[i];
        if (t !== undefined && t > given) {
          problems.add(inputError(`the visit "${v}" is after the end of the trial (duration ${data.duration})`, at('visits', i),
            'remove the visit, or make the trial longer (duration:)'));
        }
      });
    }
  }
  if (!(duration > 0)) problems.add(inputError('the trial has no length: its last visit is day 0 and it gives no duration', at('visits'), 'add a later visit, or duration: (e.g. 36 month)'));

  const outputEvery = data.output_every === undefined ? Math.max(duration / 400, 1e-9) : problems.check(() => time(data.output_every, 'output_every')) ?? duration / 400;
  if (!(outputEvery > 0)) problems.add(inputError(`output_every must be positive, got ${data.output_every}`, at('output_every'), 'e.g. output_every: 1 day'));

  const observables = new Map(model.observables.map((o) => [o.name, o]));
  const species = new Map(model.species.map((s) => [s.name, s]));
  const endpoints: TrialEndpoint[] = [];
  data.endpoints.forEach((entry, i) => problems.check(() => {
    const name = typeof entry === 'string' ? entry : entry.name;
    const where = typeof entry === 'string' ? at('endpoints', i) : at('endpoints', i, 'name');
    const quantity = observables.get(name) ?? species.get(name);
    if (!quantity) throw unknownQuantity(model, name, where);
    if (endpoints.some((e) => e.name === name)) throw inputError(`the endpoint "${name}" is listed twice`, where, 'list each endpoint once');
    const relative = typeof entry === 'string' ? true : entry.relative ?? true;
    endpoints.push({ name, title: (typeof entry === 'string' ? undefined : entry.title) ?? quantity.description ?? name, relative, unit: relative ? '% of baseline' : quantity.unit });
  }));

  const solver = {
    method: data.solver?.method ?? DEFAULT_METHOD,
    rtol: data.solver?.rtol ?? TRIAL_RTOL,
    atol: data.solver?.atol ?? TRIAL_ATOL,
    maxSteps: DEFAULT_INTEGRATOR_OPTIONS.maxSteps,
  };
  if (!methodNames().includes(solver.method)) problems.add(inputError(`unknown integration method "${solver.method}"`, at('solver', 'method'), `choose one of: ${methodNames().join(', ')}`));

  const arms: TrialArm[] = [];
  data.arms.forEach((arm, a) => problems.check(() => {
    if (arms.some((other) => other.id === arm.id)) throw inputError(`two arms have the id "${arm.id}"`, at('arms', a, 'id'), 'give each arm its own id');
    const regimen: DoseEvent[] = [];
    arm.regimen.forEach((item, k) => problems.check(() => {
      const where = (field?: string) => (field ? at('arms', a, 'regimen', k, field) : at('arms', a, 'regimen', k));
      regimen.push(...regimenDoses(item, k, model, duration, (value, field) => time(value, 'arms', a, 'regimen', k, field), where));
    }));
    for (const [name, value] of Object.entries(arm.set)) {
      problems.check(() => {
        checkSettable(model, name, at('arms', a, 'set', name));
        checkParameterValue(model, name, value, at('arms', a, 'set', name));
      });
    }
    regimen.sort((x, y) => x.time - y.time);
    const scenario = armScenario(data.id, arm.id, arm.title ?? arm.id, file, model, duration, outputEvery, arm.set, regimen, solver, source.locate(['arms', a]).line);
    arms.push({ id: arm.id, title: arm.title ?? arm.id, description: arm.description ?? '', regimen, set: { ...arm.set }, scenario });
  }));

  const armIds = data.arms.map((a) => a.id);
  const listedEndpoints = new Set(data.endpoints.map((e) => (typeof e === 'string' ? e : e.name)));
  const points: TrialDataPoint[] = [];
  data.data.forEach((point, i) => problems.check(() => {
    const where = (field: string) => at('data', i, field);
    if (!armIds.includes(point.arm)) throw unknownOf('arm', point.arm, armIds, where('arm'), 'arms');
    // An endpoint listed but refused above has its own error already.
    if (!endpoints.some((e) => e.name === point.endpoint) && listedEndpoints.has(point.endpoint)) return;
    if (!endpoints.some((e) => e.name === point.endpoint)) {
      throw unknownOf('endpoint', point.endpoint, endpoints.map((e) => e.name), where('endpoint'), 'endpoints');
    }
    const t = time(point.visit, 'data', i, 'visit');
    if (!visitTimes.some((v) => Math.abs(v - t) <= 1e-9 * Math.max(1, t))) {
      throw inputError(`"${point.visit}" is not one of the trial's visits`, where('visit'),
        `add it to visits:, or use one of: ${data.visits.map(String).join(', ')}`);
    }
    if (point.over !== undefined) {
      if (!armIds.includes(point.over)) throw unknownOf('arm', point.over, armIds, where('over'), 'arms');
      if (point.over === point.arm) throw inputError('a data point cannot be measured over its own arm', where('over'), 'name the comparator arm (e.g. placebo)');
    }
    if ((point.low === undefined) !== (point.high === undefined)) {
      throw inputError('give both low and high (a 95 % interval), or neither', where(point.low === undefined ? 'high' : 'low'), 'e.g. { value: 103.2, low: 103.1, high: 103.3 }');
    }
    if (point.low !== undefined && point.tolerance !== undefined) throw inputError('give low/high or tolerance, not both', where('tolerance'), 'keep the one the source gives');
    if (point.low !== undefined && point.high !== undefined && !(point.low <= point.value && point.value <= point.high)) {
      throw inputError(`the interval [${point.low}, ${point.high}] does not contain the value ${point.value}`, where('low'), 'check the transcription: low <= value <= high');
    }
    points.push({
      arm: point.arm, endpoint: point.endpoint, visit: t, visitText: String(point.visit), value: point.value, low: point.low, high: point.high,
      tolerance: point.tolerance, over: point.over, note: point.note, index: i, line: at('data', i).line,
    });
  }));
  problems.throwIfAny();

  const trial: Trial = {
    id: data.id,
    title: data.title,
    description: data.description ?? '',
    source: data.source,
    file,
    modelFile: model.file ?? data.model,
    population,
    monthDays,
    parameters,
    parametersFile,
    duration,
    outputEvery,
    arms,
    visits: visitTimes,
    endpoints,
    data: points,
  };
  return { trial, model };
}

/** The scenario one arm runs: the patient's rest state, the arm's changes at day 0, each dose a bolus into its drug's species. */
function armScenario(
  trialId: string, armId: string, title: string, file: string, model: Model, duration: number, outputEvery: number,
  set: Record<string, number>, regimen: DoseEvent[], solver: Scenario['solver'], line?: number,
): Scenario {
  return {
    id: `${trialId}.${armId}`,
    title,
    description: '',
    file,
    modelFile: model.file ?? model.id,
    duration,
    outputEvery,
    start: 'steady_state',
    parameters: { ...set },
    initial: {},
    inputs: {},
    scheduled: regimen.map((dose) => ({
      time: dose.time,
      set: [],
      add: [{ target: dose.into, value: dose.amount }],
      description: `${dose.drug} ${dose.dose}`,
      source: dose.item,
      line,
    })),
    stateEvents: [],
    expectations: [],
    solver,
  };
}

function checkSettable(model: Model, name: string, location: ErrorLocation): void {
  if (model.parameters.some((p) => p.name === name) || model.inputs.some((i) => i.name === name)) return;
  const suggestion = suggestName(name, [...model.parameters, ...model.inputs]);
  throw inputError(`"${name}" is not a parameter or input of model ${model.id}`, location,
    suggestion ? `did you mean "${suggestion.name}" (${suggestion.description})?` : `\`bonesim describe ${model.id}\` lists its parameters`);
}

function unknownQuantity(model: Model, name: string, location: ErrorLocation) {
  const suggestion = suggestName(name, [...model.observables, ...model.species]);
  return inputError(`"${name}" is not an observable or species of model ${model.id}`, location,
    suggestion ? `did you mean "${suggestion.name}" (${suggestion.description})? \`bonesim describe ${model.id}\` lists its observables`
      : `choose from its observables: ${model.observables.map((o) => o.name).join(', ')}`);
}

function unknownOf(what: string, name: string, known: string[], location: ErrorLocation, section: string) {
  const suggestion = suggestName(name, known.map((k) => ({ name: k, description: '' })));
  return inputError(`the data name the ${what} "${name}", which the trial does not have`, location,
    `${suggestion ? `did you mean "${suggestion.name}"? ` : ''}the trial's ${section}: ${known.join(', ')}${section === 'endpoints' ? ' (add it to endpoints: to compare it)' : ''}`);
}
