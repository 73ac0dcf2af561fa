import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/node/modelFiles.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import type { Scenario } from '../../src/simulate/scenario.ts';
import { prepareSimulation, type SimulationResult } from '../../src/simulate/simulate.ts';
import { relativeError } from '../helpers.ts';

/**
 * bone-rankl's clinical modules (issue 11): denosumab PK, site BMD with mineralisation, the
 * precursor pool's rebound, the PTH window. Published numbers carry their source; every bound
 * is a measured value with headroom stated in the comment.
 */

const model = loadModel('models/bone-rankl-clinical.yaml');
const before = loadModel('test/models/fixtures/bone-rankl-before-issue-11.yaml');

function run(scenario: Scenario, parameters: Record<string, number> = {}, onModel = model): SimulationResult {
  // run() parameters apply before the steady state; the scenario's own parameters: apply at t = 0 (its perturbation).
  return prepareSimulation(scenario, onModel).run({ parameters });
}

const index = (r: SimulationResult, day: number) => r.times.findIndex((t) => t >= day - 1e-9);
const at = (r: SimulationResult, name: string, day: number) => r.series[name][index(r, day)];
function maxBetween(r: SimulationResult, name: string, from: number, to: number): number {
  let m = -Infinity;
  r.times.forEach((t, i) => t >= from && t <= to && (m = Math.max(m, r.series[name][i])));
  return m;
}

/** Tmax and apparent half-life of the serum exposure after one dose (log-linear fit from Cmax/2 to Cmax/16). */
function pk(r: SimulationResult, name: string) {
  const c = r.series[name];
  let peak = 0;
  for (let i = 0; i < c.length; i++) if (c[i] > c[peak]) peak = i;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = peak; i < c.length; i++) if (c[i] < c[peak] / 2 && c[i] > c[peak] / 16) { xs.push(r.times[i]); ys.push(Math.log(c[i])); }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; });
  return { cmax: c[peak], tmax: r.times[peak], halfLife: -Math.log(2) / (sxy / sxx) };
}

const singleDose = loadScenario('test/models/fixtures/denosumab-single-dose.yaml').scenario;
const withDose = (mg: number): Scenario => ({
  ...singleDose,
  scheduled: singleDose.scheduled.map((e) => ({ ...e, add: e.add.map((a) => ({ ...a, value: mg })) })),
});

describe('denosumab pharmacokinetics (module 12: two compartments, QSS target-mediated disposition)', () => {
  const at60 = pk(run(withDose(60)), 'denosumab_serum');

  it('reproduces the label after 60 mg: Tmax 10 days and half-life 25.4 days, each within 20 %', () => {
    // Prolia US label 12.3: median Tmax 10 days, mean half-life 25.4 days, Cmax 6.75 ug/mL. Measured: 10.3 d, 28.2 d, 7255 ng/mL (25.3 d before chi_den's refit to 0.266).
    expect(Math.abs(at60.tmax / 10 - 1)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(at60.halfLife / 25.4 - 1)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(at60.cmax / 6750 - 1)).toBeLessThan(0.2);
  });

  it('clears faster at lower doses (target-mediated), and is nearly dose-linear above 60 mg', () => {
    // Chen Q et al. PLoS One 2018: half-life 15 days after 60 mg vs 26 days after 120 mg. Measured: 14 mg 21.4 d, 30 mg 24.7 d, 120 mg 31.4 d.
    const at14 = pk(run(withDose(14)), 'denosumab_serum');
    const at120 = pk(run(withDose(120)), 'denosumab_serum');
    expect(at14.halfLife).toBeLessThan(0.85 * at60.halfLife);
    expect(at120.halfLife).toBeGreaterThan(at60.halfLife);
    expect(at120.cmax / at60.cmax).toBeGreaterThan(1.9);
  });

  it('with the module off is the one-compartment Martinez-Reina PK (Tmax 16 days, the issue\'s starting point)', () => {
    const old = pk(run(withDose(60), { on_den_tmdd: 0 }), 'denosumab_serum');
    expect(old.tmax).toBeGreaterThan(14);
    expect(old.tmax).toBeLessThan(18);
  });

  it('does not accumulate at 60 mg every 6 months (label: no accumulation)', () => {
    const { scenario } = loadScenario('scenarios/denosumab-60mg-q6m.yaml');
    const r = run(scenario);
    const first = maxBetween(r, 'denosumab_serum', 0, 60);
    const fifth = maxBetween(r, 'denosumab_serum', 4 * 182.6, 4 * 182.6 + 60);
    expect(relativeError(first, fifth)).toBeLessThan(0.05);
  });
});

