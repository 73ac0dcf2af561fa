import type { Role } from '../model/schema.ts';
import { DAYS_PER, timeFactor, type TimeUnit } from '../model/timeUnits.ts';
import type { SimulationResult } from '../simulate/simulate.ts';
import type { ComparedRun } from './compare.ts';
import { ROLE_TITLES } from './quantities.ts';
import { extreme, firstDeparture, settlingTime, timeExtremeReached, valueAt, type Trajectory } from './trajectory.ts';

/**
 * What a biologist reads off a disease trajectory: bone volume change at 1, 5 and 10
 * years, cell population peaks and troughs, how fast the effect builds, whether a new
 * steady state is reached, turnover and biomarker proxies relative to the healthy
 * reference. All times are in the comparison's time unit.
 */
export interface TimedValue {
  time: number;
  value: number;
}

export interface Excursion {
  time?: number;
  value: number;
  fold: number;
}

export interface BoneVolumeChange {
  /** "1 year", "5 years", "10 years" or "end". */
  label: string;
  time: number;
  value: number;
  /** 100 * (BV(t) / BV(0) - 1), in % of the starting bone volume. */
  changePercent: number;
}

export interface BoneVolumeMetrics {
  column: string;
  unit: string;
  start: number;
  changes: BoneVolumeChange[];
  /** When half of the change at the end of the run had happened; undefined when there is no lasting change. */
  halfEffectTime?: number;
  /** Rate of change over the last stretch of the run, in % of the starting bone volume per year. */
  endRatePercentPerYear: number;
}

export interface PopulationMetrics {
  role: Role;
  title: string;
  column: string;
  unit: string;
  /** The reference run's value at t = 0 (the healthy steady state). */
  reference: number;
  /**
   * The highest value; `time` is when it came within 1 % of its rise of that value (the start of a plateau),
   * undefined when it never rose above its start (by 0.1 % of the reference).
   */
  peak: Excursion;
  /** The lowest value; `time` is undefined when it never fell below its start. */
  trough: Excursion;
  end: TimedValue & { fold: number };
  halfEffectTime?: number;
}

export interface SteadyStateMetrics {
  /** True when no dynamic species (all but bone volume) changed by more than 0.1 % over the last window. */
  reached: boolean;
  /** After this time every dynamic species stays within 1 % of its final value (of the reference, if that is larger). */
  settledAt?: number;
  /** The largest relative change of a dynamic species over the last window. */
  recentChange: number;
  window: number;
}

export interface RelativeSeries {
  column: string;
  /** The run's value at the end over the reference's at the same time. */
  end: number;
  /** Highest and lowest ratio; `time` undefined when the ratio never left 1 by more than 0.1 %. */
  peak: { time?: number; value: number };
  trough: { time?: number; value: number };
}

export interface TurnoverMetrics {
  formation?: { column: string; unit: string; end: number; reference: number };
  resorption?: { column: string; unit: string; end: number; reference: number };
  /** Formation over resorption at the end (1 when balanced); and in the reference. */
  balance?: { end: number; reference: number };
}

export interface ScenarioMetrics {
  key: string;
  label: string;
  scenario: { id: string; title: string; file?: string };
  model: { id: string; title: string };
  timeUnit: TimeUnit;
  duration: number;
  referenceRun: string;
  boneVolume?: BoneVolumeMetrics;
  populations: PopulationMetrics[];
  steadyState: SteadyStateMetrics;
  turnover: TurnoverMetrics;
  /** Resorption (CTX proxy) and formation (P1NP proxy) relative to the reference at each time. */
  biomarkers: { ctx?: RelativeSeries; p1np?: RelativeSeries };
}

const POPULATION_ROLES: readonly Role[] = ['active_osteoblasts', 'active_osteoclasts', 'osteoblast_precursors', 'osteoclast_precursors', 'tumour'];
const MILESTONE_YEARS = [1, 5, 10];
/** A change smaller than this (relative) is "no lasting effect" for half-effect times. */
const NO_EFFECT = 1e-3;

