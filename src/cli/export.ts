import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, inputError } from '../errors.ts';
import { modelToSbml } from '../formats/sbml/exportModel.ts';
import { scenarioToSbml } from '../formats/sbml/exportScenario.ts';
import { writeFilesAtomically } from '../io/atomicWrite.ts';
import { BUILTIN_MODELS_DIR, resolveModelFile } from '../model/loadModel.ts';
import { loadModelOrScenario } from './loadTarget.ts';
import { reportError } from './report.ts';

export interface ExportOptions {
  sbml?: string;
  quiet?: boolean;
}

/**
 * `bonesim export TARGET --sbml OUT.xml`: a model (an id from `bonesim list`, or a model file) or a
 * scenario file (or the id of a bundled scenario) as SBML Level 3 Version 2, written atomically.
 * Prints how the export carried the model and what SBML does not carry.
 */
export function exportCommand(target: string, options: ExportOptions): number {
  try {
    if (!options.sbml) throw inputError('say where to write the SBML', { field: '--sbml' }, 'e.g. bonesim export lemaire2004 --sbml lemaire2004.xml');
    const file = locate(target);
    const { model, scenario } = loadModelOrScenario(file);
    const document = scenario ? scenarioToSbml(scenario, model) : modelToSbml(model);
    writeFilesAtomically([{ path: options.sbml, contents: document.xml }], [file, model.file ?? '']);
    if (!options.quiet) {
      const what = scenario ? `scenario ${scenario.id} on model ${model.id}` : `model ${model.id}`;
      process.stdout.write(`wrote ${options.sbml}: ${what} as SBML Level 3 Version 2\n`);
      if (document.notes.notCarried.length) {
        process.stdout.write('not carried by SBML (also listed in the file\'s notes):\n');
        for (const line of document.notes.notCarried) process.stdout.write(`  - ${line}\n`);
      }
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** A path to a model or scenario file, else a model id, else the id of a bundled scenario. */
function locate(target: string): string {
  if (existsSync(target)) return target;
  if (!/[/\\]|\.ya?ml$/.test(target)) {
    try {
      return resolveModelFile(target, join(process.cwd(), 'bonesim-export'));
    } catch {
      const scenario = join(resolve(BUILTIN_MODELS_DIR, '..'), 'scenarios', `${target}.yaml`);
      if (existsSync(scenario)) return scenario;
    }
    throw inputError(`no model or scenario with id "${target}"`, { field: 'MODEL' }, 'use an id from `bonesim list`, or the path of a model or scenario file');
  }
  throw inputError(`the file "${target}" does not exist`, { field: 'MODEL' }, 'give a model id from `bonesim list`, or the path of a model or scenario file');
}
