import { inputError, ProblemList, type ErrorLocation } from '../errors.ts';
import { validateWith, type YamlSource } from '../io/yamlSource.ts';
import type { Model } from '../model/model.ts';
import { limitsOf, formatLimits } from '../model/parameterLimits.ts';
import { suggestName } from '../model/suggest.ts';
import { sigmaOf, type LoadedTrial } from '../trial/trial.ts';
import { fitFileSchema } from './fitSchema.ts';

export interface FitParameter {
  name: string;
  low: number;
  high: number;
  scale: 'log' | 'linear';
  start: number;
  unit: string;
}

/** A fit as plain data: the trials (loaded), the parameters and how to weigh each data point. */
export interface Fit {
  id: string;
  title: string;
  file?: string;
  trials: LoadedTrial[];
  model: Model;
  parameters: FitParameter[];
  /** Per trial, per data point: 1/sigma times the square root of its weight (the residual's multiplier). */
  scales: Float64Array[];
  seed: number;
  multistart: number;
  maxIterations: number;
  rtol: number;
  atol?: number;
  out?: string;
}

/** Finds a trial a fit names (a path relative to the fit file, or an id): the Node layer reads files. */
export type TrialResolver = (reference: string, fitFile: string, location: ErrorLocation) => LoadedTrial;

/** Tolerance of the simulations during a fit: finite differences need results smooth in the parameters. */
export const FIT_RTOL = 1e-7;

/**
 * Validate and check a fit file and the trials it names; every problem names the file, the field and what to do.
 *
 * @example
 * ```ts
 * const fit = fitFromSource(readYamlFile('fits/shared.yaml'), trialFromDisk);
 * ```
 */
export function fitFromSource(source: YamlSource, resolveTrial: TrialResolver): Fit {
  const problems = new ProblemList();
  const data = validateWith(source, fitFileSchema, 'fit');
  const at = (...path: Array<string | number>): ErrorLocation => source.locate(path);
  const trials = data.trials.map((reference, i) => problems.check(() => resolveTrial(reference, source.file, at('trials', i))));
  problems.throwIfAny();
  const loaded = trials as LoadedTrial[];
  const model = loaded[0].model;
  loaded.forEach((t, i) => {
    if ((t.model.file ?? t.model.id) !== (model.file ?? model.id)) {
      problems.add(inputError(`trial ${t.trial.id} runs model ${t.model.id} (${t.model.file}), but ${loaded[0].trial.id} runs ${model.id} (${model.file}); one fitted set needs one model`,
        at('trials', i), 'fit trials on the same model file'));
    }
    if (loaded.findIndex((o) => o.trial.id === t.trial.id) !== i) problems.add(inputError(`the trial ${t.trial.id} is named twice`, at('trials', i), 'name each trial once'));
  });

  const parameters: FitParameter[] = [];
  data.parameters.forEach((p, i) => problems.check(() => {
    const where = (field: string) => at('parameters', i, field);
    const declared = model.parameters.find((x) => x.name === p.name) ?? model.inputs.find((x) => x.name === p.name);
    if (!declared) {
      const suggestion = suggestName(p.name, [...model.parameters, ...model.inputs]);
      throw inputError(`"${p.name}" is not a parameter of model ${model.id}`, where('name'),
        suggestion ? `did you mean "${suggestion.name}" (${suggestion.description})?` : `\`bonesim describe ${model.id}\` lists its parameters`);
    }
    if (parameters.some((q) => q.name === p.name)) throw inputError(`the parameter ${p.name} is listed twice`, where('name'), 'list each fitted parameter once');
    if (!(p.low < p.high)) throw inputError(`the bounds of ${p.name} must have low < high, got [${p.low}, ${p.high}]`, where('low'), 'e.g. { low: 0.5, high: 2 }');
    const [min, max] = limitsOf(model, p.name);
    if (p.low < min || p.high > max) {
      throw inputError(`the bounds [${p.low}, ${p.high}] of ${p.name} leave the values it may take, ${formatLimits([min, max])}`, where(p.low < min ? 'low' : 'high'), `keep the bounds within ${formatLimits([min, max])}`);
    }
    if (p.scale === 'log' && !(p.low > 0)) throw inputError(`a log-scale parameter needs low > 0, got ${p.low} for ${p.name}`, where('low'), 'give a positive lower bound, or scale: linear');
    const current = loaded[0].trial.parameters[p.name] ?? ('value' in declared ? declared.value : declared.default);
    const start = p.start ?? current;
    if (!(start >= p.low && start <= p.high)) {
      throw inputError(`the start of ${p.name}, ${start}${p.start === undefined ? ' (its value in the model or trial)' : ''}, is outside [${p.low}, ${p.high}]`,
        where(p.start === undefined ? 'name' : 'start'), 'give start: within the bounds, or widen them');
    }
    parameters.push({ name: p.name, low: p.low, high: p.high, scale: p.scale, start, unit: declared.unit });
  }));

  const trialIds = new Set(loaded.map((t) => t.trial.id));
  for (const key of Object.keys(data.weights)) {
    const [trialId, endpoint] = key.split('.', 2);
    const trial = loaded.find((t) => t.trial.id === trialId);
    if (!trial) problems.add(inputError(`weights name the trial "${trialId}", which this fit does not have`, at('weights', key), `use a trial id of: ${[...trialIds].join(', ')} (or trial.endpoint)`));
    else if (endpoint !== undefined && !trial.trial.endpoints.some((e) => e.name === endpoint)) {
      problems.add(inputError(`weights name the endpoint "${endpoint}" of trial ${trialId}, which it does not have`, at('weights', key), `its endpoints: ${trial.trial.endpoints.map((e) => e.name).join(', ')}`));
    }
  }
  const scales = loaded.map((t) => Float64Array.from(t.trial.data.map((point) => {
    const sigma = sigmaOf(point) ?? data.default_sigma;
    if (sigma === undefined) {
      problems.add(inputError(`data point ${point.index} of trial ${t.trial.id} (${point.arm}, ${point.endpoint}, ${point.visitText}) gives no spread, so it has no weight`,
        at('default_sigma'), 'give default_sigma: (a standard deviation in the data\'s units), or low/high or tolerance in the trial file'));
      return 0;
    }
    const weight = (data.weights[`${t.trial.id}.${point.endpoint}`] ?? 1) * (data.weights[t.trial.id] ?? 1);
    return Math.sqrt(weight) / sigma;
  })));
  if (loaded.every((t) => t.trial.data.length === 0)) problems.add(inputError('the trials give no data to fit', at('trials'), 'add data: to the trial files'));
  problems.throwIfAny();
  return {
    id: data.id, title: data.title ?? data.id, file: source.file, trials: loaded, model, parameters, scales,
    seed: data.seed, multistart: data.multistart, maxIterations: data.max_iterations,
    rtol: data.solver?.rtol ?? FIT_RTOL, atol: data.solver?.atol, out: data.out,
  };
}
