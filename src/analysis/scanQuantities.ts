import type { CompiledModel } from '../model/compile.ts';
import type { Role } from '../model/schema.ts';
import type { ScanResult } from './scan.ts';

export interface ScanQuantity {
  role: Role;
  /** The species or observable that plays the role. */
  name: string;
  title: string;
  unit: string;
  values: Float64Array;
}

const SHOWN: Array<{ role: Role; title: string }> = [
  { role: 'active_osteoclasts', title: 'osteoclasts' },
  { role: 'active_osteoblasts', title: 'osteoblasts' },
  { role: 'bone_volume', title: 'bone volume' },
];

/**
 * Osteoclasts, osteoblasts and bone volume at each steady state of a scan, found through the
 * model's `roles:`. Bone volume is usually a readout that only integrates formation minus
 * resorption, so its value at a steady state is arbitrary (held at its start); what a steady
 * state says about bone is its net balance, d(BV)/dt = formation - resorption, which is what is
 * reported for a readout (positive: bone is gained at that steady state, negative: lost).
 */
export function scanQuantities(model: CompiledModel, p0: Float64Array, result: ScanResult): ScanQuantity[] {
  const roles = model.model.roles;
  const index = model.parameterIndex(result.parameter);
  const observed = new Float64Array(model.observableNames.length);
  const quantities: ScanQuantity[] = [];
  for (const { role, title } of SHOWN) {
    const name = roles[role];
    if (!name) continue;
    const s = model.speciesIndex(name);
    const o = model.observableNames.indexOf(name);
    const readout = s >= 0 && model.readouts[s];
    const unit = model.unitOf(name) ?? '1';
    const values = Float64Array.from(result.points, (point) => {
      if (!point.y || !point.rates) return Number.NaN;
      if (s >= 0) return readout ? point.rates[s] : point.y[s];
      const p = Float64Array.from(p0);
      p[index] = point.value;
      model.observe(0, point.y, p, observed);
      return observed[o];
    });
    quantities.push({
      role,
      name,
      title: readout ? `${title}: net balance d${name}/dt` : `${title} (${name})`,
      unit: readout ? `${unit}/${model.model.timeUnit}` : unit,
      values,
    });
  }
  return quantities;
}
