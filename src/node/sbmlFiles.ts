import { readFileSync, statSync } from 'node:fs';
import { inputError } from '../errors.ts';
import { importSbml, type ImportOptions } from '../formats/sbml/importModel.ts';
import { readSbml } from '../formats/sbml/readSbml.ts';
import type { SbmlSystem } from '../formats/sbml/system.ts';
import { scenarioEvents } from '../formats/sbml/toScenario.ts';
import type { Model } from '../model/model.ts';
import type { StateEvent } from '../simulate/scenario.ts';

/** SBML files are recognised by their extension. */
export function isSbmlFile(file: string | undefined): boolean {
  return !!file && /\.(xml|sbml)$/i.test(file);
}

const cache = new Map<string, { mtime: number; options: string; system: SbmlSystem }>();

/** Read and translate an SBML file (cached while the file is unchanged). */
export function readSbmlFile(file: string, options: ImportOptions = {}): SbmlSystem {
  let text: string;
  let mtime: number;
  try {
    mtime = statSync(file).mtimeMs;
    const key = JSON.stringify(options);
    const hit = cache.get(file);
    if (hit && hit.mtime === mtime && hit.options === key) return hit.system;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw inputError(`cannot read the SBML file: ${(error as Error).message}`, { file }, 'check the path');
  }
  const system = importSbml(readSbml(text, file), options);
  cache.set(file, { mtime, options: JSON.stringify(options), system });
  return system;
}

/** An SBML file as a bonesim model (for a scenario whose `model:` names it). */
export function loadSbmlModel(file: string): Model {
  return readSbmlFile(file).model;
}

/** The SBML file's events as scenario state events (refused where they cannot be). */
export function sbmlStateEvents(file: string): StateEvent[] {
  return scenarioEvents(readSbmlFile(file), file);
}
