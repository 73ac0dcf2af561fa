import { isDimensionless, parseUnit, type BaseQuantity, type Dimension } from '../../model/units.ts';
import { symbolsOf, type Expr } from '../../model/expr.ts';
import { parseExpression } from '../../model/parseExpression.ts';
import { element } from './writeXml.ts';

/**
 * bonesim units as SBML unit definitions. A bonesim unit is a dimension over mol, L, g, day and
 * cells with one scale factor (src/model/units.ts); SBML writes it as base units (mole, litre,
 * gram, second, item) with exponents, scales and multipliers. Each distinct unit becomes one
 * <unitDefinition>, named after the bonesim unit text where that text makes a valid id
 * (pM_per_day, per_pM_day, percent), so the SBML reads like the model file.
 */
export interface SbmlUnit {
  kind: 'mole' | 'litre' | 'gram' | 'second' | 'item' | 'dimensionless';
  exponent: number;
  scale: number;
  multiplier: number;
}

export interface UnitDefinition {
  id: string;
  /** The bonesim unit text it was made for (first use). */
  name: string;
  units: SbmlUnit[];
  dimension: Dimension;
}

const KIND: Record<BaseQuantity, SbmlUnit['kind']> = { amount: 'mole', mass: 'gram', cells: 'item', volume: 'litre', time: 'second' };
/** Where the one scale factor of a dimension goes: the first of these the unit has. */
const ORDER: BaseQuantity[] = ['amount', 'mass', 'cells', 'volume', 'time'];
const SECONDS_PER_DAY = 86400;

/** Unit ids SBML predefines (L3V2 base units), which a unit definition may not take. */
const BASE_UNITS = new Set([
  'ampere', 'avogadro', 'becquerel', 'candela', 'coulomb', 'dimensionless', 'farad', 'gram', 'gray', 'henry', 'hertz', 'item',
  'joule', 'katal', 'kelvin', 'kilogram', 'litre', 'lumen', 'lux', 'metre', 'mole', 'newton', 'ohm', 'pascal', 'radian',
  'second', 'siemens', 'sievert', 'steradian', 'tesla', 'volt', 'watt', 'weber',
]);

const PREFIX_NAME: Array<[number, string]> = [[1e-15, 'f'], [1e-12, 'p'], [1e-9, 'n'], [1e-6, 'u'], [1e-3, 'm'], [1, ''], [1e3, 'k']];
const SYMBOL: Partial<Record<BaseQuantity, string>> = { amount: 'mol', mass: 'g', volume: 'L' };

/** The SBML units of a dimension: base units with their exponents, the scale on the first. */
export function sbmlUnits(dimension: Dimension): SbmlUnit[] {
  const units: SbmlUnit[] = [];
  for (const quantity of ORDER) {
    const exponent = dimension.exponents[quantity];
    if (!exponent) continue;
    units.push({ kind: KIND[quantity], exponent, scale: 0, multiplier: quantity === 'time' ? SECONDS_PER_DAY : 1 });
  }
  if (units.length === 0) {
    if (dimension.scale === 1) return [];
    units.push({ kind: 'dimensionless', exponent: 1, scale: 0, multiplier: 1 });
  }
  // (multiplier * 10^scale)^exponent must carry the dimension's scale: an exact power of ten goes
  // into `scale` (pmol is mole with scale -12), anything else into the multiplier.
  const first = units[0];
  const factor = dimension.scale ** (1 / first.exponent);
  const decade = Math.round(Math.log10(factor));
  if (first.kind !== 'second' && Math.abs(factor / 10 ** decade - 1) < 1e-12) first.scale = decade;
  else first.multiplier = Number((first.multiplier * factor).toPrecision(15));
  return units;
}

/** A key that two equal dimensions share (same exponents, same scale to 12 digits). */
export function dimensionKey(dimension: Dimension): string {
  const exponents = ORDER.filter((q) => dimension.exponents[q]).map((q) => `${q}^${Number(dimension.exponents[q]!.toPrecision(12))}`);
  return `${exponents.join(' ')}|${Number(dimension.scale.toPrecision(12))}`;
}

