import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { BonesimError, inputError, type ErrorLocation } from '../errors.ts';
import { fitFromSource, type Fit } from '../fit/parseFit.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { resolveTarget } from '../node/targets.ts';
import type { LoadedTrial } from '../trial/trial.ts';
import { loadTrial } from './trialFiles.ts';

/** A trial a fit names: a path relative to the fit file, or a trial id (trials/). */
export function trialFromDisk(reference: string, fitFile: string, location: ErrorLocation): LoadedTrial {
  if (/\.ya?ml$/.test(reference) || reference.includes('/')) {
    const path = isAbsolute(reference) ? reference : resolve(dirname(fitFile), reference);
    if (!existsSync(path)) throw inputError(`the trial file "${reference}" does not exist`, location, 'give a path relative to the fit file, or a trial id from trials/');
    return loadTrial(path);
  }
  try {
    return loadTrial(resolveTarget(reference, ['trial']));
  } catch (error) {
    throw error instanceof BonesimError && error.location.file === reference ? error.at(location) : error;
  }
}

/** Read and check a fit file and the trials it names. */
export function loadFit(file: string): Fit {
  return fitFromSource(readYamlFile(file), trialFromDisk);
}
