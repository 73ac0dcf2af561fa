import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findSteadyState } from '../src/solve/steadyState.ts';
import { compileModel } from '../src/model/compile.ts';
import { loadModel } from '../src/node/modelFiles.ts';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import type { Scenario } from '../src/simulate/scenario.ts';
import { prepareSimulation, type SimulationResult } from '../src/simulate/simulate.ts';
import { relativeError } from './helpers.ts';

const rankl = loadModel('models/bone-rankl.yaml');
const pivonka = loadModel('models/pivonka2008.yaml');
const ranklCompiled = compileModel(rankl);
const pivonkaCompiled = compileModel(pivonka);

const switches = rankl.parameters.filter((p) => p.name.startsWith('on_')).map((p) => p.name);
const parameterOf = (name: string) => rankl.parameters.find((p) => p.name === name)!.value;
const pivonkaParameter = (name: string) => pivonka.parameters.find((p) => p.name === name)!.value;

/** Every module off (on_clinical_turnover = 0 restores pivonka2008's bone-volume scale): the model should be Pivonka 2008. */
const reducedToPivonka: Record<string, number> = Object.fromEntries(switches.map((name) => [name, 0]));

const tight = { rtol: 1e-10, atol: 1e-16 };
const compared = ['OBp', 'OBa', 'OCa', 'BV', 'PTH', 'OPG', 'RANKL', 'RANKL_RANK', 'TGFb_level', 'formation', 'resorption'];

/** Largest relative difference between the two runs over every output time and compared series. */
function maxRelativeDifference(a: SimulationResult, b: SimulationResult): number {
  expect(Array.from(a.times)).toEqual(Array.from(b.times));
  let worst = 0;
  for (const name of compared) {
    const x = a.series[name];
    const y = b.series[name];
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, relativeError(x[i], y[i]));
  }
  return worst;
}

function runBoth(scenario: Scenario) {
  const onPivonka = prepareSimulation(scenario, pivonka, tight).run();
  const onRankl = prepareSimulation(scenario, rankl, tight).run({ parameters: reducedToPivonka });
  return { onPivonka, onRankl, difference: maxRelativeDifference(onPivonka, onRankl) };
}

describe('bone-rankl with every module off is Pivonka 2008', () => {
  it('has a switch for every module, each on by default', () => {
    expect(switches.length).toBeGreaterThanOrEqual(13);
    for (const name of switches) expect(parameterOf(name), name).toBe(1);
    expect(parameterOf('k_form_pivonka')).toBe(pivonkaParameter('k_form'));
    expect(parameterOf('k_res_pivonka')).toBe(pivonkaParameter('k_res'));
  });

  it.each(['pivonka-baseline', 'pivonka-opg-knockout', 'pivonka-rankl-knockout', 'pivonka-pth-excess'])(
    'gives the same trajectories for %s (species, bone volume, RANKL, OPG)', (id) => {
      const { scenario } = loadScenario(`scenarios/${id}.yaml`);
      const { onRankl, difference } = runBoth(scenario);
      expect(onRankl.expectations.every((e) => e.passed)).toBe(true); // Pivonka's own expectations hold on the reduced model
      expect(difference).toBeLessThan(1e-7);
    });

  it('gives the same trajectories under time-dependent inputs and events', () => {
    const { scenario } = loadScenario('scenarios/pivonka-baseline.yaml');
    const perturbed: Scenario = {
      ...scenario,
      duration: 400,
      // PTH on days 0-100 (bone_models load case 1), RANKL and OPG pulses, then 10x precursor flux (Physiome port).
      inputs: { P_PTH_d: 't < 100 ? 1000 : 0', P_RANKL_d: 't > 150 and t < 200 ? 300 : 0', P_OPG_d: 't > 250 and t < 300 ? 5e4 : 0' },
      scheduled: [
        { time: 320, set: [{ target: 'D_OCp', value: 2.1e-2 }], add: [], description: 'D_OCp x 10', source: 0 },
        { time: 360, set: [{ target: 'D_OCp', value: 2.1e-3 }], add: [], description: 'D_OCp back', source: 0 },
      ],
      expectations: [],
    };
    const { onPivonka, difference } = runBoth(perturbed);
    expect(Math.max(...onPivonka.series.OCa)).toBeGreaterThan(1.5 * onPivonka.series.OCa[0]); // the perturbation bites
    expect(difference).toBeLessThan(1e-7);
  });

  property.prop(
    [fc.record({
      beta_OPG: fc.double({ min: 0, max: 3 }),
      R_RANKL: fc.double({ min: 0, max: 3 }),
      D_OCp: fc.double({ min: 0.3, max: 3 }),
      A_OBa: fc.double({ min: 0.5, max: 2 }),
      P_PTH_d: fc.double({ min: 0, max: 2000 }),
      P_TGFb_d: fc.double({ min: 0, max: 2e-3 }),
    })],
    { numRuns: 6, seed: 20240603 },
  )('gives the same trajectories for random sustained perturbations of the core', (draw) => {
    const { scenario } = loadScenario('scenarios/pivonka-baseline.yaml');
    const parameters: Record<string, number> = {
      beta_OPG: draw.beta_OPG * pivonkaParameter('beta_OPG'),
      R_RANKL: draw.R_RANKL * pivonkaParameter('R_RANKL'),
      D_OCp: draw.D_OCp * pivonkaParameter('D_OCp'),
      A_OBa: draw.A_OBa * pivonkaParameter('A_OBa'),
      P_PTH_d: draw.P_PTH_d,
      P_TGFb_d: draw.P_TGFb_d,
    };
    const { difference } = runBoth({ ...scenario, duration: 730, parameters, expectations: [] });
    expect(difference).toBeLessThan(1e-7);
  });
});

