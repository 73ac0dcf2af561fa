import { inputError } from '../errors.ts';
import type { Expr } from './expr.ts';
import { parseExpression } from './parseExpression.ts';

/**
 * Units as dimensions with a scale: exponents of base quantities (amount, volume, mass,
 * time, cells) and a factor relative to mol, L, g, day and one cell. "pM/day" is
 * amount^1 volume^-1 time^-1 with scale 1e-12; "%" is dimensionless with scale 0.01.
 */
export type BaseQuantity = 'amount' | 'volume' | 'mass' | 'time' | 'cells';

export interface Dimension {
  readonly exponents: Readonly<Partial<Record<BaseQuantity, number>>>;
  readonly scale: number;
}

export const DIMENSIONLESS: Dimension = Object.freeze({ exponents: {}, scale: 1 });

const PREFIX: Record<string, number> = { f: 1e-15, p: 1e-12, n: 1e-9, u: 1e-6, '\u00b5': 1e-6, m: 1e-3, c: 1e-2, d: 1e-1, '': 1, k: 1e3 };

const TIME_IN_DAYS: Record<string, number> = {
  s: 1 / 86400, sec: 1 / 86400, second: 1 / 86400, min: 1 / 1440, minute: 1 / 1440, h: 1 / 24, hr: 1 / 24, hour: 1 / 24,
  d: 1, day: 1, week: 7, wk: 7, month: 365.25 / 12, year: 365.25, yr: 365.25,
};

/** One named unit: a time unit, a prefixed SI unit (pM, ng, mL, mmol), percent, or cells. */
function atom(name: string): Dimension | undefined {
  if (Object.hasOwn(TIME_IN_DAYS, name)) return { exponents: { time: 1 }, scale: TIME_IN_DAYS[name] };
  if (name === 'percent') return { exponents: {}, scale: 0.01 };
  if (name === 'cell' || name === 'cells') return { exponents: { cells: 1 }, scale: 1 };
  const match = /^(f|p|n|u|\u00b5|m|c|d|k)?(M|mol|g|L|l)$/.exec(name);
  if (!match) return undefined;
  const prefix = PREFIX[match[1] ?? ''];
  switch (match[2]) {
    case 'M': return { exponents: { amount: 1, volume: -1 }, scale: prefix };
    case 'mol': return { exponents: { amount: 1 }, scale: prefix };
    case 'g': return { exponents: { mass: 1 }, scale: prefix };
    default: return { exponents: { volume: 1 }, scale: prefix };
  }
}

const cache = new Map<string, Dimension>();

/**
 * Read a unit string such as "1/(pM*day)", "%/day", "ng/mL" or "1". Exponents may name
 * parameters (Komarova's "cell^(1-g11-g21)/day"); they are evaluated with `parameters`, so
 * such units are checked at those (nominal) values. Throws an input error for an unknown unit.
 */
export function parseUnit(text: string, parameters?: ReadonlyMap<string, number>): Dimension {
  const cached = cache.get(text);
  if (cached) return cached;
  let expr: Expr;
  try {
    expr = parseExpression(text.replace(/%/g, 'percent'));
  } catch {
    throw inputError(`"${text}" is not a unit`, {}, 'write units like pM, 1/day, pM/day, 1/(pM*day), %, ng/mL or 1 (dimensionless)');
  }
  let symbolic = false;
  const dimension = evaluateUnit(expr, text, (e) => {
    const value = exponentValue(e, parameters);
    if (value === undefined) return undefined;
    if (!isNumberLiteral(e)) symbolic = true;
    return value;
  });
  if (!symbolic) cache.set(text, dimension);
  return dimension;
}

function isNumberLiteral(e: Expr): boolean {
  return e.type === 'num' || (e.type === 'unary' && e.op === 'neg' && e.arg.type === 'num');
}

/** An exponent: arithmetic on numbers and (given) parameter values. */
export function exponentValue(e: Expr, parameters?: ReadonlyMap<string, number>): number | undefined {
  switch (e.type) {
    case 'num':
      return e.value;
    case 'sym':
      return parameters?.get(e.name);
    case 'unary': {
      const v = exponentValue(e.arg, parameters);
      return e.op === 'neg' && v !== undefined ? -v : undefined;
    }
    case 'binary': {
      const l = exponentValue(e.left, parameters);
      const r = exponentValue(e.right, parameters);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        default: return undefined;
      }
    }
    default:
      return undefined;
  }
}

