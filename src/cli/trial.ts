import { join } from 'node:path';
import { EXIT } from '../errors.ts';
import { writeFilesAtomically } from '../node/atomicWrite.ts';
import { resolveTarget } from '../node/targets.ts';
import { versions } from '../node/versions.ts';
import { prepareTrial } from '../trial/runTrial.ts';
import { endpointsCsv, summary, trialJson } from '../trial/trialOutputs.ts';
import { trialReportHtml } from '../trial/trialReport.ts';
import { reportError } from './report.ts';
import { print } from './terminal.ts';
import { loadTrial } from './trialFiles.ts';

export interface TrialOptions {
  out: string;
  quiet?: boolean;
}

/** `bonesim trial FILE --out DIR`: run every arm, write endpoints.csv, trial.json and report.html together (or nothing). */
export function trialCommand(argument: string, options: TrialOptions): number {
  try {
    const started = performance.now();
    const file = resolveTarget(argument, ['trial']);
    const { trial, model } = loadTrial(file);
    const run = prepareTrial(trial, model).run();
    const outputs = [
      { path: join(options.out, 'endpoints.csv'), contents: endpointsCsv(run) },
      { path: join(options.out, 'trial.json'), contents: trialJson(run, versions()) },
      {
        path: join(options.out, 'report.html'),
        contents: trialReportHtml({
          run, versions: versions(), command: `bonesim trial ${argument} --out ${options.out}`,
          files: [{ label: 'endpoints.csv', path: 'endpoints.csv' }, { label: 'trial.json', path: 'trial.json' }],
        }),
      },
    ];
    const protect = [file, model.file ?? '', trial.parametersFile ?? ''].filter(Boolean);
    writeFilesAtomically(outputs, protect);
    if (!options.quiet) {
      const s = summary(run);
      print(`ok   ${trial.id}  (${model.id}, ${trial.arms.length} arms, ${run.arms.reduce((n, a) => n + a.steps, 0)} steps, ${run.milliseconds.toFixed(0)} ms run, `
        + `${(performance.now() - started).toFixed(0)} ms in all) data within spread ${s.within}/${s.withSpread}${s.points > s.withSpread ? ` (+${s.points - s.withSpread} without)` : ''}`
        + ` -> ${outputs.map((o) => o.path).join(', ')}\n`);
      for (const c of run.comparison.filter((x) => x.within === false)) {
        print(`     outside: ${c.point.arm} ${c.point.endpoint} ${c.point.visitText}${c.point.over ? ` over ${c.point.over}` : ''}: model ${c.model.toFixed(2)}, data ${c.point.value} [${Number(c.spread![0].toPrecision(10))}, ${Number(c.spread![1].toPrecision(10))}]\n`);
      }
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
