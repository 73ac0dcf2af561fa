import type { Expr } from '../../model/expr.ts';
import { isDimensionless, type Dimension } from '../../model/units.ts';
import { symbolsOf } from '../../model/expr.ts';

/**
 * Powers whose unit SBML tools can check. The unit of x^n with a unit on x depends on the value
 * of n; libSBML reads that value from a number, from parameters, or from one quantity a rule
 * computes, but not from an expression that reads a computed quantity (Komarova's
 * (beta1/alpha1)^((1 - g22)/gamma), with gamma an assignment rule): it then warns that it cannot
 * check the units. Such an exponent becomes a dimensionless quantity of its own, computed by an
 * assignment rule, with the same value at every moment.
 */
export interface LiftedExponent {
  name: string;
  expr: Expr;
  /** The quantity whose definition the exponent came from. */
  owner: string;
}

export interface ExponentLifter {
  lift(expr: Expr, owner: string): Expr;
  readonly lifted: LiftedExponent[];
}

/**
 * `dimensionOf`: the unit of a subexpression (undefined: none known); `valued`: symbols whose value
 * is a number in the document (parameters, inputs at a value); `fresh`: a new unique id.
 */
export function exponentLifter(
  dimensionOf: (expr: Expr) => Dimension | undefined,
  valued: (symbol: string) => boolean,
  fresh: (base: string) => string,
): ExponentLifter {
  const lifted: LiftedExponent[] = [];
  const needsLifting = (base: Expr, exponent: Expr): boolean => {
    if (exponent.type === 'num' || exponent.type === 'sym') return false;
    const unit = dimensionOf(base);
    if (unit !== undefined && isDimensionless(unit) && unit.scale === 1) return false;
    return [...symbolsOf(exponent)].some((s) => !valued(s));
  };
  const lift = (expr: Expr, owner: string): Expr => {
    const visit = (e: Expr): Expr => {
      switch (e.type) {
        case 'num': case 'sym':
          return e;
        case 'unary':
          return { ...e, arg: visit(e.arg) };
        case 'if':
          return { type: 'if', cond: visit(e.cond), then: visit(e.then), else: visit(e.else) };
        case 'binary': {
          const left = visit(e.left);
          const right = visit(e.right);
          if (e.op === '^' && needsLifting(left, right)) return { ...e, left, right: exponentSymbol(right) };
          return { ...e, left, right };
        }
        case 'call': {
          const args = e.args.map(visit);
          if (e.fn === 'pow' && needsLifting(args[0], args[1])) return { ...e, args: [args[0], exponentSymbol(args[1])] };
          return { ...e, args };
        }
      }
    };
    const exponentSymbol = (exponent: Expr): Expr => {
      const name = fresh(`${owner}_exponent`);
      lifted.push({ name, expr: exponent, owner });
      return { type: 'sym', name };
    };
    return visit(expr);
  };
  return { lift, lifted };
}
