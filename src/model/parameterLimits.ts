import { inputError, type ErrorLocation } from '../errors.ts';
import type { Model } from './model.ts';

/**
 * What a parameter (or input) may be set to. By default every parameter is non-negative (rates,
 * concentrations, amounts, gains), and `on_*` module switches lie in [0, 1]; a model declares the
 * exceptions under `parameter_limits:` (an exponent of any sign, a fraction in [0, 1]). A value
 * outside its limits is refused; a value inside them but outside the range the model was checked
 * over (`range:`, or `invariants.parameter_range` times the nominal value) runs with a warning.
 */
export function limitsOf(model: Model, name: string): [number, number] {
  const declared = model.parameterLimits?.[name];
  if (declared) return declared;
  return name.startsWith('on_') ? [0, 1] : [0, Infinity];
}

export function formatLimits([low, high]: readonly [number, number]): string {
  const bound = (v: number) => (v === Infinity ? '∞' : v === -Infinity ? '-∞' : String(v));
  return `[${bound(low)}, ${bound(high)}${high === Infinity ? ')' : ']'}`.replace(/^\[-∞/, '(-∞');
}

/** Refuse a value outside the parameter's limits, naming the parameter, its unit and the allowed range. */
export function checkParameterValue(model: Model, name: string, value: number, location: ErrorLocation): void {
  const [low, high] = limitsOf(model, name);
  if (value >= low && value <= high) return;
  const declared = model.parameters.find((p) => p.name === name) ?? model.inputs.find((i) => i.name === name);
  const what = declared ? ` (${declared.description}, ${declared.unit})` : '';
  throw inputError(`${name} = ${value} is outside the values it may take, ${formatLimits([low, high])}${what}`, location,
    model.parameterLimits?.[name]
      ? `give a value in ${formatLimits([low, high])}, as model ${model.id} declares under parameter_limits`
      : `give a value in ${formatLimits([low, high])}: ${name.startsWith('on_') ? 'a module switch is 0 (off), 1 (on) or between' : 'rates, concentrations and amounts are non-negative'} (a model declares exceptions under parameter_limits)`);
}

/** The range the model's invariants were checked over, or undefined for structural switches and parameters at 0. */
export function checkedRange(model: Model, name: string): [number, number] | undefined {
  const invariants = model.invariants;
  if (invariants?.fixed.includes(name)) return undefined;
  const parameter = model.parameters.find((p) => p.name === name);
  if (!parameter) return undefined;
  if (parameter.range) return parameter.range;
  if (!invariants || parameter.value === 0) return undefined;
  const [lowFactor, highFactor] = invariants.parameter_range;
  const a = parameter.value * lowFactor;
  const b = parameter.value * highFactor;
  return [Math.min(a, b), Math.max(a, b)];
}

export interface RunWarning {
  kind: 'parameter-range' | 'growth';
  message: string;
  /** The parameter outside its checked range, or the species that grew. */
  name: string;
  value?: number;
  range?: [number, number];
}

/** A warning for a value outside the range the model was checked over, or undefined. */
export function rangeWarning(model: Model, name: string, value: number, where: string | (() => string)): RunWarning | undefined {
  const range = checkedRange(model, name);
  if (!range || (value >= range[0] && value <= range[1])) return undefined;
  // A knockout the model declares (invariants.knockout) is checked by the property tests too.
  if (value === 0 && model.invariants?.knockout.some((k) => k.parameter === name)) return undefined;
  const round = (v: number) => Number(v.toPrecision(4));
  return {
    kind: 'parameter-range', name, value, range,
    message: `${name} = ${value} (${typeof where === 'string' ? where : where()}) is outside the range model ${model.id} was checked over, [${round(range[0])}, ${round(range[1])}]: its invariants are not known to hold there`,
  };
}

/**
 * limitsOf and checkedRange for every parameter of a compiled model, by index, computed once per
 * prepared simulation: a run tests its values against these numbers and words an error or warning
 * (checkParameterValue, rangeWarning) only for a value that fails.
 */
export interface ParameterBounds {
  /** The limits a value must lie in. */
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** The range the invariants were checked over (-Infinity, Infinity where there is none). */
  readonly checkedLow: Float64Array;
  readonly checkedHigh: Float64Array;
}

export function parameterBounds(model: Model, names: readonly string[]): ParameterBounds {
  const n = names.length;
  const bounds = { low: new Float64Array(n), high: new Float64Array(n), checkedLow: new Float64Array(n), checkedHigh: new Float64Array(n) };
  names.forEach((name, i) => {
    [bounds.low[i], bounds.high[i]] = limitsOf(model, name);
    [bounds.checkedLow[i], bounds.checkedHigh[i]] = checkedRange(model, name) ?? [-Infinity, Infinity];
  });
  return bounds;
}