describe('BMD readouts (module 13: site bone volume x mineral content)', () => {
  const { scenario } = loadScenario('scenarios/denosumab-60mg-q6m.yaml');
  const on = run(scenario);
  const volumeOnly = run(scenario, { on_mineralisation: 0 });

  it('start at 100 % and keep rising on denosumab after the remodelling space has refilled', () => {
    expect(at(on, 'BMD_total_hip', 0)).toBeCloseTo(100, 9);
    expect(at(on, 'BMD_lumbar_spine', 0)).toBeCloseTo(100, 9);
    // Without modeling-based formation (module 15) bone volume is the remodelling space alone: refilled after a
    // year, it barely moves in years 2-3, while BMD keeps rising by secondary mineralisation of older matrix.
    const coupled = run(scenario, { on_modeling_formation: 0 });
    const coupledVolume = run(scenario, { on_modeling_formation: 0, on_mineralisation: 0 });
    expect(Math.abs(at(coupledVolume, 'BMD_total_hip', 1096) - at(coupledVolume, 'BMD_total_hip', 365))).toBeLessThan(0.5);
    // Measured with the fitted set: volume -0.17 (hip), BMD +0.62 (hip) and +1.32 (spine) from year 1 to year 3.
    expect(at(coupled, 'BMD_total_hip', 1096) - at(coupled, 'BMD_total_hip', 365)).toBeGreaterThan(0.5);
    expect(at(coupled, 'BMD_lumbar_spine', 1096) - at(coupled, 'BMD_lumbar_spine', 365)).toBeGreaterThan(1.2);
    // With every module on, the mineral share of the gain (BMD over bone volume) grows from year 1 to year 3 (measured +0.53 at the hip).
    const mineral = (day: number) => at(on, 'BMD_total_hip', day) - at(volumeOnly, 'BMD_total_hip', day);
    expect(mineral(1096) - mineral(365)).toBeGreaterThan(0.4);
    expect(at(on, 'BMD_total_hip', 730)).toBeGreaterThan(at(on, 'BMD_total_hip', 365));
  });

  it('rise faster at the spine (cancellous, faster turnover) than at the hip', () => {
    expect(at(on, 'BMD_lumbar_spine', 365) - 100).toBeGreaterThan(at(on, 'BMD_total_hip', 365) - 100);
  });

  it('fall back after denosumab is stopped', () => {
    const { scenario: stop } = loadScenario('scenarios/denosumab-stop.yaml');
    const r = run(stop);
    const end = r.times[r.times.length - 1];
    // Bone HG et al. J Clin Endocrinol Metab 2011;96:972: BMD returns to baseline within about 12 months off
    // treatment. The model falls (spine 107.7 to 103.2), but keeps 40 % of its gain (a known limit, notebooks/virtual-trials.md).
    expect(at(r, 'BMD_lumbar_spine', end)).toBeLessThan(at(r, 'BMD_lumbar_spine', 730) - 3);
  });
});

describe('the rebound after stopping denosumab: precursor pool (module 4) and OPG from young osteocytes (module 16)', () => {
  const { scenario } = loadScenario('scenarios/denosumab-stop.yaml');
  const r = run(scenario);
  const noPool = run(scenario, { on_ocp_pool: 0 });
  const noOsteocyteOpg = run(scenario, { on_osteocyte_opg: 0 });
  const neither = run(scenario, { on_ocp_pool: 0, on_osteocyte_opg: 0 });
  const end = r.times[r.times.length - 1];
  const daysAbove = (x: SimulationResult, level: number) => x.times.filter((t, i) => t >= 730 && x.series.CTX[i] > level).length;

  it('the pool fills while RANKL is blocked and empties into an overshoot of resorption when the drug is gone', () => {
    expect(maxBetween(r, 'OCp', 0, 730) / at(r, 'OCp', 0)).toBeGreaterThan(3);
    // Bone 2011: CTX rises above baseline after the missed dose. Measured peak 185 % (without the pool 139 %).
    expect(maxBetween(r, 'CTX', 730, end)).toBeGreaterThan(maxBetween(noPool, 'CTX', 730, end) + 25);
  });

  it('young osteocytes, few after years of suppressed formation, keep OPG low and the rebound long', () => {
    // Fu Q et al. JCI Insight 2023;8:e167790: long-term denosumab lowers osteocyte OPG. Measured: young osteocytes
    // 0.51 of baseline at the missed dose, 0.97 two years later; OPG 0.67 of baseline at day 790 (1.30 without the module).
    expect(at(r, 'OCY_young', 730)).toBeLessThan(0.6);
    expect(at(r, 'OCY_young', end)).toBeGreaterThan(0.9);
    expect(at(r, 'OPG', 790) / at(r, 'OPG', 0)).toBeLessThan(0.8);
    expect(at(noOsteocyteOpg, 'OPG', 790) / at(noOsteocyteOpg, 'OPG', 0)).toBeGreaterThan(1);
    // A year after the last dose resorption is still above baseline (Bone 2011; Anastasilakis 2021). Measured: CTX
    // 119.8 % at day 913 (108.0 % without module 16); 257 days above 110 % (152 without).
    expect(at(r, 'CTX', 913)).toBeGreaterThan(110);
    expect(at(noOsteocyteOpg, 'CTX', 913)).toBeLessThan(at(r, 'CTX', 913) - 8);
    expect(daysAbove(r, 110)).toBeGreaterThan(daysAbove(noOsteocyteOpg, 110) + 60);
  });

  it('with neither mechanism there is no overshoot', () => {
    expect(maxBetween(neither, 'CTX', 730, end)).toBeLessThan(101);
  });
});

