import { print } from './terminal.ts';
import { EXIT } from '../errors.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { loadModel } from '../node/modelFiles.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { looksLikeModel } from './loadTarget.ts';
import { reportError } from './report.ts';

/** Check model and scenario files (a file with `rates:` is a model); exit 2 if any is bad. */
export function validateCommand(files: string[]): number {
  let worst: number = EXIT.ok;
  for (const file of files) {
    try {
      const data = readYamlFile(file).data;
      const isModel = looksLikeModel(data);
      if (isModel) {
        const model = loadModel(file);
        print(`ok   ${file}: model ${model.id} (${model.species.length} species, ${model.parameters.length} parameters, ` +
          `${model.expressions.length} expressions, ${model.observables.length} observables)\n`);
      } else {
        const { scenario, model } = loadScenario(file);
        print(`ok   ${file}: scenario ${scenario.id} on ${model.id} (${scenario.duration} ${model.timeUnit}, ` +
          `${scenario.scheduled.length + scenario.stateEvents.length} events, ${scenario.expectations.length} expectations)\n`);
      }
    } catch (error) {
      worst = Math.max(worst, reportError(error));
    }
  }
  return worst;
}
