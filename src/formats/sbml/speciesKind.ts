import type { BaseQuantity, Dimension } from '../../model/units.ts';

/**
 * How a bonesim state is written in SBML, by its unit: a concentration (amount, mass or cells per
 * volume) is a species whose value is its concentration; an amount (mol, g, cells) is a species
 * with hasOnlySubstanceUnits; anything else (%, a fraction, an activity) is a parameter with a
 * rate rule, since SBML species are amounts of something in a compartment.
 */
export type SpeciesKind = 'concentration' | 'amount' | 'parameter';

const SUBSTANCES: BaseQuantity[] = ['amount', 'mass', 'cells'];

export function classifySpecies(unit: Dimension): SpeciesKind {
  const entries = Object.entries(unit.exponents).filter(([, e]) => e !== 0) as Array<[BaseQuantity, number]>;
  const substance = entries.filter(([q]) => SUBSTANCES.includes(q));
  if (substance.length !== 1 || substance[0][1] !== 1) return 'parameter';
  const others = entries.filter(([q]) => !SUBSTANCES.includes(q));
  if (others.length === 0) return 'amount';
  if (others.length === 1 && others[0][0] === 'volume' && others[0][1] === -1) return 'concentration';
  return 'parameter';
}
