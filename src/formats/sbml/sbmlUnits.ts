import type { TimeUnit } from '../../model/timeUnits.ts';
import type { UnitDefinition } from './document.ts';

/** The unit bonesim writes for a quantity whose unit the SBML file leaves undeclared (dimensional analysis skips it). */
export const UNKNOWN_UNIT = 'unknown';

/** SBML base unit kinds bonesim's unit language can say, as bonesim unit text. */
const BASE: Record<string, string> = {
  mole: 'mol', litre: 'L', liter: 'L', second: 's', gram: 'g', dimensionless: '1',
};

/**
 * An SBML unit reference (a base kind or a unitDefinition id) as bonesim unit text, e.g.
 * "(1e-12 * mol)" for picomole; UNKNOWN_UNIT when undeclared or not expressible (metre, item, kelvin, ...).
 */
export function unitText(reference: string | undefined, definitions: ReadonlyMap<string, UnitDefinition>): string {
  if (!reference) return UNKNOWN_UNIT;
  const definition = definitions.get(reference);
  if (!definition) return BASE[reference] ?? UNKNOWN_UNIT;
  const parts: string[] = [];
  for (const u of definition.units) {
    const base = BASE[u.kind];
    if (base === undefined) return UNKNOWN_UNIT;
    const factor = u.multiplier * 10 ** u.scale;
    if (base === '1') {
      if (factor !== 1) parts.push(`${factor}^${u.exponent}`);
      continue;
    }
    const scaled = factor === 1 ? base : `(${factor} * ${base})`;
    parts.push(u.exponent === 1 ? scaled : `${scaled}^(${u.exponent})`);
  }
  return parts.length ? parts.join(' * ') : '1';
}

const SECONDS: Array<[TimeUnit, number]> = [['second', 1], ['minute', 60], ['hour', 3600], ['day', 86400], ['week', 604800]];

/** The model's time unit as one of bonesim's, or undefined when it is none of them (or not declared). */
export function timeUnitOf(reference: string | undefined, definitions: ReadonlyMap<string, UnitDefinition>): TimeUnit | undefined {
  if (!reference) return undefined;
  if (reference === 'second') return 'second';
  const definition = definitions.get(reference);
  if (!definition || definition.units.length !== 1) return undefined;
  const [u] = definition.units;
  if (u.kind !== 'second' || u.exponent !== 1) return undefined;
  const seconds = u.multiplier * 10 ** u.scale;
  const match = SECONDS.find(([, s]) => Math.abs(s - seconds) <= 1e-9 * s);
  return match?.[0];
}
