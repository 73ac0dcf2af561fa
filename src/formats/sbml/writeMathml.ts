import { DIMENSIONLESS, divide, multiply, power, type Dimension } from '../../model/units.ts';
import { isCondition } from '../../model/codegen.ts';
import { symbolsOf, type Expr } from '../../model/expr.ts';
import { dimensionOfExpr, type DimensionLookup } from './exportDimensions.ts';
import { escapeAttribute, escapeText, numberText } from './writeXml.ts';

/**
 * bonesim expressions as SBML Level 3 Version 2 MathML. Every construct the expression
 * whitelist allows has a MathML form:
 *
 * - numbers: <cn> with an sbml:units attribute (the unit the number takes where it stands, see
 *   exportDimensions.ts), in e-notation when the number needs an exponent;
 * - + - * / ^ and unary minus: plus, minus, times, divide, power;
 * - comparisons and and/or/xor/not: lt leq gt geq eq neq, and or xor not;
 * - `c ? a : b`: piecewise (a chain of conditionals becomes one piecewise);
 * - exp log log10 sqrt abs floor ceil pow min max: exp ln log root abs floor ceiling power min
 *   max (min and max are L3V2 core); sin cos tan sinh cosh tanh and their inverses asin acos
 *   atan asinh acosh atanh: the MathML functions of the same names (arcsin ... arctanh);
 * - pi: <pi/>; e: its value as a dimensionless number (libSBML cannot unit-check <exponentiale/>);
 * - sign(x): piecewise(1 if x > 0, -1 if x < 0, else 0);
 * - mod(a, b) and a % b: a function definition mod(a, b) = a - b floor(a / b), the floored
 *   modulo bonesim computes (MathML's rem truncates, so it differs for negative numbers).
 *
 * bonesim turns conditions into 1/0 where a number is expected and numbers into "not 0" where
 * a condition is; SBML keeps booleans and numbers apart, so the writer does the same
 * conversions explicitly (piecewise(1, c, 0) and neq(x, 0)).
 */
export type SymbolRef =
  | { kind: 'ci'; id: string }
  | { kind: 'time' }
  | { kind: 'number'; value: number; dimension: Dimension }
  | { kind: 'pi' }
  | { kind: 'e' };

export interface MathContext {
  /** What a bonesim symbol is in the SBML document. */
  symbol(name: string): SymbolRef;
  /** The unit of a symbol, for the units of the numbers it meets. */
  dimensionOf: DimensionLookup;
  /** The SBML unit id of a dimension (registers its unit definition). */
  unitId(dimension: Dimension): string;
  /** Parameter values, for powers whose exponents are parameters. */
  nominal: ReadonlyMap<string, number>;
  /** Id of the mod function definition; the writer records that it is needed. */
  modFunctionId: string;
  usesMod: boolean;
}

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
export const SBML_L3V2_NS = 'http://www.sbml.org/sbml/level3/version2/core';
const TIME_URL = 'http://www.sbml.org/sbml/symbols/time';

export interface NumberOptions {
  /**
   * A value bonesim reads in the unit of its target without checking (an event value): numbers in
   * its products take the unit that makes the whole the `expected` unit, e.g. 5 in
   * "5 * 1000 / MW_ZOL" (a 5 mg dose in umol) is 5 ug. Each such number is listed in `completed`.
   */
  completeUnits?: boolean;
  completed?: string[];
}

/** A complete <math> element holding a numeric expression, its numbers in units consistent with `expected`. */
export function mathOfNumber(expr: Expr, ctx: MathContext, expected?: Dimension, options: NumberOptions = {}): string {
  const writer = new Writer(ctx, options.completeUnits ?? false);
  const math = mathElement(writer.number(expr, expected));
  options.completed?.push(...writer.completed);
  return math;
}

/** A complete <math> element holding a condition (event triggers). */
export function mathOfCondition(expr: Expr, ctx: MathContext): string {
  return mathElement(new Writer(ctx, false).condition(expr));
}

/** <math> around MathML content (the sbml prefix is bound for the units of numbers). */
export function mathElement(content: string): string {
  return `<math xmlns="${MATHML_NS}" xmlns:sbml="${SBML_L3V2_NS}">${content}</math>`;
}

/** A number in MathML with its unit. */
export function cn(value: number, unitId: string): string {
  const text = numberText(value);
  const units = `sbml:units="${escapeAttribute(unitId)}"`;
  const exponent = text.indexOf('e');
  if (exponent < 0) return `<cn ${units}>${text}</cn>`;
  return `<cn ${units} type="e-notation">${text.slice(0, exponent)}<sep/>${Number(text.slice(exponent + 1))}</cn>`;
}