describe('PTH: intermittent is anabolic (formation first, resorption later), continuous is catabolic', () => {
  const daily = run(loadScenario('scenarios/teriparatide-daily.yaml').scenario);
  const continuous = run(loadScenario('scenarios/teriparatide-continuous.yaml').scenario);
  /** Mean over the day before `day` (daily pulses make the markers swing within each day). */
  const dayMean = (r: SimulationResult, name: string, day: number) => {
    let sum = 0;
    let n = 0;
    r.times.forEach((t, i) => { if (t > day - 1 && t <= day) { sum += r.series[name][i]; n++; } });
    return sum / n;
  };

  it('daily injections raise formation ahead of resorption and keep it above resorption', () => {
    // Calibration file: formation marker +105 % at 1 month and +218 % at 6 months, resorption +58 % at 6 months.
    expect(dayMean(daily, 'P1NP', 30)).toBeGreaterThan(150);
    for (const day of [30, 90, 180, 365, 639]) expect(dayMean(daily, 'P1NP', day), `day ${day}`).toBeGreaterThan(dayMean(daily, 'CTX', day) + 50);
    expect(at(daily, 'BMD_lumbar_spine', 639)).toBeGreaterThan(104);
  });

  it('the same daily dose infused continuously suppresses formation at once and loses bone', () => {
    // Horwitz MJ et al. J Bone Miner Res 2011: a 7-day infusion suppresses formation by 30-40 % and raises resorption.
    expect(at(continuous, 'P1NP', 7)).toBeLessThan(80);
    expect(at(continuous, 'CTX', 7)).toBeGreaterThan(110);
    expect(at(continuous, 'BMD_lumbar_spine', 639)).toBeLessThan(100);
    expect(at(continuous, 'BMD_lumbar_spine', 639)).toBeLessThan(at(daily, 'BMD_lumbar_spine', 639) - 5);
  });
});

describe('every issue-11 module off is the model before issue 11', () => {
  // New modules off, and the parameters recalibrated with them set back to their values before issue 11.
  const off = {
    on_den_tmdd: 0, on_mineralisation: 0, on_oc_activation: 0, on_modeling_formation: 0, g_CREB_RANKL: 0,
    chi_den: 0.5, A_OCp: 0.01, k_OCp_diff: 0.05, g_Runx2_activity: 0.1, e_PTH_survival: 1, g_PTH_commitment: 0.6,
    on_osteocyte_opg: 0,
  };
  const compared = ['OBp', 'OBa', 'OCa', 'OCp', 'BV', 'formation', 'resorption', 'RANKL', 'OPG', 'PTH'];
  it.each(['denosumab', 'estrogen-deficiency', 'opg-knockout', 'teriparatide-continuous', 'zoledronate'])('%s', (id) => {
    // Expectations dropped: the old model has no BMD observables to check them against.
    const scenario = { ...loadScenario(`scenarios/${id}.yaml`).scenario, expectations: [] };
    const now = run(scenario, off);
    const then = run(scenario, {}, before);
    for (const name of compared) {
      // Relative to the series' own scale, so a quantity knocked out to ~0 (OPG) compares by its rounding only.
      const scale = Math.max(...then.series[name].map(Math.abs));
      let worst = 0;
      then.series[name].forEach((v, i) => (worst = Math.max(worst, Math.abs(v - now.series[name][i]) / Math.max(Math.abs(v), 1e-6 * scale, 1e-12))));
      expect(worst, name).toBeLessThan(1e-6);
    }
  });
});
