import type { Model } from '../model/model.ts';
import type { Role } from '../model/schema.ts';
import { DAYS_PER } from '../model/timeUnits.ts';

/**
 * The scenario metrics of one ensemble member, read off its values at the ensemble's output times:
 * bone volume change at 1, 5 and 10 years (those within the run; the end too when it is not one of
 * them) and its lowest point, in % of the member's own rest state; turnover markers (resorption, the
 * CTX proxy; formation, the P1NP proxy) and the active cell populations as folds of the member's own
 * rest values, at the end and at their highest and lowest. "Rest" is the member's steady state before
 * the scenario changes anything at t = 0, so a virtual patient is measured against herself, as a
 * comparison measures a scenario against the healthy run. Highs and lows are read at the output times.
 */
export interface MetricDefinition {
  /** Column name in the outputs (e.g. bone_volume_change_10y_pct). */
  name: string;
  /** For people (e.g. "bone volume change at 10 years"). */
  label: string;
  /** "%", or "fold" (ratio to the member at rest). */
  unit: string;
}

export interface MemberMetrics {
  definitions: MetricDefinition[];
  /** The columns (species or observables) the metrics read. */
  reads: string[];
  /** Output times the metrics need exactly (milestones, in the model's time unit). */
  times: number[];
  /**
   * Bind to a layout: `position(name)` is where a column sits in a member's values. The returned
   * function fills one member's metrics (NaN where a value is missing) without allocating.
   */
  bind(times: Float64Array, position: (name: string) => number): (values: Float64Array, start: Float64Array, out: Float64Array) => void;
}

const MILESTONE_YEARS = [1, 5, 10];
const FOLD_ROLES: Array<{ role: Role; title: string; extremes: boolean }> = [
  { role: 'resorption', title: 'resorption (CTX proxy)', extremes: true },
  { role: 'formation', title: 'formation (P1NP proxy)', extremes: true },
  { role: 'active_osteoclasts', title: 'active osteoclasts', extremes: false },
  { role: 'active_osteoblasts', title: 'active osteoblasts', extremes: false },
];

type Reader = (values: Float64Array, start: Float64Array) => number;

/**
 * The metrics a model's roles allow over a run of `duration` (model time units).
 *
 * @example
 * ```ts
 * const metrics = memberMetrics(model, scenario.duration);
 * metrics.definitions.map((m) => m.name); // ['bone_volume_change_1y_pct', ..., 'resorption_end_fold', ...]
 * ```
 */
export function memberMetrics(model: Model, duration: number): MemberMetrics {
  const year = DAYS_PER.year / DAYS_PER[model.timeUnit];
  const definitions: MetricDefinition[] = [];
  const reads: string[] = [];
  const times: number[] = [];
  const makers: Array<(times: Float64Array, position: (name: string) => number) => Reader> = [];
  const at = (times: Float64Array, t: number) => {
    // Milestones are among the output times (the plan puts them there); the nearest one otherwise.
    let best = 0;
    for (let k = 1; k < times.length; k++) if (Math.abs(times[k] - t) < Math.abs(times[best] - t)) best = k;
    return best;
  };
  const bone = model.roles.bone_volume;
  if (bone) {
    reads.push(bone);
    const milestones = MILESTONE_YEARS.filter((y) => y * year <= duration * (1 + 1e-9)).map((y) => ({ label: `${y} year${y > 1 ? 's' : ''}`, name: `${y}y`, time: Math.min(y * year, duration) }));
    if (!milestones.length || Math.abs(milestones[milestones.length - 1].time - duration) > 1e-9 * duration) milestones.push({ label: 'the end', name: 'end', time: duration });
    for (const m of milestones) {
      times.push(m.time);
      definitions.push({ name: `bone_volume_change_${m.name}_pct`, label: `bone volume change at ${m.label}`, unit: '%' });
      makers.push((grid, position) => {
        const column = position(bone);
        const k = at(grid, m.time);
        const points = grid.length;
        return (values, start) => 100 * (values[column * points + k] / start[column] - 1);
      });
    }
    definitions.push({ name: 'bone_volume_lowest_change_pct', label: 'lowest bone volume', unit: '%' });
    makers.push((grid, position) => {
      const column = position(bone);
      const points = grid.length;
      return (values, start) => 100 * (lowest(values, column * points, points) / start[column] - 1);
    });
  }
  for (const { role, title, extremes } of FOLD_ROLES) {
    const name = model.roles[role];
    if (!name) continue;
    reads.push(name);
    definitions.push({ name: `${role}_end_fold`, label: `${title} at the end`, unit: 'fold' });
    makers.push((grid, position) => {
      const column = position(name);
      const points = grid.length;
      return (values, start) => values[column * points + points - 1] / start[column];
    });
    if (!extremes) continue;
    definitions.push({ name: `${role}_highest_fold`, label: `highest ${title}`, unit: 'fold' });
    makers.push((grid, position) => {
      const column = position(name);
      const points = grid.length;
      return (values, start) => highest(values, column * points, points) / start[column];
    });
    definitions.push({ name: `${role}_lowest_fold`, label: `lowest ${title}`, unit: 'fold' });
    makers.push((grid, position) => {
      const column = position(name);
      const points = grid.length;
      return (values, start) => lowest(values, column * points, points) / start[column];
    });
  }
  return {
    definitions,
    reads: [...new Set(reads)],
    times,
    bind(grid, position) {
      const readers = makers.map((make) => make(grid, position));
      return (values, start, out) => {
        for (let m = 0; m < readers.length; m++) out[m] = readers[m](values, start);
      };
    },
  };
}

/** Lowest and highest of a stretch; NaN if any value is NaN (a member stopped early has no end). */
function lowest(values: Float64Array, from: number, count: number): number {
  let v = Infinity;
  for (let k = from; k < from + count; k++) {
    const x = values[k];
    if (x !== x) return NaN;
    if (x < v) v = x;
  }
  return v;
}

function highest(values: Float64Array, from: number, count: number): number {
  let v = -Infinity;
  for (let k = from; k < from + count; k++) {
    const x = values[k];
    if (x !== x) return NaN;
    if (x > v) v = x;
  }
  return v;
}