/**
 * The report's metrics of one compared run: bone volume changes, cell peaks and troughs, new steady state, turnover and biomarker proxies.
 *
 * @example
 * ```ts
 * const comparison = compareRuns(runs);
 * const metrics = runMetrics(comparison.runs[0], comparison.timeUnit);
 * metrics.boneVolume?.changes;
 * ```
 */
export function runMetrics(run: ComparedRun, timeUnit: TimeUnit): ScenarioMetrics {
  const { result, reference } = run;
  const toCommon = timeFactor(result.model.timeUnit, timeUnit);
  const trajectory = (r: SimulationResult, column: string): Trajectory => ({ times: r.times, values: r.series[column] });
  const own = (column: string) => trajectory(result, column);
  const referenceStart = (column: string) => reference.series[column]?.[0] ?? own(column).values[0];
  const duration = result.times[result.times.length - 1];
  const roles = result.model.roles;

  const bvColumn = roles.bone_volume;
  const boneVolume = bvColumn ? boneVolumeMetrics(own(bvColumn), bvColumn, result.units[bvColumn], result.model.timeUnit, toCommon) : undefined;

  const populations: PopulationMetrics[] = [];
  for (const role of POPULATION_ROLES) {
    const column = roles[role];
    if (!column || !result.series[column]) continue;
    const t = own(column);
    const ref = referenceStart(column);
    const fold = (v: number) => v / ref;
    const start = t.values[0];
    const excursion = (kind: 'max' | 'min'): Excursion => {
      const e = extreme(t, kind);
      // Against a reference of 0 (an unseeded tumour) only changes above the solver's atol count.
      const moved = (kind === 'max' ? e.value - start : start - e.value) > Math.max(NO_EFFECT * Math.abs(ref), 1e3 * result.solver.atol);
      return moved ? { time: timeExtremeReached(t, e, start) * toCommon, value: e.value, fold: fold(e.value) } : { value: start, fold: fold(start) };
    };
    const end = t.values[t.values.length - 1];
    populations.push({
      role, title: ROLE_TITLES[role], column, unit: result.units[column], reference: ref,
      peak: excursion('max'),
      trough: excursion('min'),
      end: { time: duration * toCommon, value: end, fold: fold(end) },
      halfEffectTime: scaled(halfEffectTime(t, Math.max(Math.abs(ref), 1e3 * result.solver.atol / NO_EFFECT)), toCommon),
    });
  }

  const dynamic = result.model.species.map((s) => s.name).filter((name) => name !== bvColumn);
  const steadyState = steadyStateMetrics(result, dynamic, referenceStart, toCommon);

  const turnover: TurnoverMetrics = {};
  const endOf = (r: SimulationResult, column: string) => valueAt(trajectory(r, column), duration);
  const formation = roles.formation;
  const resorption = roles.resorption;
  if (formation) turnover.formation = { column: formation, unit: result.units[formation], end: endOf(result, formation), reference: endOf(reference, formation) };
  if (resorption) turnover.resorption = { column: resorption, unit: result.units[resorption], end: endOf(result, resorption), reference: endOf(reference, resorption) };
  if (turnover.formation && turnover.resorption) {
    turnover.balance = {
      end: turnover.formation.end / turnover.resorption.end,
      reference: turnover.formation.reference / turnover.resorption.reference,
    };
  }

  return {
    key: run.key,
    label: run.label,
    scenario: { id: result.scenario.id, title: result.scenario.title, file: result.scenario.file },
    model: { id: result.model.id, title: result.model.title },
    timeUnit,
    duration: duration * toCommon,
    referenceRun: reference.scenario.id,
    boneVolume,
    populations,
    steadyState,
    turnover,
    biomarkers: {
      ctx: resorption ? relativeSeries(result, reference, resorption, toCommon) : undefined,
      p1np: formation ? relativeSeries(result, reference, formation, toCommon) : undefined,
    },
  };
}

