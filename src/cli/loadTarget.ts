import { readYamlFile } from '../node/readYamlFile.ts';
import { loadModel } from '../node/modelFiles.ts';
import type { Model } from '../model/model.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { resolveTarget } from '../node/targets.ts';
import type { Scenario } from '../simulate/scenario.ts';

/**
 * A scenario names its model (`model:`); a model file has the sections only a model has (`rates:`,
 * `species:`, `time_unit:`). Anything else is read as a scenario, whose errors then say what is missing.
 */
export function looksLikeModel(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || 'model' in data) return false;
  return ['rates', 'species', 'time_unit'].some((key) => key in data);
}

/**
 * What kind of bonesim file this is, from its top-level fields: a model has its sections, a trial arms, a fit
 * trials, an ensemble design the scenario it runs; anything else is read as a scenario.
 */
export function fileKind(data: unknown): 'model' | 'trial' | 'fit' | 'ensemble' | 'scenario' {
  if (looksLikeModel(data)) return 'model';
  const fields = typeof data === 'object' && data !== null ? data : {};
  if ('arms' in fields) return 'trial';
  if ('trials' in fields) return 'fit';
  if ('scenario' in fields) return 'ensemble';
  return 'scenario';
}

/** A model file, or a scenario file and the model it names; either may be given by id. */
export function loadModelOrScenario(argument: string): { file: string; model: Model; scenario?: Scenario } {
  const file = resolveTarget(argument, ['scenario', 'model']);
  const data = readYamlFile(file).data;
  if (looksLikeModel(data)) return { file, model: loadModel(file) };
  return { file, ...loadScenario(file) };
}
