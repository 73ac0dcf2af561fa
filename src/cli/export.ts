import { EXIT, inputError } from '../errors.ts';
import { modelToSbml } from '../formats/sbml/exportModel.ts';
import { scenarioToSbml } from '../formats/sbml/exportScenario.ts';
import { writeFilesAtomically } from '../node/atomicWrite.ts';
import { loadModelOrScenario } from './loadTarget.ts';
import { reportError } from './report.ts';

export interface ExportOptions {
  sbml?: string;
  quiet?: boolean;
}

/**
 * `bonesim export TARGET --sbml OUT.xml`: a model or a scenario (a file, or an id from `bonesim list`)
 * as SBML Level 3 Version 2, written atomically. Prints what SBML does not carry.
 */
export function exportCommand(target: string, options: ExportOptions): number {
  try {
    if (!options.sbml) throw inputError('say where to write the SBML', { field: '--sbml' }, 'e.g. bonesim export lemaire2004 --sbml lemaire2004.xml');
    const { file, model, scenario } = loadModelOrScenario(target);
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
