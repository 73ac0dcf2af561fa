import { print } from './terminal.ts';
import { EXIT } from '../errors.ts';
import { openEnsemble } from '../ensemble/ensemble.ts';
import { readEnsembleInputs } from '../node/ensemble/inputs.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { loadModel } from '../node/modelFiles.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { loadFit } from './fitFiles.ts';
import { fileKind } from './loadTarget.ts';
import { reportError } from './report.ts';
import { loadTrial } from './trialFiles.ts';

/** Check model, scenario, trial, fit and ensemble design files without running them; exit 2 if any is bad. */
export function validateCommand(files: string[]): number {
  let worst: number = EXIT.ok;
  for (const file of files) {
    try {
      const kind = fileKind(readYamlFile(file).data);
      if (kind === 'model') {
        const model = loadModel(file);
        print(`ok   ${file}: model ${model.id} (${model.species.length} species, ${model.parameters.length} parameters, ` +
          `${model.expressions.length} expressions, ${model.observables.length} observables)\n`);
      } else if (kind === 'trial') {
        const { trial, model } = loadTrial(file);
        print(`ok   ${file}: trial ${trial.id} on ${model.id} (${trial.arms.length} arms, ${trial.visits.length} visits, ${trial.data.length} data points)\n`);
      } else if (kind === 'fit') {
        const fit = loadFit(file);
        print(`ok   ${file}: fit ${fit.id} on ${fit.model.id} (${fit.parameters.length} parameters, ${fit.trials.length} trials)\n`);
      } else if (kind === 'ensemble') {
        const ensemble = openEnsemble(readEnsembleInputs(file));
        print(`ok   ${file}: ensemble design ${ensemble.design.id} of scenario ${ensemble.scenario.id} (${ensemble.layout.members.toLocaleString('en-US')} members, ` +
          `${ensemble.design.analysis.mode})\n`);
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