export function ci(id: string): string {
  return `<ci>${escapeText(id)}</ci>`;
}

/**
 * Simulation time. SBML gives the csymbol's meaning by its URL; libSBML also names it by its
 * text, and then confuses it with a model quantity of that name (a bonesim model may have a
 * `time`). bonesim reserves `t`, so no quantity can be named like it.
 */
export function timeSymbol(): string {
  return `<csymbol encoding="text" definitionURL="${TIME_URL}">t</csymbol>`;
}

export function apply(operator: string, ...args: string[]): string {
  return `<apply><${operator}/>${args.join('')}</apply>`;
}

/** The mod function definition's lambda: mod(a, b) = a - b * floor(a / b). */
export function modLambda(): string {
  return mathElement(`<lambda><bvar>${ci('a')}</bvar><bvar>${ci('b')}</bvar>${apply('minus', ci('a'), apply('times', ci('b'), apply('floor', apply('divide', ci('a'), ci('b')))))}</lambda>`);
}

const RELATION: Record<string, string> = { '<': 'lt', '<=': 'leq', '>': 'gt', '>=': 'geq', '==': 'eq', '!=': 'neq' };
const LOGIC: Record<string, string> = { and: 'and', or: 'or', xor: 'xor' };
const ARITHMETIC: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divide', '^': 'power' };
const UNARY_FUNCTION: Record<string, string> = {
  exp: 'exp', log: 'ln', log10: 'log', sqrt: 'root', abs: 'abs', floor: 'floor', ceil: 'ceiling',
  sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh', sinh: 'sinh', cosh: 'cosh',
  asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh',
};
/** Functions whose argument must be a plain number. */
const DIMENSIONLESS_ARGUMENT = new Set(['exp', 'log', 'log10', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh']);

class Writer {
  private readonly ctx: MathContext;
  private readonly complete: boolean;
  readonly completed: string[] = [];

  constructor(ctx: MathContext, complete: boolean) {
    this.ctx = ctx;
    this.complete = complete;
  }

  private dim(expr: Expr): Dimension | undefined {
    // Completing units, numbers without symbols have whatever unit they are given.
    if (this.complete && symbolsOf(expr).size === 0) return undefined;
    return dimensionOfExpr(expr, this.ctx.dimensionOf, this.ctx.nominal);
  }

  private literal(value: number, dimension: Dimension | undefined, completing = false): string {
    const unit = this.ctx.unitId(dimension ?? DIMENSIONLESS);
    if (completing && unit !== 'dimensionless') this.completed.push(`${numberText(value)} ${unit}`);
    return cn(value, unit);
  }

  /** A product or quotient in a completed value: which factor's numbers take the missing unit. */
  private factorUnits(expr: Extract<Expr, { type: 'binary' }>, expected: Dimension): [Dimension | undefined, Dimension | undefined] {
    const dl = this.dim(expr.left);
    const dr = this.dim(expr.right);
    if (expr.op === '*') {
      if (hasPureFactor(expr.left)) return [dr ? divide(expected, dr) : expected, undefined];
      if (hasPureFactor(expr.right)) return [undefined, dl ? divide(expected, dl) : expected];
    } else {
      if (hasPureFactor(expr.left)) return [dr ? multiply(expected, dr) : expected, undefined];
      if (hasPureFactor(expr.right)) return [undefined, dl ? divide(dl, expected) : power(expected, -1)];
    }
    return [undefined, undefined];
  }

  /** An expression where a number is expected; `expected` is the unit a bare number here takes. */
  number(expr: Expr, expected?: Dimension, completing = false): string {
    if (isCondition(expr)) {
      return `<piecewise><piece>${this.literal(1, DIMENSIONLESS)}${this.condition(expr)}</piece><otherwise>${this.literal(0, DIMENSIONLESS)}</otherwise></piecewise>`;
    }
    switch (expr.type) {
      case 'num':
        return this.literal(expr.value, expected, completing);
      case 'sym':
        return this.symbol(expr.name);
      case 'unary':
        // -(number) is written as the negative number itself.
        if (expr.arg.type === 'num') return this.literal(-expr.arg.value, expected, completing);
        return apply('minus', this.number(expr.arg, expected, completing));
      case 'binary': {
        const { left, right, op } = expr;
        if (op === '+' || op === '-' || op === 'mod') {
          const l = this.number(left, this.dim(right) ?? expected, completing);
          const r = this.number(right, this.dim(left) ?? expected, completing);
          if (op === 'mod') return this.mod(l, r);
          return apply(ARITHMETIC[op], l, r);
        }
        if (op === '*' || op === '/') {
          if (this.complete && expected) {
            const [l, r] = this.factorUnits(expr, expected);
            return apply(ARITHMETIC[op], this.number(left, l, l !== undefined), this.number(right, r, r !== undefined));
          }
          return apply(ARITHMETIC[op], this.number(left), this.number(right));
        }
        if (op === '^') return apply('power', this.number(left), this.number(right, DIMENSIONLESS));
        throw new Error(`internal: operator ${op} reached the numeric writer`);
      }
      case 'if':
        return this.piecewise(expr, expected);
      case 'call':
        return this.call(expr, expected);
    }
  }

  /** An expression where a condition is expected. */
  condition(expr: Expr): string {
    if (expr.type === 'unary' && expr.op === 'not') return apply('not', this.condition(expr.arg));
    if (expr.type === 'binary') {
      const logic = LOGIC[expr.op];
      if (logic) return apply(logic, this.condition(expr.left), this.condition(expr.right));
      const relation = RELATION[expr.op];
      if (relation) {
        const dl = this.dim(expr.left);
        const dr = this.dim(expr.right);
        return apply(relation, this.number(expr.left, dr ?? dl), this.number(expr.right, dl ?? dr));
      }
    }
    // A number as a condition: true when it is not zero.
    return apply('neq', this.number(expr), this.literal(0, this.dim(expr)));
  }

  private symbol(name: string): string {
    const ref = this.ctx.symbol(name);
    switch (ref.kind) {
      case 'ci': return ci(ref.id);
      case 'time': return timeSymbol();
      case 'number': return cn(ref.value, this.ctx.unitId(ref.dimension));
      case 'pi': return '<pi/>';
      // libSBML gives <exponentiale/> no unit (it warns that it cannot check units): the number, which is bonesim's value too.
      case 'e': return cn(Math.E, 'dimensionless');
    }
  }

  private piecewise(expr: Extract<Expr, { type: 'if' }>, expected: Dimension | undefined): string {
    // a ? x : b ? y : z is one piecewise with two pieces.
    const pieces: Array<{ cond: Expr; value: Expr }> = [];
    let rest: Expr = expr;
    while (rest.type === 'if') {
      pieces.push({ cond: rest.cond, value: rest.then });
      rest = rest.else;
    }
    const unit = [...pieces.map((p) => p.value), rest].map((v) => this.dim(v)).find((d) => d !== undefined) ?? expected;
    const written = pieces.map((p) => `<piece>${this.number(p.value, unit)}${this.condition(p.cond)}</piece>`);
    return `<piecewise>${written.join('')}<otherwise>${this.number(rest, unit)}</otherwise></piecewise>`;
  }

  private call(expr: Extract<Expr, { type: 'call' }>, expected: Dimension | undefined): string {
    const { fn, args } = expr;
    const unary = UNARY_FUNCTION[fn];
    if (unary) {
      if (DIMENSIONLESS_ARGUMENT.has(fn)) return apply(unary, this.number(args[0], DIMENSIONLESS));
      if (fn === 'sqrt') return apply(unary, this.number(args[0], expected && power(expected, 2)));
      return apply(unary, this.number(args[0], expected));
    }
    switch (fn) {
      case 'pow':
        return apply('power', this.number(args[0]), this.number(args[1], DIMENSIONLESS));
      case 'min': case 'max': case 'mod': {
        const unit = args.map((a) => this.dim(a)).find((d) => d !== undefined) ?? expected;
        const written = args.map((a) => this.number(a, unit));
        return fn === 'mod' ? this.mod(written[0], written[1]) : apply(fn, ...written);
      }
      case 'sign': {
        const unit = this.dim(args[0]);
        const x = this.number(args[0], unit);
        const zero = this.literal(0, unit);
        return `<piecewise><piece>${this.literal(1, DIMENSIONLESS)}${apply('gt', x, zero)}</piece>` +
          `<piece>${this.literal(-1, DIMENSIONLESS)}${apply('lt', x, zero)}</piece><otherwise>${this.literal(0, DIMENSIONLESS)}</otherwise></piecewise>`;
      }
    }
    throw new Error(`internal: function ${fn} has no MathML form`);
  }

  private mod(a: string, b: string): string {
    this.ctx.usesMod = true;
    return `<apply>${ci(this.ctx.modFunctionId)}${a}${b}</apply>`;
  }
}

/** A number without symbols, or a product or quotient with one as a factor: where a completed unit can go. */
function hasPureFactor(expr: Expr): boolean {
  if (symbolsOf(expr).size === 0) return true;
  if (expr.type === 'unary' && expr.op === 'neg') return hasPureFactor(expr.arg);
  if (expr.type === 'binary' && (expr.op === '*' || expr.op === '/')) return hasPureFactor(expr.left) || hasPureFactor(expr.right);
  return false;
}
