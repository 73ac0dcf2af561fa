import { inputError } from '../../errors.ts';
import { exprToString, symbolsOf, type Expr } from '../../model/expr.ts';

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
  const linear = linearIn(f, x);
  if (!linear) {
    throw inputError(`the algebraic rule 0 = ${exprToString(f)} is not linear in ${x}`, { file, line },
      'bonesim solves algebraic rules that are linear in the variable they determine; rewrite it as an assignment rule');
  }
  return { type: 'unary', op: 'neg', arg: { type: 'binary', op: '/', left: linear.offset, right: linear.slope } };
}

const ZERO: Expr = { type: 'num', value: 0 };
const ONE: Expr = { type: 'num', value: 1 };

/** f = slope * x + offset with slope and offset free of x, read off the expression tree; undefined if f is not of that form. */
function linearIn(f: Expr, x: string): { slope: Expr; offset: Expr } | undefined {
  if (!symbolsOf(f).has(x)) return { slope: ZERO, offset: f };
  const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right });
  switch (f.type) {
    case 'sym':
      return { slope: ONE, offset: ZERO };
    case 'unary': {
      if (f.op !== 'neg') return undefined;
      const inner = linearIn(f.arg, x);
      return inner && { slope: { type: 'unary', op: 'neg', arg: inner.slope }, offset: { type: 'unary', op: 'neg', arg: inner.offset } };
    }
    case 'binary': {
      const left = linearIn(f.left, x);
      const right = linearIn(f.right, x);
      if (!left || !right) return undefined;
      const freeLeft = !symbolsOf(f.left).has(x);
      const freeRight = !symbolsOf(f.right).has(x);
      switch (f.op) {
        case '+': case '-':
          return { slope: bin(f.op, left.slope, right.slope), offset: bin(f.op, left.offset, right.offset) };
        case '*':
          if (freeLeft) return { slope: bin('*', f.left, right.slope), offset: bin('*', f.left, right.offset) };
          if (freeRight) return { slope: bin('*', left.slope, f.right), offset: bin('*', left.offset, f.right) };
          return undefined;
        case '/':
          return freeRight ? { slope: bin('/', left.slope, f.right), offset: bin('/', left.offset, f.right) } : undefined;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}
