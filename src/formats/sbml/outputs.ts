import { inputError } from '../../errors.ts';
import type { Expr } from '../../model/expr.ts';
import type { SbmlOutput } from './simulateSbml.ts';
import type { SbmlSystem } from './system.ts';

export type Measure = 'amount' | 'concentration' | 'value';

/**
 * The expression for an SBML id as a result column: its symbol's value, or for a species its
 * amount or concentration whatever its hasOnlySubstanceUnits says.
  *
 * @example
 * ```ts
 * const column = sbmlOutput(system, 'S1', 'concentration');
 */
export function outputFor(system: SbmlSystem, id: string, measure: Measure = 'value'): SbmlOutput {
  const v = system.variables.get(id);
  if (!v) {
    throw inputError(`"${id}" is not an id of the model`, {}, `use one of: ${[...system.variables.keys()].slice(0, 20).join(', ')}`);
  }
  const symbol: Expr = { type: 'sym', name: v.symbol };
  if (v.kind !== 'species' || measure === 'value') return { label: id, expr: symbol };
  const size: Expr = { type: 'sym', name: v.compartment! };
  if (measure === 'amount') return { label: id, expr: v.hasOnlySubstanceUnits ? symbol : (v.amount ? { type: 'sym', name: v.amount } : { type: 'binary', op: '*', left: symbol, right: size }) };
  return { label: id, expr: v.hasOnlySubstanceUnits ? { type: 'binary', op: '/', left: symbol, right: size } : symbol };
}

/**
 * The default columns of `bonesim run FILE.xml`: every species (its concentration unless
 * hasOnlySubstanceUnits; amounts with `amounts`), then the compartments, parameters and
 * species references that change during a run.
  *
 * @example
 * ```ts
 * const columns = sbmlDefaultOutputs(system); // every species, then what changes
 */
export function defaultOutputs(system: SbmlSystem, amounts = false): SbmlOutput[] {
  const outputs: SbmlOutput[] = [];
  for (const v of system.variables.values()) {
    if (v.kind === 'species') outputs.push(outputFor(system, v.id, amounts ? 'amount' : 'value'));
  }
  for (const v of system.variables.values()) {
    if (v.kind === 'species' || v.kind === 'reaction' || v.constant) continue;
    const changes = v.storage !== 'parameter' || system.events.some((e) => e.assignments.some((a) => a.variable === v.id));
    if (changes) outputs.push(outputFor(system, v.id));
  }
  return outputs;
}