/** A valid UnitSId from bonesim unit text: "pM/day" -> pM_per_day, "1/(pM*day)" -> per_pM_day, "%" -> percent. */
export function unitIdFromText(text: string): string | undefined {
  let id = text.replace(/\s+/g, '').replace(/%/g, 'percent').replace(/\u00b5/g, 'u');
  id = id.replace(/^1\//, 'per_').replace(/\//g, '_per_').replace(/\*/g, '_').replace(/[()]/g, '');
  id = id.replace(/\^(-?)(\d+(?:\.\d+)?)/g, (_, sign: string, digits: string) => `${sign ? '_minus' : ''}${digits.replace('.', '_')}`);
  id = id.replace(/_+/g, '_').replace(/_$/, '');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) ? id : undefined;
}

/** A name for a dimension that no unit text names: a prefixed base unit where there is one (pmol, ug). */
function idFromDimension(dimension: Dimension): string | undefined {
  const entries = Object.entries(dimension.exponents) as Array<[BaseQuantity, number]>;
  if (entries.length !== 1 || entries[0][1] !== 1) return undefined;
  const symbol = SYMBOL[entries[0][0]];
  const prefix = PREFIX_NAME.find(([value]) => Math.abs(dimension.scale / value - 1) < 1e-12);
  return symbol && prefix ? prefix[1] + symbol : undefined;
}

/** Collects the unit definitions a document needs: one per unit text, and one per unit no text names. */
export class UnitTable {
  private readonly byText = new Map<string, UnitDefinition>();
  private readonly byKey = new Map<string, UnitDefinition>();
  private readonly ids = new Set<string>();
  private readonly all: UnitDefinition[] = [];
  private readonly nominal: ReadonlyMap<string, number>;

  /** `nominal`: parameter values for units whose exponents name parameters (checked at those values). */
  constructor(nominal: ReadonlyMap<string, number>) {
    this.nominal = nominal;
  }

  /** The unit id for bonesim unit text ('dimensionless' for "1" and other pure numbers 1 such as pM/pM). */
  idForText(text: string): string {
    const dimension = parseUnit(text, this.nominal);
    if (isDimensionless(dimension) && dimension.scale === 1) return 'dimensionless';
    const normalized = text.replace(/\s+/g, '');
    const known = this.byText.get(normalized);
    if (known) return known.id;
    // Exponents that name parameters make text that is no good as a name: name it by what it is here.
    const definition = this.add(dimension, hasSymbolicExponent(text) ? undefined : text);
    this.byText.set(normalized, definition);
    return definition.id;
  }

  /** The unit id for a dimension (an inferred unit): an existing definition of it, or a new one. */
  idFor(dimension: Dimension): string {
    if (isDimensionless(dimension) && dimension.scale === 1) return 'dimensionless';
    return (this.byKey.get(dimensionKey(dimension)) ?? this.add(dimension, undefined)).id;
  }

  private add(dimension: Dimension, text: string | undefined): UnitDefinition {
    let id = (text !== undefined ? unitIdFromText(text) : undefined) ?? idFromDimension(dimension) ?? 'unit';
    if (BASE_UNITS.has(id)) id = `${id}_unit`;
    // The same unit under the same name (ug from "ug" and from ng/mL times litre) is one definition.
    const same = this.all.find((d) => d.id === id && dimensionKey(d.dimension) === dimensionKey(dimension));
    if (same) return same;
    const base = id;
    for (let k = 2; this.ids.has(id); k++) id = `${base}_${k}`;
    this.ids.add(id);
    const definition = { id, name: text ?? id, units: sbmlUnits(dimension), dimension };
    const key = dimensionKey(dimension);
    if (!this.byKey.has(key)) this.byKey.set(key, definition);
    this.all.push(definition);
    return definition;
  }

  definitions(): UnitDefinition[] {
    return [...this.all];
  }

  /** <listOfUnitDefinitions>, or nothing if every unit is predefined. */
  toXml(): string {
    const definitions = this.definitions();
    if (definitions.length === 0) return '';
    return element('listOfUnitDefinitions', {}, definitions.map((d) => element('unitDefinition', { id: d.id, name: d.name }, [
      element('listOfUnits', {}, d.units.map((u) => element('unit', { kind: u.kind, exponent: u.exponent, scale: u.scale, multiplier: u.multiplier }))),
    ])));
  }
}

/** True for units such as cell^(1-g11-g21)/day, whose exponents name parameters. */
export function hasSymbolicExponent(text: string): boolean {
  const visit = (e: Expr): boolean => {
    switch (e.type) {
      case 'binary':
        return (e.op === '^' && symbolsOf(e.right).size > 0) || visit(e.left) || visit(e.right);
      case 'unary':
        return visit(e.arg);
      default:
        return false;
    }
  };
  return visit(parseExpression(text.replace(/%/g, 'percent')));
}