describe('bone-rankl at baseline with every module on', () => {
  const pivonkaState = findSteadyState(pivonkaCompiled, pivonkaCompiled.p0, pivonkaCompiled.y0);
  const pivonkaValue = (name: string) => pivonkaState.y[pivonkaCompiled.speciesIndex(name)];
  const state = findSteadyState(ranklCompiled, ranklCompiled.p0, ranklCompiled.y0);
  const value = (name: string) => state.y[ranklCompiled.speciesIndex(name)];

  it('sits at the Pivonka 2008 steady state (the modules are normalised to it)', () => {
    expect(state.residual).toBeLessThan(1e-12);
    for (const name of ['OBp', 'OBa', 'OCa']) expect(relativeError(value(name), pivonkaValue(name)), name).toBeLessThan(1e-9);
  });

  it('keeps that state with each module alone, and with all but one', () => {
    const withSwitches = (isOn: (name: string) => boolean) => {
      const p = Float64Array.from(ranklCompiled.p0);
      for (const name of switches) p[ranklCompiled.parameterIndex(name)] = isOn(name) ? 1 : 0;
      return p;
    };
    for (const module of switches) {
      for (const [label, p] of [[`${module} alone`, withSwitches((n) => n === module)], [`all but ${module}`, withSwitches((n) => n !== module)]] as const) {
        const s = findSteadyState(ranklCompiled, p, ranklCompiled.y0);
        for (const name of ['OBp', 'OBa', 'OCa']) {
          expect(relativeError(s.y[ranklCompiled.speciesIndex(name)], pivonkaValue(name)), `${name}, ${label}`).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('uses reference values that are the Pivonka steady state, recomputed here', () => {
    const observed = new Float64Array(pivonkaCompiled.observableNames.length);
    pivonkaCompiled.observe(0, pivonkaState.y, pivonkaCompiled.p0, observed);
    const observable = (name: string) => observed[pivonkaCompiled.observableNames.indexOf(name)];
    const complex = observable('RANKL_RANK');
    expect(relativeError(parameterOf('pi_ref'), complex / (complex + pivonkaParameter('K_D8_RANKL')))).toBeLessThan(1e-12);
    expect(relativeError(parameterOf('OCa_ref'), pivonkaValue('OCa'))).toBeLessThan(1e-12);
    expect(relativeError(parameterOf('TGFb_ref'), observable('TGFb_level'))).toBeLessThan(1e-12);
    expect(relativeError(parameterOf('PTH_ref'), observable('PTH'))).toBeLessThan(1e-12);
    const binding = 1 + pivonkaParameter('K_A1_RANKL') * observable('OPG') + pivonkaParameter('K_A2_RANKL') * pivonkaParameter('RANK');
    expect(relativeError(parameterOf('RANKL_binding_ref'), binding)).toBeLessThan(1e-12);
    expect(relativeError(parameterOf('k_res'), (parameterOf('k_form') * pivonkaValue('OBa')) / pivonkaValue('OCa'))).toBeLessThan(1e-12);
  });

  it('does not drift over ten years, and bone volume stays balanced', () => {
    const { scenario } = loadScenario('scenarios/healthy-baseline.yaml');
    const result = prepareSimulation(scenario, rankl).run();
    for (const name of ranklCompiled.speciesNames) {
      const series = result.series[name];
      // Relative drift; a species that starts at 0 (the tumour) may only pick up rounding far below atol.
      const drift = Math.abs(series[series.length - 1] - series[0]);
      expect(drift, name).toBeLessThan(1e-9 * Math.abs(series[0]) + 1e-3 * scenario.solver.atol);
    }
    expect(Math.abs(result.series.BV[result.series.BV.length - 1] - 100)).toBeLessThan(1e-9);
  });
});

describe('bone-rankl is complete data', () => {
  it('gives every parameter a value, unit, description and a source (a citation or how it was calibrated)', () => {
    for (const p of rankl.parameters) {
      expect(Number.isFinite(p.value), p.name).toBe(true);
      expect(p.unit.length, p.name).toBeGreaterThan(0);
      expect(p.description.length, p.name).toBeGreaterThan(3);
      expect(p.source.length, p.name).toBeGreaterThan(10);
    }
  });

  it('annotates the pathway genes with HGNC symbols and Entrez ids', () => {
    const expected: Record<string, [string, number]> = {
      RANKL: ['TNFSF11', 8600], RANK: ['TNFRSF11A', 8792], OPG: ['TNFRSF11B', 4982], TRAF6: ['TRAF6', 7189],
      NFATc1: ['NFATC1', 4772], NFkB: ['NFKB1', 4790], RUNX2_reverse: ['RUNX2', 860], miR214: ['MIR214', 406996],
      miR214_transfer: ['EPHA2', 1969],
    };
    for (const [symbol, [hgnc, entrez]] of Object.entries(expected)) {
      expect(rankl.annotations[symbol]?.hgnc, symbol).toBe(hgnc);
      expect(Number(rankl.annotations[symbol]?.entrez), symbol).toBe(entrez);
    }
  });
});
