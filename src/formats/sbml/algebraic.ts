import { inputError } from '../../errors.ts';
import { exprToString, symbolsOf, type Expr } from '../../model/expr.ts';
import { symbolicPartial } from '../../model/symbolicPartial.ts';

/**
 * SBML algebraic rules 0 = f(x, ...) solved for the variables they determine, where that can
 * be done exactly: each rule must be linear in one variable no other rule determines, which
 * then becomes an assignment x = -f(0) / (df/dx). Rules that need a nonlinear or simultaneous
 * solve are refused (bonesim integrates ODEs, not DAEs).
 */
export function solveAlgebraicRules(rules: ReadonlyArray<{ line: number; expr?: Expr }>, candidates: readonly string[], file?: string): Map<string, Expr> {
  const solved = new Map<string, Expr>();
  const open = new Set(candidates);
  let pending = rules.filter((r) => r.expr !== undefined) as Array<{ line: number; expr: Expr }>;
  while (pending.length) {
    const progress = pending.findIndex((r) => unknownsOf(r.expr, open).length === 1);
    if (progress < 0) {
      const rule = pending[0];
      const unknowns = unknownsOf(rule.expr, open);
      if (unknowns.length === 0) {
        throw inputError(`the algebraic rule 0 = ${exprToString(rule.expr)} determines no variable (every variable in it is already set by reactions, rules or constants)`,
          { file, line: rule.line }, 'remove the rule or make the variable it should determine non-constant and free of other rules');
      }
      throw inputError(`the algebraic rules must be solved together for ${unknowns.join(', ')} (0 = ${exprToString(rule.expr)})`, { file, line: rule.line },
        'bonesim solves an algebraic rule only when it is linear in one variable of its own; rewrite the system as assignment rules');
    }
    const rule = pending[progress];
    const [x] = unknownsOf(rule.expr, open);
    solved.set(x, solveLinear(rule.expr, x, rule.line, file));
    open.delete(x);
    pending = pending.filter((_, i) => i !== progress);
  }
  return solved;
}

function unknownsOf(expr: Expr, open: ReadonlySet<string>): string[] {
  return [...symbolsOf(expr)].filter((s) => open.has(s));
}

function solveLinear(f: Expr, x: string, line: number, file?: string): Expr {
  const slope = symbolicPartial(f, x);
  if (!slope || symbolsOf(slope).has(x)) {
    throw inputError(`the algebraic rule 0 = ${exprToString(f)} is not linear in ${x}`, { file, line },
      'bonesim solves algebraic rules that are linear in the variable they determine; rewrite it as an assignment rule');
  }
  const offset = substitute(f, x, { type: 'num', value: 0 });
  return { type: 'unary', op: 'neg', arg: { type: 'binary', op: '/', left: offset, right: slope } };
}

function substitute(expr: Expr, name: string, value: Expr): Expr {
  switch (expr.type) {
    case 'num':
      return expr;
    case 'sym':
      return expr.name === name ? value : expr;
    case 'unary':
      return { ...expr, arg: substitute(expr.arg, name, value) };
    case 'binary':
      return { ...expr, left: substitute(expr.left, name, value), right: substitute(expr.right, name, value) };
    case 'if':
      return { type: 'if', cond: substitute(expr.cond, name, value), then: substitute(expr.then, name, value), else: substitute(expr.else, name, value) };
    case 'call':
      return { ...expr, args: expr.args.map((a) => substitute(a, name, value)) };
  }
}
