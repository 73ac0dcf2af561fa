import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath, inputError, type ErrorLocation } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { modelFromSource } from '../model/parseModel.ts';
import { readYamlFile } from './readYamlFile.ts';
import { isSbmlFile, loadSbmlModel } from './sbmlFiles.ts';

/** The models shipped with bonesim. */
export const BUILTIN_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');

/**
 * Read, validate and check a model file; every problem names the file, field and line.
 *
 * @example
 * ```ts
 * const model = loadModel('models/pivonka2008.yaml');
 * ```
 */
export function loadModel(file: string): Model {
  if (isSbmlFile(file)) return loadSbmlModel(file);
  return modelFromSource(readYamlFile(file));
}

/**
 * Find a model named in a scenario: a path (relative to the scenario file), or a model id
 * looked up in the scenario's sibling models/ folder, the working directory's models/,
 * then bonesim's own models/.
 *
 * @example
 * ```ts
 * resolveModelFile('lemaire2004', 'scenarios/my.yaml'); // .../models/lemaire2004.yaml
 * ```
 */
export function resolveModelFile(reference: string, relativeTo: string, location: ErrorLocation = { file: relativeTo, field: 'model' }): string {
  const looksLikePath = reference.endsWith('.yaml') || reference.endsWith('.yml') || isSbmlFile(reference) || reference.includes('/');
  if (looksLikePath) {
    const path = isAbsolute(reference) ? reference : resolve(dirname(relativeTo), reference);
    if (!existsSync(path)) {
      throw inputError(`the model file "${reference}" does not exist (looked for ${displayPath(path)})`, location,
        'give a path relative to the scenario file, or a model id from `bonesim list`');
    }
    return path;
  }
  const candidates = [
    join(dirname(relativeTo), '..', 'models', `${reference}.yaml`),
    join(dirname(relativeTo), 'models', `${reference}.yaml`),
    join(process.cwd(), 'models', `${reference}.yaml`),
    join(BUILTIN_MODELS_DIR, `${reference}.yaml`),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw inputError(`no model with id "${reference}"`, location,
      'use a model id from `bonesim list` or a path to a model file relative to the scenario');
  }
  return found;
}
