import type { CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import type { Role } from '../model/schema.ts';

/** A parameter the property tests may vary, with its admissible range in its own unit. */
export interface VariedParameter {
  name: string;
  index: number;
  nominal: number;
  low: number;
  high: number;
}

/**
 * The admissible parameter space of a model: every parameter with a non-zero value that is
 * not declared fixed, over its own `range:` or the model's default factor range.
 */
export function admissibleParameters(model: Model, compiled: CompiledModel): VariedParameter[] {
  const invariants = model.invariants;
  const [lowFactor, highFactor] = invariants?.parameter_range ?? [0.5, 2];
  const fixed = new Set([...(invariants?.fixed ?? []), ...(invariants?.balanced_by ? [invariants.balanced_by] : [])]);
  return model.parameters
    .filter((p) => !fixed.has(p.name) && (p.range !== undefined || p.value !== 0))
    .map((p) => {
      const [a, b] = p.range ?? [p.value * lowFactor, p.value * highFactor];
      return { name: p.name, index: compiled.parameterIndex(p.name), nominal: p.value, low: Math.min(a, b), high: Math.max(a, b) };
    });
}

/**
 * The value of a named quantity in a state: a role (resolved to its symbol), a species, an
 * observable, or `bone_balance`, the net rate of change of the bone-volume role.
 */
export function quantity(compiled: CompiledModel, name: string, t: number, y: Float64Array, p: Float64Array): number {
  const model = compiled.model;
  if (name === 'bone_balance') {
    const bone = model.roles.bone_volume;
    if (!bone) throw new Error(`model ${model.id} has no bone_volume role`);
    return rateOf(compiled, bone, t, y, p);
  }
  const symbol = model.roles[name as Role] ?? name;
  const s = compiled.speciesIndex(symbol);
  if (s >= 0) return y[s];
  const o = compiled.observableNames.indexOf(symbol);
  if (o < 0) throw new Error(`model ${model.id} has no quantity ${name}`);
  const observed = new Float64Array(compiled.observableNames.length);
  compiled.observe(t, y, p, observed);
  return observed[o];
}

/**
 * Re-derive the model's `balanced_by` parameter (e.g. k_res) so that bone volume is stationary
 * in state y: dBV/dt is linear in it, so two evaluations give the exact value.
 */
export function balanceBoneVolume(compiled: CompiledModel, y: Float64Array, p: Float64Array): void {
  const name = compiled.model.invariants?.balanced_by;
  const bone = compiled.model.roles.bone_volume;
  if (!name || !bone) return;
  const k = compiled.parameterIndex(name);
  const k1 = p[k];
  const r1 = rateOf(compiled, bone, 0, y, p);
  p[k] = k1 * 2 || 1;
  const r2 = rateOf(compiled, bone, 0, y, p);
  p[k] = r2 === r1 ? k1 : k1 - (r1 * (p[k] - k1)) / (r2 - r1);
}

function rateOf(compiled: CompiledModel, species: string, t: number, y: Float64Array, p: Float64Array): number {
  const dydt = new Float64Array(y.length);
  compiled.rhs(t, y, p, dydt);
  return dydt[compiled.speciesIndex(species)];
}

/**
 * How far a conserved pool is from obeying its own balance: the sum of its parts' rates minus its
 * turnover, with the scale that rounding is measured against (both sides' magnitudes).
 */
export function conservationResidual(
  compiled: CompiledModel,
  law: { parts: readonly string[]; turnover: string },
  t: number, y: Float64Array, p: Float64Array,
): { residual: number; scale: number } {
  const dydt = new Float64Array(y.length);
  compiled.rhs(t, y, p, dydt);
  let sum = 0;
  let scale = 0;
  for (const part of law.parts) {
    const rate = dydt[compiled.speciesIndex(part)];
    sum += rate;
    scale += Math.abs(rate);
  }
  const turnover = quantity(compiled, law.turnover, t, y, p);
  return { residual: sum - turnover, scale: scale + Math.abs(turnover) };
}
