import { readYamlFile } from '../node/readYamlFile.ts';
import { loadModel } from '../node/modelFiles.ts';
import type { Model } from '../model/model.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import type { Scenario } from '../simulate/scenario.ts';

/** A model file (it has `rates:`), or a scenario file and the model it names. */
export function loadModelOrScenario(file: string): { model: Model; scenario?: Scenario } {
  const data = readYamlFile(file).data;
  if (typeof data === 'object' && data !== null && 'rates' in data) return { model: loadModel(file) };
  return loadScenario(file);
}
