import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { inputError } from '../../errors.ts';
import { DEFAULT_POINTS, type EnsembleInputs, type EnsembleOptions, type SourceText } from '../../ensemble/ensemble.ts';
import { parseEnsembleDesign } from '../../ensemble/loadDesign.ts';
import { readYamlFile } from '../readYamlFile.ts';
import { loadScenario } from '../scenarioFiles.ts';
import { BUILTIN_MODELS_DIR } from '../modelFiles.ts';

/**
 * Read the files an ensemble is made of: the design, the scenario it names (an id, looked up in
 * scenarios/ beside the design's folder, the working directory's and bonesim's own; or a path
 * relative to the design file), that scenario's model, and the design's table. Their texts are what
 * the workers get and what the design's hash covers.
 *
 * @example
 * ```ts
 * const inputs = readEnsembleInputs('ensembles/opg-knockout-sobol.yaml');
 * const ensemble = openEnsemble(inputs);
 * ```
 */
export function readEnsembleInputs(designFile: string): EnsembleInputs {
  readYamlFile(designFile); // a missing or unreadable file, or bad YAML: the usual messages
  const design: SourceText = { file: designFile, text: readFileSync(designFile, 'utf8') };
  const { data } = parseEnsembleDesign(design.text, designFile);
  const scenarioFile = resolveScenario(data.scenario, designFile);
  const { model } = loadScenario(scenarioFile);
  const scenario: SourceText = { file: scenarioFile, text: readFileSync(scenarioFile, 'utf8') };
  const modelFile = model.file ?? scenarioFile;
  const inputs: EnsembleInputs = { design, scenario, model: { file: modelFile, text: readFileSync(modelFile, 'utf8') } };
  if (data.table !== undefined) {
    const tableFile = isAbsolute(data.table) ? data.table : join(dirname(designFile), data.table);
    let text: string;
    try {
      text = readFileSync(tableFile, 'utf8');
    } catch (error) {
      throw inputError(`cannot read the table "${data.table}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
        { file: designFile, field: 'table' }, 'give a CSV path relative to the design file');
    }
    inputs.table = { file: tableFile, text };
  }
  return inputs;
}

function resolveScenario(reference: string, designFile: string): string {
  const looksLikePath = /\.ya?ml$/.test(reference) || reference.includes('/');
  if (looksLikePath) {
    const path = isAbsolute(reference) ? reference : resolve(dirname(designFile), reference);
    if (!existsSync(path)) throw inputError(`the scenario file "${reference}" does not exist (looked for ${path})`, { file: designFile, field: 'scenario' }, 'give a scenario id or a path relative to the design file');
    return path;
  }
  const candidates = [
    join(dirname(designFile), '..', 'scenarios', `${reference}.yaml`),
    join(dirname(designFile), 'scenarios', `${reference}.yaml`),
    join(process.cwd(), 'scenarios', `${reference}.yaml`),
    join(BUILTIN_MODELS_DIR, '..', 'scenarios', `${reference}.yaml`),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw inputError(`no scenario with id "${reference}"`, { file: designFile, field: 'scenario' }, 'use a scenario id from `bonesim list`, or a path relative to the design file');
  return found;
}

/** The files' names (without folders) and SHA-256 of their texts, for the manifest. */
export function inputDigests(inputs: EnsembleInputs): Record<string, { file: string; sha256: string }> {
  const out: Record<string, { file: string; sha256: string }> = {};
  for (const [role, source] of Object.entries(inputs) as Array<[string, SourceText | undefined]>) {
    if (source) out[role] = { file: basename(source.file), sha256: sha256(source.text) };
  }
  return out;
}

/**
 * What decides every output byte: the texts of the design, scenario, model and table, the options
 * that shape the outputs, the chunk size and bonesim's version. Folders and file names do not count,
 * so a run moved to another folder (or machine) resumes and merges.
 *
 * @example
 * ```ts
 * const hash = designHash(readEnsembleInputs('ensembles/opg-knockout-sobol.yaml'), { points: 200 }, 64, versions().bonesim);
 * ```
 */
export function designHash(inputs: EnsembleInputs, options: EnsembleOptions, chunkSize: number, version: string): string {
  const digests = inputDigests(inputs);
  const shape = { points: options.points ?? DEFAULT_POINTS, series: options.series ?? null, rtol: options.simulation?.rtol ?? null, atol: options.simulation?.atol ?? null };
  return sha256(JSON.stringify({ format: 1, version, chunkSize, shape, inputs: Object.fromEntries(Object.entries(digests).map(([k, v]) => [k, v.sha256])) }));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
