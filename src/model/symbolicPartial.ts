import { derivative } from './mathjs.ts';
import { exprToString, MATH_FUNCTIONS, type Expr } from './expr.ts';
import { parseExpression } from './parseExpression.ts';

/**
 * The partial derivative of a smooth expression (numbers, symbols, + - * / ^, math functions)
 * with respect to one of its symbols, by mathjs `derivative`; every other symbol is held fixed.
 * Symbols are renamed to neutral placeholders first, so a model symbol called `e` or `pi` is not
 * mistaken for mathjs's constant. Returns undefined when mathjs cannot differentiate the
 * expression or answers with something outside bonesim's whitelist (e.g. `sech` for tanh):
 * the caller then differentiates that entry numerically.
 */
export function symbolicPartial(expr: Expr, symbol: string): Expr | undefined {
  const placeholders = new Map<string, string>();
  const original = new Map<string, string>();
  const rename = (e: Expr): Expr => {
    switch (e.type) {
      case 'num':
        return e;
      case 'sym': {
        let placeholder = placeholders.get(e.name);
        if (!placeholder) {
          placeholder = `x${placeholders.size}`;
          placeholders.set(e.name, placeholder);
          original.set(placeholder, e.name);
        }
        return { type: 'sym', name: placeholder };
      }
      case 'unary':
        return { ...e, arg: rename(e.arg) };
      case 'binary':
        return { ...e, left: rename(e.left), right: rename(e.right) };
      case 'if':
        return { type: 'if', cond: rename(e.cond), then: rename(e.then), else: rename(e.else) };
      case 'call':
        return { ...e, args: e.args.map(rename) };
    }
  };
  const renamed = rename(expr);
  const target = placeholders.get(symbol);
  if (!target) return { type: 'num', value: 0 };

  let result: Expr;
  try {
    const text = derivative(exprToString(renamed), target, { simplify: false }).toString();
    result = parseExpression(text);
  } catch {
    return undefined;
  }
  let allowed = true;
  const restore = (e: Expr): Expr => {
    switch (e.type) {
      case 'num':
        return e;
      case 'sym': {
        const name = original.get(e.name);
        if (name !== undefined) return { type: 'sym', name };
        // A constant mathjs introduced itself.
        if (e.name === 'e') return { type: 'num', value: Math.E };
        if (e.name === 'pi') return { type: 'num', value: Math.PI };
        allowed = false;
        return e;
      }
      case 'unary':
        return { ...e, arg: restore(e.arg) };
      case 'binary':
        return { ...e, left: restore(e.left), right: restore(e.right) };
      case 'if':
        allowed = false;
        return e;
      case 'call': {
        const arity = MATH_FUNCTIONS.get(e.fn);
        if (!arity || e.args.length < arity.min || e.args.length > arity.max) allowed = false;
        return { ...e, args: e.args.map(restore) };
      }
    }
  };
  const restored = fold(restore(result));
  return allowed ? restored : undefined;
}

const isNum = (e: Expr, value?: number): e is { type: 'num'; value: number } => e.type === 'num' && (value === undefined || e.value === value);

/**
 * Light constant folding of mathjs's unsimplified derivative (its own simplify is ~30x slower):
 * 0·x, x + 0, 1·x, x/1 and all-number subexpressions, so zero partials are recognised as zero.
 */
function fold(e: Expr): Expr {
  switch (e.type) {
    case 'unary': {
      const arg = fold(e.arg);
      if (e.op === 'neg' && isNum(arg)) return { type: 'num', value: -arg.value };
      return { ...e, arg };
    }
    case 'binary': {
      const left = fold(e.left);
      const right = fold(e.right);
      if (isNum(left) && isNum(right)) {
        const value = e.op === '+' ? left.value + right.value : e.op === '-' ? left.value - right.value
          : e.op === '*' ? left.value * right.value : e.op === '/' ? left.value / right.value
            : e.op === '^' ? left.value ** right.value : Number.NaN;
        if (Number.isFinite(value)) return { type: 'num', value };
      }
      switch (e.op) {
        case '+':
          if (isNum(left, 0)) return right;
          if (isNum(right, 0)) return left;
          break;
        case '-':
          if (isNum(right, 0)) return left;
          if (isNum(left, 0)) return fold({ type: 'unary', op: 'neg', arg: right });
          break;
        case '*':
          if (isNum(left, 0) || isNum(right, 0)) return { type: 'num', value: 0 };
          if (isNum(left, 1)) return right;
          if (isNum(right, 1)) return left;
          break;
        case '/':
          if (isNum(left, 0)) return { type: 'num', value: 0 };
          if (isNum(right, 1)) return left;
          break;
        case '^':
          if (isNum(right, 1)) return left;
          if (isNum(right, 0)) return { type: 'num', value: 1 };
          break;
      }
      return { ...e, left, right };
    }
    case 'call':
      return { ...e, args: e.args.map(fold) };
    default:
      return e;
  }
}
