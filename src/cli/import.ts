import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { EXIT, inputError } from '../errors.ts';
import { importSbml } from '../formats/sbml/importModel.ts';
import { readSbml } from '../formats/sbml/readSbml.ts';
import { parseTimeOrNumber } from '../formats/sbml/timeArgument.ts';
import { importedFiles } from '../formats/sbml/toYaml.ts';
import { writeFilesAtomically, type OutputFile } from '../node/atomicWrite.ts';
import { parseModel } from '../model/parseModel.ts';
import { parseScenario } from '../simulate/parseScenario.ts';
import { reportError } from './report.ts';
import { timeUnitOption } from './runSbml.ts';

export interface ImportOptions {
  out: string;
  scenario?: string;
  id?: string;
  timeUnit?: string;
  duration?: string;
  outputEvery?: string;
}

/**
 * `bonesim import FILE.xml --out models/NAME.yaml`: the model file, and a scenario for the SBML
 * events; both are checked by loading them back before anything is written.
 */
export function importCommand(file: string, options: ImportOptions): number {
  try {
    if (!/\.ya?ml$/.test(options.out)) throw inputError(`--out ${options.out} should be a .yaml file`, { field: '--out' }, 'e.g. --out models/lemaire.yaml');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw inputError(`cannot read the SBML file: ${(error as Error).message}`, { file }, 'check the path');
    }
    const id = options.id ?? basename(options.out).replace(/\.ya?ml$/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    const system = importSbml(readSbml(text, file), { timeUnit: timeUnitOption(options.timeUnit), id });
    const unit = system.model.timeUnit;
    const duration = options.duration ? parseTimeOrNumber(options.duration, unit, '--duration') : 100;
    const outputEvery = options.outputEvery ? parseTimeOrNumber(options.outputEvery, unit, '--output-every') : duration / 100;
    const scenarioPath = options.scenario ?? join(dirname(dirname(resolve(options.out))), 'scenarios', `${id}.yaml`);
    const files = importedFiles(system, {
      modelReference: relative(dirname(resolve(scenarioPath)), resolve(options.out)),
      scenarioId: id, duration, outputEvery, source: basename(file),
    });
    // What is written must read back as bonesim files: check before writing anything.
    try {
      const model = parseModel(files.model, resolve(options.out));
      if (files.scenario) parseScenario(files.scenario, resolve(scenarioPath), () => model);
    } catch (error) {
      throw inputError(`the imported files would not load: ${(error as Error).message}`, { file }, 'please report this with the SBML file');
    }
    const outputs: OutputFile[] = [{ path: options.out, contents: files.model }];
    if (files.scenario) outputs.push({ path: scenarioPath, contents: files.scenario });
    writeFilesAtomically(outputs, [file]);
    process.stdout.write(`imported ${file} -> ${outputs.map((o) => o.path).join(', ')}\n`);
    for (const note of files.notes) process.stdout.write(`  note: ${note}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
