import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { displayPath, inputError, type ErrorLocation } from '../errors.ts';
import { parameterSetFromSource } from '../fit/parameterSet.ts';
import { modelFromDisk } from '../node/scenarioFiles.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { trialFromSource } from '../trial/parseTrial.ts';
import type { LoadedTrial } from '../trial/trial.ts';

/** A trial's `parameters: FILE`, relative to the trial file. */
export function parameterSetFromDisk(reference: string, trialFile: string, location: ErrorLocation): { file: string; parameters: Record<string, number> } {
  const file = isAbsolute(reference) ? reference : resolve(dirname(trialFile), reference);
  if (!existsSync(file)) {
    throw inputError(`the parameter set "${reference}" does not exist (looked for ${displayPath(file)})`, location,
      'give a path relative to the trial file (bonesim fit writes one), or the parameters as name: value');
  }
  return { file, parameters: parameterSetFromSource(readYamlFile(file)) };
}

/** A trial's `population: FILE` (a population design), relative to the trial file. */
export function populationFromDisk(reference: string, trialFile: string, location: ErrorLocation): { file: string; text: string } {
  const file = isAbsolute(reference) ? reference : resolve(dirname(trialFile), reference);
  if (!existsSync(file)) {
    throw inputError(`population "${reference}" is neither typical nor a design file (looked for ${displayPath(file)})`, location,
      'write population: typical, or the path of a population design relative to the trial file (e.g. ../ensembles/postmenopausal-population.yaml)');
  }
  return { file, text: readFileSync(file, 'utf8') };
}

/**
 * Read and check a trial file and the model it names; every problem names file, field and line.
 *
 * @example
 * ```ts
 * const { trial, model } = loadTrial('trials/freedom.yaml');
 * const run = prepareTrial(trial, model).run();
 * ```
 */
export function loadTrial(file: string): LoadedTrial {
  return trialFromSource(readYamlFile(file), modelFromDisk, parameterSetFromDisk, populationFromDisk);
}
