import { dirname, isAbsolute, resolve } from 'node:path';
import { EXIT, inputError, type ErrorLocation } from '../errors.ts';
import { fitDocument, fitReportText } from '../fit/fitReport.ts';
import { parameterSetYaml } from '../fit/parameterSet.ts';
import { fitFromSource } from '../fit/parseFit.ts';
import { runFit } from '../fit/runFit.ts';
import { writeFilesAtomically } from '../node/atomicWrite.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { resolveTarget } from '../node/targets.ts';
import type { LoadedTrial } from '../trial/trial.ts';
import { reportError } from './report.ts';
import { print, printError } from './terminal.ts';
import { loadTrial } from './trialFiles.ts';
import { existsSync } from 'node:fs';

export interface FitOptions {
  out?: string;
  quiet?: boolean;
}

/** A trial a fit names: a path relative to the fit file, or a trial id (trials/). */
function trialFromDisk(reference: string, fitFile: string, location: ErrorLocation): LoadedTrial {
  const relative = resolve(dirname(fitFile), reference);
  if (/\.ya?ml$/.test(reference) || reference.includes('/')) {
    const path = isAbsolute(reference) ? reference : relative;
    if (!existsSync(path)) throw inputError(`the trial file "${reference}" does not exist`, location, 'give a path relative to the fit file, or a trial id from trials/');
    return loadTrial(path);
  }
  try {
    return loadTrial(resolveTarget(reference, ['trial']));
  } catch (error) {
    throw error instanceof Error && 'kind' in error ? (error as import('../errors.ts').BonesimError).at(location) : error;
  }
}

/** `bonesim fit FILE`: fit, print the report, write the fitted parameter set (or nothing, on error). */
export async function fitCommand(argument: string, options: FitOptions): Promise<number> {
  try {
    // A fit file by path, or by id from the working directory's fits/.
    const file = existsSync(argument) || !/^[\w.-]+$/.test(argument) || !existsSync(`fits/${argument}.yaml`) ? argument : `fits/${argument}.yaml`;
    const fit = fitFromSource(readYamlFile(file), trialFromDisk);
    const outReference = options.out ?? (fit.out ? resolve(dirname(file), fit.out) : undefined);
    if (!outReference) throw inputError('the fit names no file to write', { file, field: 'out' }, 'give out: in the fit file (relative to it), or --out FILE');
    const result = await runFit(fit, options.quiet ? undefined : (p) => {
      printError(`start ${p.start}/${p.starts} iteration ${p.iteration}: weighted SSR ${Number(p.cost.toPrecision(6))}, ${p.evaluations} evaluations, ${p.seconds.toFixed(1)} s\n`);
    });
    const protect = [file, fit.model.file ?? '', ...fit.trials.map((t) => t.trial.file ?? '')].filter(Boolean);
    writeFilesAtomically([{ path: outReference, contents: parameterSetYaml(fitDocument(result, argument)) }], protect);
    print(fitReportText(result));
    print(`wrote ${outReference}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
