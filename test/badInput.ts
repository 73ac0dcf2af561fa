import { BonesimError, exitCodeOf } from '../src/errors.ts';
import { readYamlFile } from '../src/node/readYamlFile.ts';
import { loadModel } from '../src/node/modelFiles.ts';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate } from '../src/simulate/simulate.ts';

/** What bonesim says about a file: load it (a model if it has rates:), run it if it is a scenario. */
export function outcomeOf(file: string): { code: number; message: string } {
  try {
    const data = readYamlFile(file).data;
    if (typeof data === 'object' && data !== null && 'rates' in data) {
      loadModel(file);
    } else {
      const { scenario, model } = loadScenario(file);
      simulate(scenario, model);
    }
    return { code: 0, message: '' };
  } catch (error) {
    if (!(error instanceof BonesimError)) throw error;
    return { code: exitCodeOf(error), message: error.message };
  }
}
