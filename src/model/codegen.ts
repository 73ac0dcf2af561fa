import type { Expr } from './expr.ts';

/**
 * Expression tree -> JavaScript source. Only this file writes code, and it writes only
 * numbers, the identifiers the resolver returns (t, y[i], p[i], v<k>), operators and
 * Math functions. Comparisons and logic compile to booleans where a condition is
 * expected and to 1/0 where a number is.
 */
export type SymbolResolver = (name: string) => string;

const MATH_CALL: Record<string, string> = {
  exp: 'Math.exp', log: 'Math.log', log10: 'Math.log10', sqrt: 'Math.sqrt', abs: 'Math.abs',
  sign: 'Math.sign', floor: 'Math.floor', ceil: 'Math.ceil', sin: 'Math.sin', cos: 'Math.cos',
  tan: 'Math.tan', tanh: 'Math.tanh', pow: 'Math.pow', min: 'Math.min', max: 'Math.max',
  asin: 'Math.asin', acos: 'Math.acos', atan: 'Math.atan', sinh: 'Math.sinh', cosh: 'Math.cosh',
  asinh: 'Math.asinh', acosh: 'Math.acosh', atanh: 'Math.atanh',
};

export interface CodeContext {
  resolve: SymbolResolver;
  /** Set when the generated code needs the `mod` helper. */
  usesMod: boolean;
  /** Code to use instead of a whole subexpression (e.g. a value computed once per parameter set), if any. */
  replace?: (expr: Expr) => string | undefined;
}

export function numericCode(expr: Expr, ctx: CodeContext): string {
  const replaced = ctx.replace?.(expr);
  if (replaced !== undefined) return replaced;
  switch (expr.type) {
    case 'num':
      return literal(expr.value);
    case 'sym':
      return ctx.resolve(expr.name);
    case 'unary':
      return expr.op === 'neg' ? `(-${numericCode(expr.arg, ctx)})` : `(${booleanCode(expr, ctx)} ? 1 : 0)`;
    case 'binary': {
      const l = () => numericCode(expr.left, ctx);
      const r = () => numericCode(expr.right, ctx);
      switch (expr.op) {
        case '+': case '-': case '*': case '/':
          return `(${l()} ${expr.op} ${r()})`;
        case '^':
          return `Math.pow(${l()}, ${r()})`;
        case 'mod':
          ctx.usesMod = true;
          return `mod(${l()}, ${r()})`;
        default:
          return `(${booleanCode(expr, ctx)} ? 1 : 0)`;
      }
    }
    case 'if':
      return `(${booleanCode(expr.cond, ctx)} ? ${numericCode(expr.then, ctx)} : ${numericCode(expr.else, ctx)})`;
    case 'call': {
      if (expr.fn === 'mod') ctx.usesMod = true;
      const fn = expr.fn === 'mod' ? 'mod' : MATH_CALL[expr.fn];
      if (fn === undefined) throw new Error(`internal: call to ${expr.fn} reached code generation`);
      return `${fn}(${expr.args.map((a) => numericCode(a, ctx)).join(', ')})`;
    }
  }
}

export function booleanCode(expr: Expr, ctx: CodeContext): string {
  if (expr.type === 'unary' && expr.op === 'not') return `(!${booleanCode(expr.arg, ctx)})`;
  if (expr.type === 'binary') {
    const op = expr.op;
    if (op === 'and' || op === 'or' || op === 'xor') {
      const js = op === 'and' ? '&&' : op === 'or' ? '||' : '!==';
      return `(${booleanCode(expr.left, ctx)} ${js} ${booleanCode(expr.right, ctx)})`;
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=' || op === '==' || op === '!=') {
      const js = op === '==' ? '===' : op === '!=' ? '!==' : op;
      return `(${numericCode(expr.left, ctx)} ${js} ${numericCode(expr.right, ctx)})`;
    }
  }
  return `(${numericCode(expr, ctx)} !== 0)`;
}

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal: non-finite literal ${value}`);
  const text = String(value);
  return value < 0 || Object.is(value, -0) ? `(${text})` : text;
}

/** True if the expression is a boolean-valued comparison or logical combination. */
export function isCondition(expr: Expr): boolean {
  if (expr.type === 'unary') return expr.op === 'not';
  if (expr.type !== 'binary') return false;
  return !['+', '-', '*', '/', '^', 'mod'].includes(expr.op);
}

export const MOD_HELPER = 'const mod = (a, b) => a - b * Math.floor(a / b);';
