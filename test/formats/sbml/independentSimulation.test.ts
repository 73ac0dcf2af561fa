import { describe, expect, it } from 'vitest';
import { modelToSbml } from '../../../src/formats/sbml/exportModel.ts';
import { scenarioToSbml } from '../../../src/formats/sbml/exportScenario.ts';
import { loadModel } from '../../../src/node/modelFiles.ts';
import type { Model } from '../../../src/model/model.ts';
import { loadScenario } from '../../../src/node/scenarioFiles.ts';
import type { Scenario } from '../../../src/simulate/scenario.ts';
import { simulate } from '../../../src/simulate/simulate.ts';
import { agreement, simulateSbml, writeSbml } from './sbmlTools.ts';

/**
 * The exported SBML, simulated by something that is not bonesim (libSBML reads it, scipy's LSODA
 * integrates it: simulate_sbml.py), gives bonesim's own trajectories: every species and
 * observable at every output time within 1e-6 relative (agreement() in sbmlTools.ts says how
 * values near zero are compared). Both sides run at tight tolerances, so what is left is the
 * difference between two correct solutions, not solver error; measured worst cases are in the
 * README ("SBML export").
 */
const TOLERANCE = 1e-6;
const TIGHT = { rtol: 1e-11, atol: 1e-14 };

/** A run of the model from its own initial values, as the plain model export starts. */
function fromInitialValues(model: Model, duration: number, outputEvery: number): Scenario {
  return {
    id: `${model.id}-initial`, title: `${model.id} from its initial values`, description: 'model export check', modelFile: model.file!,
    duration, outputEvery, start: 'initial', parameters: {}, initial: {}, inputs: {}, scheduled: [], stateEvents: [], expectations: [],
    solver: { method: 'auto', rtol: TIGHT.rtol, atol: TIGHT.atol, maxSteps: 1_000_000 },
  };
}

const MODEL_RUNS: Array<[string, number, number]> = [
  ['lemaire2004', 365, 1],
  ['pivonka2008', 365, 1],
  ['pivonka2008-explicit', 365, 1],
  ['bone-rankl', 365.25, 7],
  ['bone-rankl-explicit', 365.25, 7],
  ['komarova2003', 400, 1],
];

const SCENARIOS: Array<[string, string]> = [
  ['lemaire2004', 'scenarios/lemaire-pth-injection.yaml'],
  ['lemaire2004', 'test/fixtures/sbml/lemaire-events.yaml'],
  ['pivonka2008', 'scenarios/pivonka-pth-infusion.yaml'],
  ['pivonka2008-explicit', 'scenarios/pivonka-explicit-pth-infusion.yaml'],
  ['bone-rankl', 'scenarios/estrogen-deficiency.yaml'],
  ['bone-rankl', 'scenarios/zoledronate.yaml'],
  ['bone-rankl-explicit', 'test/fixtures/sbml/bone-rankl-explicit-pth-excess.yaml'],
  ['komarova2003', 'test/fixtures/sbml/komarova-stronger-autocrine.yaml'],
];

describe('an independent simulator reproduces bonesim from the exported SBML', () => {
  it('covers every shipped model, from its initial values and in a perturbation scenario', () => {
    const models = MODEL_RUNS.map(([id]) => id).sort();
    expect(models).toEqual(['bone-rankl', 'bone-rankl-explicit', 'komarova2003', 'lemaire2004', 'pivonka2008', 'pivonka2008-explicit']);
    expect([...new Set(SCENARIOS.map(([id]) => id))].sort()).toEqual(models);
  });

  it.each(MODEL_RUNS)('%s: the model export from its initial values, %s days', (id, duration, every) => {
    const model = loadModel(`models/${id}.yaml`);
    const scenario = fromInitialValues(model, duration, every);
    const run = simulate(scenario, model, TIGHT);
    const theirs = simulateSbml(writeSbml(modelToSbml(model).xml, id), duration, run.times);
    const result = agreement(run, theirs);
    expect(result.columns).toBe(model.species.length + model.observables.length);
    expect(result.worst, result.where).toBeLessThanOrEqual(TOLERANCE);
  }, 180_000);

  it.each(SCENARIOS)('%s: %s', (_, file) => {
    const { scenario, model } = loadScenario(file);
    const run = simulate(scenario, model, TIGHT);
    const theirs = simulateSbml(writeSbml(scenarioToSbml(scenario, model).xml, scenario.id), scenario.duration, run.times);
    // The events fired at the same times (t = 0 events are part of the start).
    expect(theirs.events.map(([t]) => t)).toEqual(run.events.filter((e) => e.time > 0).map((e) => expect.closeTo(e.time, 6)));
    const result = agreement(run, theirs);
    expect(result.worst, result.where).toBeLessThanOrEqual(TOLERANCE);
  }, 180_000);
});
