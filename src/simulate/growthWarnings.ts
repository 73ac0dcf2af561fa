import type { Model } from '../model/model.ts';
import type { RunWarning } from '../model/parameterLimits.ts';
import { formatTime } from '../model/timeUnits.ts';

/** A species that grew by more than this factor from its start (or from what events gave it) gets a diagnostic. */
export const GROWTH_WARNING_FACTOR = 1e6;

/** Species that grew by many orders of magnitude: often a sign or unit error in a parameter the scenario sets. */
export function growthWarnings(model: Model, series: Record<string, Float64Array>, start: Float64Array, end: Float64Array,
  eventScale: Float64Array, times: Float64Array): RunWarning[] {
  const warnings: RunWarning[] = [];
  model.species.forEach((s, i) => {
    const values = series[s.name];
    const first = start[i];
    let peak = Math.abs(end[i]);
    let when = times.length ? times[times.length - 1] : Number.NaN;
    if (values) {
      // Plain assignments: a destructuring swap here built an array at every new peak (half of a daily run's time).
      for (let k = 0; k < values.length; k++) {
        const size = Math.abs(values[k]);
        if (size > peak) {
          peak = size;
          when = times[k];
        }
      }
    }
    const reference = Math.max(Math.abs(first), eventScale[i]);
    if (!(reference > 0) || !(peak > GROWTH_WARNING_FACTOR * reference)) return;
    const orders = Math.floor(Math.log10(peak / reference));
    warnings.push({
      kind: 'growth', name: s.name, value: peak,
      message: `${s.name} (${s.description}) grew by ${orders} orders of magnitude, from ${Number(reference.toPrecision(3))} to ${Number(peak.toPrecision(3))} ${s.unit}` +
        `${Number.isFinite(when) ? ` (t = ${formatTime(when, model.timeUnit)})` : ''}: check the signs and units of the parameters the scenario changes`,
    });
  });
  return warnings;
}
