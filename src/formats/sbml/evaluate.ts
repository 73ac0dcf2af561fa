import type { Expr } from '../../model/expr.ts';

/**
 * Evaluate an expression tree directly (no code generation): for the few values an import
 * needs once, such as initial values from initial assignments. `lookup` gives each symbol's value.
 */
export function evaluate(expr: Expr, lookup: (name: string) => number): number {
  switch (expr.type) {
    case 'num':
      return expr.value;
    case 'sym':
      return lookup(expr.name);
    case 'unary': {
      const a = evaluate(expr.arg, lookup);
      return expr.op === 'neg' ? -a : a === 0 ? 1 : 0;
    }
    case 'binary': {
      const op = expr.op;
      if (op === 'and') return truth(evaluate(expr.left, lookup)) && truth(evaluate(expr.right, lookup)) ? 1 : 0;
      if (op === 'or') return truth(evaluate(expr.left, lookup)) || truth(evaluate(expr.right, lookup)) ? 1 : 0;
      const a = evaluate(expr.left, lookup);
      const b = evaluate(expr.right, lookup);
      switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        case 'mod': return a - b * Math.floor(a / b);
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        case 'xor': return truth(a) !== truth(b) ? 1 : 0;
      }
      return Number.NaN;
    }
    case 'if':
      return truth(evaluate(expr.cond, lookup)) ? evaluate(expr.then, lookup) : evaluate(expr.else, lookup);
    case 'call': {
      const args = expr.args.map((a) => evaluate(a, lookup));
      switch (expr.fn) {
        case 'min': return Math.min(...args);
        case 'max': return Math.max(...args);
        case 'pow': return Math.pow(args[0], args[1]);
        case 'mod': return args[0] - args[1] * Math.floor(args[0] / args[1]);
        case 'ceil': return Math.ceil(args[0]);
        default: {
          const fn = (Math as unknown as Record<string, (x: number) => number>)[expr.fn];
          return MATH_ONE.has(expr.fn) ? fn(args[0]) : Number.NaN;
        }
      }
    }
  }
}

const MATH_ONE = new Set(['exp', 'log', 'log10', 'sqrt', 'abs', 'sign', 'floor', 'sin', 'cos', 'tan', 'tanh', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh']);

function truth(value: number): boolean {
  return value !== 0;
}
