import { inputError, numericalError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { outputGrid } from '../simulate/outputGrid.ts';
import { prepareSimulation, type PreparedSimulation } from '../simulate/simulate.ts';
import type { MemberRun, MemberStatus } from '../simulate/member.ts';
import { memberParameters } from '../ensemble/sampling.ts';
import { compareData, type DataComparison } from './compareData.ts';
import type { Trial, TrialArm } from './trial.ts';

/** One arm's run: every endpoint (and the regimen's drug exposures) over time, and each at the visits. */
export interface ArmRun {
  arm: TrialArm;
  /** Output times (model time unit): the curve grid with the visits in it. */
  times: Float64Array;
  /** Endpoint name -> its value at `times`: percent of the arm's baseline (relative endpoints) or its own value. */
  endpoints: Record<string, Float64Array>;
  /** Endpoint name -> its value at the patient's rest state, before the arm's first dose. */
  baseline: Record<string, number>;
  /** Endpoint name -> value at each of the trial's visits (trial.visits order). */
  atVisits: Record<string, Float64Array>;
  /** Drug exposure observables (absolute), for the report's PK panel. */
  exposures: Record<string, Float64Array>;
  steps: number;
  /** With a population: each endpoint's 5th, 50th and 95th percentile over the members (each against its own baseline) at `times`. */
  bands?: Record<string, PercentileBand>;
  /** The same at each visit (trial.visits order). */
  bandsAtVisits?: Record<string, PercentileBand>;
  /** Members whose run failed (left out of the percentiles). */
  failedMembers?: number;
}

export interface PercentileBand {
  p05: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
}

export interface TrialRun {
  trial: Trial;
  model: Model;
  /** The parameters the run used on top of the model's: the trial's overrides, then the caller's. */
  parameters: Record<string, number>;
  arms: ArmRun[];
  comparison: DataComparison[];
  milliseconds: number;
}

export interface PreparedTrial {
  readonly trial: Trial;
  readonly model: Model;
  /** Run every arm with these parameters on top of the trial's own overrides; a numerical failure throws. */
  run(overrides?: Readonly<Record<string, number>>): TrialRun;
  /**
   * The model's value at each data point (percent of baseline, or points over the comparator arm), written into
   * `out` in trial.data order, with nothing else computed: the fit's inner loop. A failed run writes NaN and returns its status.
   */
  evaluateData(parameterVector: Float64Array, out: Float64Array): MemberStatus | undefined;
  /** The model's whole parameter vector with the trial's overrides and these values applied (for evaluateData). */
  parameterVector(overrides?: Readonly<Record<string, number>>): Float64Array;
  /** A parameter's (or input's) position in the parameter vector; -1 if the model has none of that name. */
  parameterIndex(name: string): number;
}

interface PreparedArm {
  arm: TrialArm;
  simulation: PreparedSimulation;
  columns: Int32Array;
  /** Curve grid (with visits) for reports; visits only for data. */
  curve: MemberRun;
  visits: MemberRun;
  /** Where each visit lies in the curve grid. */
  visitRows: Int32Array;
  exposureNames: string[];
}

/**
 * Compile each arm once (its scenario, the endpoints as member columns), to run the trial many times (fits).
 *
 * @example
 * ```ts
 * const prepared = prepareTrial(trial, model);
 * const run = prepared.run();
 * run.comparison.filter((c) => !c.within); // data points the model misses
 * ```
 */
export function prepareTrial(trial: Trial, model: Model): PreparedTrial {
  const endpointNames = trial.endpoints.map((e) => e.name);
  const exposures = [...new Set(trial.arms.flatMap((arm) => arm.regimen.map((d) => model.drugs?.find((x) => x.id === d.drug)?.exposure)).filter((x): x is string => !!x))]
    .filter((name) => !endpointNames.includes(name));
  const visitTimes = Float64Array.from(trial.visits);
  const arms: PreparedArm[] = trial.arms.map((arm) => {
    const simulation = prepareSimulation(arm.scenario, model);
    const columns = Int32Array.from([...endpointNames, ...exposures].map((name) => simulation.columnIndex(name)));
    const grid = outputGrid(trial.duration, trial.outputEvery, trial.visits);
    const member = (times: Float64Array): MemberRun => ({
      parameters: simulation.compiled.p0, times, columns, values: new Float64Array(columns.length * times.length), start: new Float64Array(columns.length),
    });
    const visitRows = Int32Array.from(trial.visits.map((v) => nearestIndex(grid, v)));
    return { arm, simulation, columns, curve: member(grid), visits: member(visitTimes), visitRows, exposureNames: exposures };
  });
  const compiled = arms[0].simulation.compiled;
  const parameterVector = (overrides: Readonly<Record<string, number>> = {}) => {
    const p = Float64Array.from(compiled.p0);
    for (const [name, value] of Object.entries({ ...trial.parameters, ...overrides })) {
      const index = compiled.parameterIndex(name);
      if (index < 0) throw inputError(`"${name}" is not a parameter of model ${model.id}`, { file: trial.file, field: 'parameters' }, `\`bonesim describe ${model.id}\` lists its parameters`);
      p[index] = value;
    }
    return p;
  };
  const status: MemberStatus = { state: 'ok', steps: 0 };
  const armIndex = new Map(trial.arms.map((arm, i) => [arm.id, i]));
  const endpointIndex = new Map(endpointNames.map((name, i) => [name, i]));
  const visitIndex = (t: number) => nearestIndex(visitTimes, t);
  const dataSlots = trial.data.map((point) => ({
    arm: armIndex.get(point.arm)!, over: point.over === undefined ? -1 : armIndex.get(point.over)!,
    column: endpointIndex.get(point.endpoint)!, visit: visitIndex(point.visit), relative: trial.endpoints[endpointIndex.get(point.endpoint)!].relative,
  }));
  const nVisits = visitTimes.length;

  const evaluateData = (p: Float64Array, out: Float64Array): MemberStatus | undefined => {
    for (const prepared of arms) {
      prepared.visits.parameters = p;
      const result = prepared.simulation.runMember(prepared.visits, status);
      if (result.state !== 'ok') {
        out.fill(NaN);
        return { ...result };
      }
    }
    const value = (arm: number, column: number, visit: number, relative: boolean) => {
      const member = arms[arm].visits;
      const raw = member.values[column * nVisits + visit];
      return relative ? (100 * raw) / member.start![column] : raw;
    };
    dataSlots.forEach((slot, i) => {
      const own = value(slot.arm, slot.column, slot.visit, slot.relative);
      out[i] = slot.over < 0 ? own : own - value(slot.over, slot.column, slot.visit, slot.relative);
    });
    return undefined;
  };

  const run = (overrides: Readonly<Record<string, number>> = {}): TrialRun => {
    const started = performance.now();
    const p = parameterVector(overrides);
    const armRuns = arms.map((prepared) => runArm(prepared, trial, p));
    if (trial.population !== 'typical') arms.forEach((prepared, a) => populationBands(prepared, trial, armRuns[a]));
    const comparison = compareData(trial, armRuns);
    const parameters = { ...trial.parameters, ...overrides };
    return { trial, model, parameters, arms: armRuns, comparison, milliseconds: performance.now() - started };
  };
  return { trial, model, run, evaluateData, parameterVector, parameterIndex: (name) => compiled.parameterIndex(name) };
}

function runArm(prepared: PreparedArm, trial: Trial, p: Float64Array): ArmRun {
  const { arm, simulation, curve, visitRows } = prepared;
  curve.parameters = p;
  const status = simulation.runMember(curve);
  if (status.state !== 'ok') {
    const when = status.time === undefined ? '' : ` at t = ${Number(status.time.toPrecision(6))} ${simulation.model.timeUnit}`;
    if (status.kind === 'input') throw inputError(`arm ${arm.id}: ${status.reason}`, { file: trial.file, field: 'parameters' }, 'give the parameter a value the model accepts');
    throw numericalError(`arm ${arm.id} failed${when}: ${status.reason}`, { file: trial.file, field: `arms.${arm.id}` },
      'check the regimen and parameters (a dose far outside the labelled range can drive the model out of its range), or tighten solver.rtol');
  }
  const n = curve.times.length;
  const endpoints: Record<string, Float64Array> = {};
  const baseline: Record<string, number> = {};
  const atVisits: Record<string, Float64Array> = {};
  trial.endpoints.forEach((endpoint, c) => {
    const raw = curve.values.subarray(c * n, (c + 1) * n);
    const base = curve.start![c];
    baseline[endpoint.name] = base;
    if (endpoint.relative && !(Math.abs(base) > 0 && Number.isFinite(base))) {
      throw inputError(`the endpoint ${endpoint.name} is ${base} at the baseline of arm ${arm.id}, so it has no percent of baseline`, { file: trial.file, field: 'endpoints' },
        `report it in its own unit: - { name: ${endpoint.name}, relative: false }`);
    }
    const values = endpoint.relative ? raw.map((v) => (100 * v) / base) : Float64Array.from(raw);
    endpoints[endpoint.name] = values;
    atVisits[endpoint.name] = Float64Array.from(visitRows, (row) => values[row]);
  });
  const exposures: Record<string, Float64Array> = {};
  prepared.exposureNames.forEach((name, k) => {
    const c = trial.endpoints.length + k;
    exposures[name] = Float64Array.from(curve.values.subarray(c * n, (c + 1) * n));
  });
  return { arm, times: Float64Array.from(curve.times), endpoints, baseline, atVisits, exposures, steps: status.steps };
}

/** Every member of the trial's population through one arm: each endpoint's percentiles over time, against each member's own baseline. */
function populationBands(prepared: PreparedArm, trial: Trial, run: ArmRun): void {
  if (trial.population === 'typical') return;
  const { design, members } = trial.population;
  const { simulation, curve, visitRows } = prepared;
  const n = curve.times.length;
  const member: MemberRun = { ...curve, parameters: new Float64Array(simulation.compiled.p0.length), values: new Float64Array(curve.values.length), start: new Float64Array(curve.columns.length) };
  const relative = trial.endpoints.map((e) => e.relative);
  // values[endpoint][time][member], filled member by member.
  const samples = trial.endpoints.map(() => new Float64Array(n * members));
  let ok = 0;
  for (let i = 0; i < members; i++) {
    memberParameters(design, i, member.parameters);
    const status = simulation.runMember(member);
    if (status.state !== 'ok') continue;
    trial.endpoints.forEach((_, c) => {
      const base = member.start![c];
      for (let k = 0; k < n; k++) {
        const v = member.values[c * n + k];
        samples[c][k * members + ok] = relative[c] ? (100 * v) / base : v;
      }
    });
    ok++;
  }
  run.failedMembers = members - ok;
  run.bands = {};
  run.bandsAtVisits = {};
  trial.endpoints.forEach((endpoint, c) => {
    const band: PercentileBand = { p05: new Float64Array(n), p50: new Float64Array(n), p95: new Float64Array(n) };
    const column = new Float64Array(ok);
    for (let k = 0; k < n; k++) {
      column.set(samples[c].subarray(k * members, k * members + ok));
      column.sort();
      band.p05[k] = quantile(column, 0.05);
      band.p50[k] = quantile(column, 0.5);
      band.p95[k] = quantile(column, 0.95);
    }
    run.bands![endpoint.name] = band;
    run.bandsAtVisits![endpoint.name] = {
      p05: Float64Array.from(visitRows, (r) => band.p05[r]), p50: Float64Array.from(visitRows, (r) => band.p50[r]), p95: Float64Array.from(visitRows, (r) => band.p95[r]),
    };
  });
}

/** The q-quantile of sorted values, interpolating between order statistics (R's type 7); NaN for none. */
function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

function nearestIndex(times: Float64Array, t: number): number {
  let best = 0;
  for (let k = 1; k < times.length; k++) if (Math.abs(times[k] - t) < Math.abs(times[best] - t)) best = k;
  return best;
}
