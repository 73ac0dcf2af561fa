import type { ErrorLocation } from '../errors.ts';
import { scenarioFromSource, type LoadedScenario } from '../simulate/parseScenario.ts';
import { loadModel, resolveModelFile } from './modelFiles.ts';
import { meaningInShippedModels } from './glossary.ts';
import { readYamlFile } from './readYamlFile.ts';
import { isSbmlFile, sbmlStateEvents } from './sbmlFiles.ts';

/**
 * Resolve a scenario's `model:` on disk (an id in models/ folders, or a path relative to the scenario).
 *
 * @example
 * ```ts
 * const { scenario, model } = scenarioFromSource(readYamlFile('my.yaml'), modelFromDisk);
 * ```
 */
export function modelFromDisk(reference: string, scenarioFile: string, location: ErrorLocation) {
  return loadModel(resolveModelFile(reference, scenarioFile, location));
}

/**
 * Read and check a scenario file and the model it names; every problem names file, field and line.
 *
 * @example
 * ```ts
 * const { scenario, model } = loadScenario('scenarios/opg-knockout.yaml');
 * const result = simulate(scenario, model);
 * ```
 */
export function loadScenario(file: string): LoadedScenario {
  const loaded = scenarioFromSource(readYamlFile(file), modelFromDisk, { meaningOf: meaningInShippedModels });
  // A model read from SBML brings its own events: they run with the scenario's.
  if (isSbmlFile(loaded.model.file)) loaded.scenario.stateEvents.push(...sbmlStateEvents(loaded.model.file!));
  return loaded;
}
