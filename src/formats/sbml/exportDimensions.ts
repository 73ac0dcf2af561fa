import { exponentValue, DIMENSIONLESS, divide, isDimensionless, multiply, power, type Dimension } from '../../model/units.ts';
import type { Expr } from '../../model/expr.ts';

/**
 * The unit of an expression, bottom up, by the rules of bonesim's dimension check
 * (src/model/dimensions.ts): a literal number takes the unit of what it meets in a sum, a
 * comparison, a branch or min/max, and is a plain number in a product. `undefined` means the
 * expression is such a literal (or its unit cannot be known): whoever writes it decides.
 * The SBML writer uses this to give every <cn> the unit that makes the math consistent.
 */
export type DimensionLookup = (symbol: string) => Dimension | undefined;

export function dimensionOfExpr(expr: Expr, lookup: DimensionLookup, nominal: ReadonlyMap<string, number>): Dimension | undefined {
  const of = (e: Expr) => dimensionOfExpr(e, lookup, nominal);
  const plain = (d: Dimension | undefined) => d ?? DIMENSIONLESS;
  switch (expr.type) {
    case 'num':
      return undefined;
    case 'sym':
      return lookup(expr.name);
    case 'unary':
      return expr.op === 'not' ? DIMENSIONLESS : of(expr.arg);
    case 'binary':
      switch (expr.op) {
        case '+': case '-': case 'mod':
          return of(expr.left) ?? of(expr.right);
        case '*': case '/': {
          const left = isLiteral(expr.left) ? DIMENSIONLESS : of(expr.left);
          const right = isLiteral(expr.right) ? DIMENSIONLESS : of(expr.right);
          if (!left || !right) return undefined;
          return expr.op === '*' ? multiply(left, right) : divide(left, right);
        }
        case '^':
          return raise(plain(isLiteral(expr.left) ? DIMENSIONLESS : of(expr.left)), expr.right, nominal);
        default:
          return DIMENSIONLESS;
      }
    case 'if':
      return of(expr.then) ?? of(expr.else);
    case 'call':
      switch (expr.fn) {
        case 'sqrt': {
          const d = of(expr.args[0]);
          return d && power(d, 0.5);
        }
        case 'abs': case 'floor': case 'ceil':
          return of(expr.args[0]);
        case 'pow':
          return raise(plain(isLiteral(expr.args[0]) ? DIMENSIONLESS : of(expr.args[0])), expr.args[1], nominal);
        case 'min': case 'max': case 'mod':
          for (const arg of expr.args) {
            const d = of(arg);
            if (d) return d;
          }
          return undefined;
        default:
          return DIMENSIONLESS;
      }
  }
}

/** A number, or a sum, branch, min or max of numbers only: it has no unit of its own. */
export function isLiteral(expr: Expr): boolean {
  switch (expr.type) {
    case 'num':
      return true;
    case 'unary':
      return expr.op === 'neg' && isLiteral(expr.arg);
    case 'binary':
      return (expr.op === '+' || expr.op === '-' || expr.op === 'mod') && isLiteral(expr.left) && isLiteral(expr.right);
    case 'if':
      return isLiteral(expr.then) && isLiteral(expr.else);
    case 'call':
      return (['min', 'max', 'mod', 'abs', 'floor', 'ceil'].includes(expr.fn)) && expr.args.every(isLiteral);
    default:
      return false;
  }
}

/** x^n: a dimensionless base stays dimensionless; otherwise the exponent's value (numbers, or parameters at their values) scales the unit. */
function raise(base: Dimension, exponent: Expr, nominal: ReadonlyMap<string, number>): Dimension | undefined {
  if (isDimensionless(base) && base.scale === 1) return DIMENSIONLESS;
  const value = exponentValue(exponent, nominal);
  return value === undefined ? undefined : power(base, value);
}