function boneVolumeMetrics(t: Trajectory, column: string, unit: string, modelUnit: TimeUnit, toCommon: number): BoneVolumeMetrics {
  const start = t.values[0];
  const duration = t.times[t.times.length - 1];
  const year = DAYS_PER.year / DAYS_PER[modelUnit];
  const change = (label: string, time: number): BoneVolumeChange => {
    const value = valueAt(t, time);
    return { label, time: time * toCommon, value, changePercent: 100 * (value / start - 1) };
  };
  const changes = MILESTONE_YEARS.filter((y) => y * year <= duration * (1 + 1e-9)).map((y) => change(y === 1 ? '1 year' : `${y} years`, Math.min(y * year, duration)));
  if (!changes.length || Math.abs(changes[changes.length - 1].time / toCommon - duration) > 1e-9 * duration) changes.push(change('end', duration));
  const window = Math.min(year, 0.1 * duration);
  const rate = (valueAt(t, duration) - valueAt(t, duration - window)) / window;
  return {
    column,
    unit,
    start,
    changes,
    halfEffectTime: scaled(halfEffectTime(t, Math.abs(start)), toCommon),
    endRatePercentPerYear: (100 * rate * year) / start,
  };
}

/** When the trajectory first covered half of its start-to-end change; undefined for no lasting change. */
function halfEffectTime(t: Trajectory, scale: number): number | undefined {
  const start = t.values[0];
  const effect = t.values[t.values.length - 1] - start;
  if (!(Math.abs(effect) > NO_EFFECT * scale)) return undefined;
  return firstDeparture(t, start, Math.abs(effect) / 2);
}

function steadyStateMetrics(
  result: SimulationResult, dynamic: readonly string[], referenceStart: (column: string) => number, toCommon: number,
): SteadyStateMetrics {
  const duration = result.times[result.times.length - 1];
  const year = DAYS_PER.year / DAYS_PER[result.model.timeUnit];
  const window = Math.min(year, 0.1 * duration);
  let recentChange = 0;
  let settledAt: number | undefined = 0;
  for (const name of dynamic) {
    const t = { times: result.times, values: result.series[name] };
    const end = valueAt(t, duration);
    // A species that stays at 0 (an unseeded tumour) only picks up rounding: judge it against the solver's atol.
    const scale = Math.max(Math.abs(end), Math.abs(referenceStart(name)) * NO_EFFECT, 1e3 * result.solver.atol);
    recentChange = Math.max(recentChange, Math.abs(end - valueAt(t, duration - window)) / scale);
    const settled = settlingTime(t, end, Math.max(0.01 * Math.max(Math.abs(end), Math.abs(referenceStart(name))), 1e3 * result.solver.atol));
    settledAt = settled === undefined || settledAt === undefined ? undefined : Math.max(settledAt, settled);
  }
  return { reached: recentChange < NO_EFFECT, settledAt: scaled(settledAt, toCommon), recentChange, window: window * toCommon };
}

function relativeSeries(result: SimulationResult, reference: SimulationResult, column: string, toCommon: number): RelativeSeries {
  const own = result.series[column];
  const ref = { times: reference.times, values: reference.series[column] };
  const ratio = new Float64Array(own.length);
  for (let i = 0; i < own.length; i++) ratio[i] = own[i] / valueAt(ref, result.times[i]);
  const t = { times: result.times, values: ratio };
  const excursion = (kind: 'max' | 'min') => {
    const e = extreme(t, kind);
    return (kind === 'max' ? e.value - 1 : 1 - e.value) > NO_EFFECT ? { time: timeExtremeReached(t, e, 1) * toCommon, value: e.value } : { value: kind === 'max' ? Math.max(1, e.value) : Math.min(1, e.value) };
  };
  return { column, end: ratio[ratio.length - 1], peak: excursion('max'), trough: excursion('min') };
}

function scaled(time: number | undefined, factor: number): number | undefined {
  return time === undefined ? undefined : time * factor;
}
