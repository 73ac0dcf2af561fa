import { dirname, resolve } from 'node:path';
import { EXIT, inputError } from '../errors.ts';
import { fitDocument, fitReportText } from '../fit/fitReport.ts';
import { parameterSetYaml } from '../fit/parameterSet.ts';
import { runFit } from '../fit/runFit.ts';
import { writeFilesAtomically } from '../node/atomicWrite.ts';
import { reportError } from './report.ts';
import { print, printError } from './terminal.ts';
import { loadFit } from './fitFiles.ts';
import { startFitPool } from './fitPool.ts';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';

export interface FitOptions {
  out?: string;
  quiet?: boolean;
  /** Worker threads for the Jacobian (default: every core; 0: the main thread only). */
  threads?: string | number;
}

/** `bonesim fit FILE`: fit, print the report, write the fitted parameter set (or nothing, on error). */
export async function fitCommand(argument: string, options: FitOptions): Promise<number> {
  try {
    // A fit file by path, or by id from the working directory's fits/.
    const file = existsSync(argument) || !/^[\w.-]+$/.test(argument) || !existsSync(`fits/${argument}.yaml`) ? argument : `fits/${argument}.yaml`;
    const fit = loadFit(file);
    const outReference = options.out ?? (fit.out ? resolve(dirname(file), fit.out) : undefined);
    if (!outReference) throw inputError('the fit names no file to write', { file, field: 'out' }, 'give out: in the fit file (relative to it), or --out FILE');
    const threads = options.threads === undefined ? availableParallelism() : Number(options.threads);
    if (!Number.isInteger(threads) || threads < 0) throw inputError(`--threads must be a whole number, 0 or more, got ${options.threads}`, { field: '--threads' }, 'e.g. --threads 2, or 0 to run on the main thread');
    // The Jacobian's columns on worker threads; 0 threads (or one parameter) runs everything here.
    const pool = threads > 0 && fit.parameters.length > 1 ? await startFitPool(file, threads) : undefined;
    let result;
    try {
      result = await runFit(fit, options.quiet ? undefined : (p) => {
        printError(`start ${p.start}/${p.starts} iteration ${p.iteration}: weighted SSR ${Number(p.cost.toPrecision(6))}, ${p.evaluations} evaluations, ${p.seconds.toFixed(1)} s\n`);
      }, { evaluateMany: pool?.evaluateMany });
    } finally {
      await pool?.close();
    }
    const protect = [file, fit.model.file ?? '', ...fit.trials.map((t) => t.trial.file ?? '')].filter(Boolean);
    writeFilesAtomically([{ path: outReference, contents: parameterSetYaml(fitDocument(result, argument)) }], protect);
    print(fitReportText(result));
    print(`wrote ${outReference}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
