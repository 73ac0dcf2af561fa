import { readYamlFile } from '../node/readYamlFile.ts';
import { loadModel } from '../node/modelFiles.ts';
import type { Model } from '../model/model.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { resolveTarget } from '../node/targets.ts';
import type { Scenario } from '../simulate/scenario.ts';

/** A model file has `rates:` (or the other sections only a model has); anything else is read as a scenario. */
export function looksLikeModel(data: unknown): boolean {
  return typeof data === 'object' && data !== null && ['rates', 'species', 'parameters'].some((key) => key in data);
}

/** A model file, or a scenario file and the model it names; either may be given by id. */
export function loadModelOrScenario(argument: string): { file: string; model: Model; scenario?: Scenario } {
  const file = resolveTarget(argument, ['scenario', 'model']);
  const data = readYamlFile(file).data;
  if (looksLikeModel(data)) return { file, model: loadModel(file) };
  return { file, ...loadScenario(file) };
}
