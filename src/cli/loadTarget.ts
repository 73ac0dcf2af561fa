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

/** A model file, or a scenario file and the model it names; either may be given by id. */
export function loadModelOrScenario(argument: string): { file: string; model: Model; scenario?: Scenario } {
  const file = resolveTarget(argument, ['scenario', 'model']);
  const data = readYamlFile(file).data;
  if (looksLikeModel(data)) return { file, model: loadModel(file) };
  return { file, ...loadScenario(file) };
}
