import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioToSbml } from '../../../src/formats/sbml/exportScenario.ts';
import { importSbml } from '../../../src/formats/sbml/importModel.ts';
import { outputFor } from '../../../src/formats/sbml/outputs.ts';
import { readSbml } from '../../../src/formats/sbml/readSbml.ts';
import { simulateSbml } from '../../../src/formats/sbml/simulateSbml.ts';
import { loadScenario } from '../../../src/node/scenarioFiles.ts';
import { simulate } from '../../../src/simulate/simulate.ts';
import { autoIntegrator } from '../../../src/solve/auto.ts';
import { dp5Integrator } from '../../../src/solve/dp5.ts';
import { rodas5pIntegrator } from '../../../src/solve/rosenbrock.ts';
import { agreement, withoutRowsBeforeEvents } from './sbmlTools.ts';

/**
 * Export, import, run: every shipped scenario written as SBML, read back by bonesim's SBML import
 * and run by its SBML runner (what `bonesim run FILE.xml` does) gives the original run's
 * trajectories, every species and observable at every output time, within 1e-9 relative. (The
 * original's rows from just before its events are left out: the SBML runner reports the state after
 * events at an output time, which is the row bonesim reports next.)
 * Both runs use the same integrator (the SBML runner's auto: dp5, handing over to rodas5p) and
 * tolerances, so the comparison sees the translation, not two methods' errors. What remains is
 * where the two runs restart the integrator differently (an event located as a trigger, a time
 * course's switch): it shrinks with the tolerance (measured in the README, "SBML export").
 */
const SCENARIO_FILES = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${f}`);
const TOLERANCES = { rtol: 1e-11, atol: 1e-14 };
const SBML_AUTO = autoIntegrator({ nonStiff: dp5Integrator, stiff: rodas5pIntegrator });

describe('export -> import -> run reproduces every shipped scenario', () => {
  it('covers every shipped scenario', () => {
    expect(SCENARIO_FILES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SCENARIO_FILES)('%s', (file) => {
    const { scenario, model } = loadScenario(file);
    const run = simulate(scenario, model, { ...TOLERANCES, integrator: SBML_AUTO });
    // Every row but those from just before an event (bonesim's; SBML reports the state after events at an output time).
    const original = withoutRowsBeforeEvents(run);
    expect(run.times.length - original.times.length).toBe(new Set(run.events.filter((e) => e.time > 0 && e.kind === 'scheduled').map((e) => e.time)).size + run.events.filter((e) => e.kind === 'state').length);
    const system = importSbml(readSbml(scenarioToSbml(scenario, model).xml, `${scenario.id}.xml`));
    const again = simulateSbml(system, {
      duration: scenario.duration,
      outputTimes: original.times,
      outputs: original.columns.map((column) => outputFor(system, column)),
      method: 'auto',
      ...TOLERANCES,
    });
    expect(again.ran).toEqual(original.solver.ran);
    expect(again.events.map((e) => e.time)).toEqual(original.events.filter((e) => e.time > 0).map((e) => expect.closeTo(e.time, 8)));
    const result = agreement(original, { times: again.times, values: again.series });
    expect(result.columns).toBe(model.species.length + model.observables.length);
    expect(result.worst, result.where).toBeLessThanOrEqual(1e-9);
  }, 300_000);
});
