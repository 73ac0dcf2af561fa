import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { resultToJson } from '../../src/io/resultJson.ts';
import { limitsOf } from '../../src/model/parameterLimits.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import type { Scenario } from '../../src/simulate/scenario.ts';
import { prepareSimulation, simulate } from '../../src/simulate/simulate.ts';
import { toyModel } from '../helpers.ts';

describe('parameter signs and ranges', () => {
  const lemaire = loadScenario('scenarios/lemaire-baseline.yaml');

  it('parameters are non-negative unless the model declares otherwise; on_* switches and declared fractions lie in [0, 1]', () => {
    const boneRankl = loadModel('models/bone-rankl.yaml');
    expect(limitsOf(boneRankl, 'D_sRANKL')).toEqual([0, Infinity]);
    expect(limitsOf(boneRankl, 'on_tumour')).toEqual([0, 1]);
    expect(limitsOf(boneRankl, 'BP_uptake')).toEqual([0, 1]);
    expect(limitsOf(loadModel('models/komarova2003.yaml'), 'g21')).toEqual([-Infinity, Infinity]);
  });

  it('refuses a negative elimination rate (it ran "ok" to B = 8.5e39 pM) with the field and the allowed range', () => {
    const run = () => prepareSimulation(lemaire.scenario, lemaire.model).run({ parameters: { k_B: -1 } });
    expect(run).toThrow(BonesimError);
    expect(run).toThrow(/parameters\.k_B\): k_B = -1 is outside the values it may take, \[0, ∞\) \(AOB elimination rate, 1\/day\)/);
  });

  it('warns, in the result and its JSON, for a value outside the range the model was checked over', () => {
    const result = simulate({ ...lemaire.scenario, parameters: { k_B: 0.5 } }, lemaire.model);
    expect(result.warnings).toEqual([expect.objectContaining({ kind: 'parameter-range', name: 'k_B', value: 0.5 })]);
    expect(result.warnings[0].range![0]).toBeCloseTo(0.0945, 12);
    expect(result.warnings[0].message).toMatch(/k_B = 0.5 \(parameters:\) is outside the range model lemaire2004 was checked over, \[0.0945, 0.378\]/);
    expect(JSON.parse(resultToJson(result, {})).warnings).toHaveLength(1);
    expect(simulate(lemaire.scenario, lemaire.model).warnings).toEqual([]);
  });

  it('names a species that grew by many orders of magnitude', () => {
    const model = toyModel({ parameterLimits: { k: [-Infinity, Infinity] } });
    const scenario: Scenario = {
      id: 'growth', title: 'growth', description: 'exponential growth', modelFile: 'toy', duration: 20, outputEvery: 1, start: 'initial',
      parameters: { k: -1 }, initial: {}, inputs: {}, scheduled: [], stateEvents: [], expectations: [],
      solver: { method: 'dp5', rtol: 1e-8, atol: 1e-14, maxSteps: 100_000 },
    };
    const result = simulate(scenario, model);
    expect(result.warnings).toEqual([expect.objectContaining({ kind: 'growth', name: 'x' })]);
    expect(result.warnings[0].message).toMatch(/^x \(decaying species\) grew by 8 orders of magnitude, from 1 to 485000000 pM \(t = 20 day\)/);
    // Six orders is the line: e^13 = 4.4e5 passes without a word.
    expect(simulate({ ...scenario, duration: 13 }, model).warnings).toEqual([]);
  });
});
