/**
 * The harness's workloads on bonesim's real path: models/lemaire2004.yaml -> compiler -> dp5 ->
 * the scenario event loop of scenarios/lemaire-pth-10-years.yaml (PTH on days 20-80 as events,
 * the integrator restarted at each). Nothing here knows the model's equations.
 */
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { prepareSimulation, type PreparedSimulation } from '../src/simulate/simulate.ts';
import type { Sample } from './harnessContract.ts';

export const SCENARIO_FILE = fileURLToPath(new URL('../scenarios/lemaire-pth-10-years.yaml', import.meta.url));

/** The harness's sampled parameters (DR, DB, DC, kB, DA, KLP), as the model's parameters. */
const SAMPLED_PARAMETERS = ['D_R', 'd_B', 'D_C', 'k_B', 'D_A', 'K_LP'] as const; // D_B = f0 * d_B: the DB factor goes to d_B
const STATE = ['R', 'B', 'C', 'BV'] as const;

/**
 * Bone volume: ours is in % of baseline (starts at 100, dBV/dt = 1.571 B - 1.2536 C per day), the
 * harness's is a fraction (starts at 0.1, dBV/dt = 0.01571 B - 0.012536 C): the rates differ by
 * exactly 100, so BV_harness = 0.1 + (BV_ours - 100) / 100 at all times (BV is read by nothing).
 */
export const toHarnessBV = (bv: number) => 0.1 + (bv - 100) / 100;
export const fromHarnessBV = (bv: number) => 100 + 100 * (bv - 0.1);

export interface LemaireBench {
  prepared: PreparedSimulation;
  /** Parameter values of run i (nominal values times the sample's factors). */
  parametersOf(sample: Sample): Record<string, number>;
  /** Start state of run i, in our convention. */
  startOf(sample: Sample): Float64Array;
}

export function prepareLemaireBench(rtol: number, atol: number): LemaireBench {
  const { scenario, model } = loadScenario(SCENARIO_FILE);
  const prepared = prepareSimulation(scenario, model, { rtol, atol });
  const { compiled } = prepared;
  const nominal = SAMPLED_PARAMETERS.map((name) => compiled.p0[compiled.parameterIndex(name)]);
  const order = STATE.map((name) => compiled.speciesIndex(name));
  if (order.some((i) => i < 0) || compiled.speciesNames.length !== 4) throw new Error('models/lemaire2004.yaml no longer has the species R, B, C, BV');
  return {
    prepared,
    parametersOf: (sample) => Object.fromEntries(SAMPLED_PARAMETERS.map((name, k) => [name, nominal[k] * sample.factors[k]])),
    startOf: (sample) => {
      const y = new Float64Array(4);
      for (let k = 0; k < 4; k++) y[order[k]] = k === 3 ? fromHarnessBV(sample.start[3]) : sample.start[k];
      return y;
    },
  };
}

/** The final state of a result in the harness's order and convention, into out[offset..offset+3]. */
export function finalState(series: Record<string, Float64Array>, row: number, out: Float64Array, offset: number): void {
  out[offset] = series.R[row];
  out[offset + 1] = series.B[row];
  out[offset + 2] = series.C[row];
  out[offset + 3] = toHarnessBV(series.BV[row]);
}