function evaluateUnit(expr: Expr, text: string, exponent: (e: Expr) => number | undefined): Dimension {
  switch (expr.type) {
    case 'num':
      return { exponents: {}, scale: expr.value };
    case 'sym': {
      const d = atom(expr.name);
      if (!d) throw inputError(`unknown unit "${expr.name}" in "${text}"`, {}, 'known units: M, mol, g, L with prefixes f p n u m c d k (pM, ng, mL), s, min, h, day, week, month, year, %, cells, 1');
      return d;
    }
    case 'binary': {
      if (expr.op === '*') return multiply(evaluateUnit(expr.left, text, exponent), evaluateUnit(expr.right, text, exponent));
      if (expr.op === '/') return divide(evaluateUnit(expr.left, text, exponent), evaluateUnit(expr.right, text, exponent));
      if (expr.op === '^') {
        const value = exponent(expr.right);
        if (value !== undefined) return power(evaluateUnit(expr.left, text, exponent), value);
      }
      break;
    }
  }
  throw inputError(`"${text}" is not a unit`, {}, 'combine units with *, / and powers ^ (numbers or parameters of the model), e.g. 1/(pM*day)');
}

export function multiply(a: Dimension, b: Dimension): Dimension {
  const exponents: Partial<Record<BaseQuantity, number>> = { ...a.exponents };
  for (const [q, e] of Object.entries(b.exponents) as Array<[BaseQuantity, number]>) {
    const sum = (exponents[q] ?? 0) + e;
    if (Math.abs(sum) < 1e-12) delete exponents[q];
    else exponents[q] = sum;
  }
  return { exponents, scale: a.scale * b.scale };
}

export function divide(a: Dimension, b: Dimension): Dimension {
  return multiply(a, power(b, -1));
}

export function power(a: Dimension, exponent: number): Dimension {
  const exponents: Partial<Record<BaseQuantity, number>> = {};
  for (const [q, e] of Object.entries(a.exponents) as Array<[BaseQuantity, number]>) exponents[q] = e * exponent;
  return { exponents, scale: a.scale ** exponent };
}

export function isDimensionless(a: Dimension): boolean {
  return Object.keys(a.exponents).length === 0;
}

/** Same quantity and same scale (to rounding): the units are interchangeable. */
export function sameUnit(a: Dimension, b: Dimension): boolean {
  const quantities = new Set([...Object.keys(a.exponents), ...Object.keys(b.exponents)]) as Set<BaseQuantity>;
  for (const q of quantities) if (Math.abs((a.exponents[q] ?? 0) - (b.exponents[q] ?? 0)) > 1e-12) return false;
  return Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(Math.abs(a.scale), Math.abs(b.scale));
}

/** Same quantity, possibly a different scale (e.g. pM and nM): a conversion factor is missing. */
export function sameQuantity(a: Dimension, b: Dimension): boolean {
  return sameUnit({ exponents: a.exponents, scale: 1 }, { exponents: b.exponents, scale: 1 });
}

const BASE_SYMBOL: Record<BaseQuantity, string> = { amount: 'mol', volume: 'L', mass: 'g', time: 'day', cells: 'cells' };

/** A readable name: one of the known unit strings if it matches, else base units with a factor. */
export function formatDimension(a: Dimension, known: Iterable<string> = []): string {
  for (const candidate of [...known, ...COMMON_UNITS]) {
    try {
      if (sameUnit(parseUnit(candidate), a)) return candidate;
    } catch {
      // a malformed candidate is reported where it is declared
    }
  }
  // Concentrations read best as pM: amount^c volume^-c becomes pM^c.
  const exponents = { ...a.exponents };
  let scale = a.scale;
  const parts: string[] = [];
  const c = exponents.amount ?? 0;
  if (c !== 0 && (exponents.volume ?? 0) === -c) {
    parts.push(c === 1 ? 'pM' : `pM^${c}`);
    scale /= 1e-12 ** c;
    delete exponents.amount;
    delete exponents.volume;
  }
  for (const [q, e] of Object.entries(exponents) as Array<[BaseQuantity, number]>) {
    parts.push(e === 1 ? BASE_SYMBOL[q] : `${BASE_SYMBOL[q]}^${Number(e.toPrecision(6))}`);
  }
  const body = parts.length ? parts.join('*') : '1';
  return Math.abs(scale - 1) < 1e-9 ? body : `${Number(scale.toPrecision(6))} ${body}`;
}

const COMMON_UNITS = ['1', '%', 'pM', 'nM', 'pM/day', 'nM/day', '1/day', '1/pM', '%/day', 'day', '1/(pM*day)', 'pM*day', 'ng/mL', 'mg', 'cells', 'cells/day'];
