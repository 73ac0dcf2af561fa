import type { Model } from '../../src/model/model.ts';
import type { LineSeries, Panel } from '../../src/render/chartTypes.ts';
import type { SimulationResult } from '../../src/simulate/simulate.ts';

/** Small builders for notebook figures: a run's column as a line, raw or relative to its start. */
export const CELL_COLORS = { precursors: '#009E73', osteoblasts: '#0072B2', osteoclasts: '#D55E00' } as const;

export function line(result: SimulationResult, column: string, label: string, style: Partial<LineSeries> = {}): LineSeries {
  return { label, times: result.times, values: result.series[column], ...style };
}

/** The column divided by its value at t = 0 (the steady state), so cells of any size share an axis. */
export function foldLine(result: SimulationResult, column: string, label: string, style: Partial<LineSeries> = {}): LineSeries {
  const values = result.series[column];
  const start = values[0];
  return { label, times: result.times, values: values.map((v) => v / start), ...style };
}

/** Precursors, active osteoblasts and active osteoclasts of a run, found by role, relative to their start. */
export function cellFoldPanel(result: SimulationResult, title: string): Panel {
  const roles = result.model.roles;
  const series: LineSeries[] = [];
  if (roles.osteoblast_precursors) series.push(foldLine(result, roles.osteoblast_precursors, 'osteoblast precursors', { color: CELL_COLORS.precursors }));
  if (roles.active_osteoblasts) series.push(foldLine(result, roles.active_osteoblasts, 'active osteoblasts', { color: CELL_COLORS.osteoblasts }));
  if (roles.active_osteoclasts) series.push(foldLine(result, roles.active_osteoclasts, 'active osteoclasts', { color: CELL_COLORS.osteoclasts }));
  return { title, unit: '\u00d7 steady state', series };
}

export function parameter(model: Model, name: string): number {
  const found = model.parameters.find((p) => p.name === name);
  if (!found) throw new Error(`model ${model.id} has no parameter ${name}`);
  return found.value;
}

/** The value of a column at time t (an output time), by index lookup. */
export function at(result: SimulationResult, column: string, t: number): number {
  return result.series[column][indexAt(result, t)];
}

export function maxOf(result: SimulationResult, column: string, from = 0, to = Infinity): { value: number; time: number } {
  let best = { value: -Infinity, time: Number.NaN };
  result.times.forEach((t, i) => {
    const v = result.series[column][i];
    if (t >= from && t <= to && v > best.value) best = { value: v, time: t };
  });
  return best;
}

export function minOf(result: SimulationResult, column: string, from = 0, to = Infinity): { value: number; time: number } {
  let best = { value: Infinity, time: Number.NaN };
  result.times.forEach((t, i) => {
    const v = result.series[column][i];
    if (t >= from && t <= to && v < best.value) best = { value: v, time: t };
  });
  return best;
}

/** The integral of a column over the run (trapezoids on the output grid), optionally of its value divided by `per`. */
export function integral(result: SimulationResult, column: string, per = 1): number {
  const { times } = result;
  const values = result.series[column];
  let area = 0;
  for (let i = 1; i < times.length; i++) area += ((values[i] + values[i - 1]) / 2) * (times[i] - times[i - 1]);
  return area / per;
}

/** The first time a column reaches `level` (rising through it), linearly interpolated between outputs; undefined if it never does. */
export function timeToReach(result: SimulationResult, column: string, level: number): number | undefined {
  const { times } = result;
  const values = result.series[column];
  if (values[0] >= level) return times[0];
  for (let i = 1; i < times.length; i++) {
    if (values[i] >= level) return times[i - 1] + ((level - values[i - 1]) / (values[i] - values[i - 1])) * (times[i] - times[i - 1]);
  }
  return undefined;
}

/** The output index closest to time t. */
export function indexAt(result: SimulationResult, t: number): number {
  let best = 0;
  // At an event time the result has the rows just before and just after it: read the one after.
  for (let i = 0; i < result.times.length; i++) if (Math.abs(result.times[i] - t) <= Math.abs(result.times[best] - t)) best = i;
  return best;
}
