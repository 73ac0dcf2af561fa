/**
 * The expression tree bonesim runs: a whitelisted, plain-data subset of mathjs's AST.
 * Anything that cannot be written in this tree (assignment, member access, strings,
 * function definitions, arbitrary calls) is rejected at parse time, so model and
 * scenario files can never run code.
 */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or' | 'xor';
export type UnaryOp = 'neg' | 'not';

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'sym'; name: string }
  | { type: 'unary'; op: UnaryOp; arg: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'if'; cond: Expr; then: Expr; else: Expr }
  | { type: 'call'; fn: string; args: Expr[] };

/** Pure math functions a model expression may call, with their allowed argument counts. */
export const MATH_FUNCTIONS: ReadonlyMap<string, { min: number; max: number }> = new Map([
  ['exp', { min: 1, max: 1 }],
  ['log', { min: 1, max: 1 }],
  ['log10', { min: 1, max: 1 }],
  ['sqrt', { min: 1, max: 1 }],
  ['abs', { min: 1, max: 1 }],
  ['sign', { min: 1, max: 1 }],
  ['floor', { min: 1, max: 1 }],
  ['ceil', { min: 1, max: 1 }],
  ['sin', { min: 1, max: 1 }],
  ['cos', { min: 1, max: 1 }],
  ['tan', { min: 1, max: 1 }],
  ['tanh', { min: 1, max: 1 }],
  // Inverse and hyperbolic functions, for SBML's MathML (src/formats/sbml/lowerMath.ts).
  ['asin', { min: 1, max: 1 }],
  ['acos', { min: 1, max: 1 }],
  ['atan', { min: 1, max: 1 }],
  ['sinh', { min: 1, max: 1 }],
  ['cosh', { min: 1, max: 1 }],
  ['asinh', { min: 1, max: 1 }],
  ['acosh', { min: 1, max: 1 }],
  ['atanh', { min: 1, max: 1 }],
  ['pow', { min: 2, max: 2 }],
  ['mod', { min: 2, max: 2 }],
  ['min', { min: 1, max: 16 }],
  ['max', { min: 1, max: 16 }],
]);

/** Constants usable in expressions unless a model defines a symbol of the same name. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Every symbol an expression reads, in first-use order. */
export function symbolsOf(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.type) {
    case 'num':
      break;
    case 'sym':
      into.add(expr.name);
      break;
    case 'unary':
      symbolsOf(expr.arg, into);
      break;
    case 'binary':
      symbolsOf(expr.left, into);
      symbolsOf(expr.right, into);
      break;
    case 'if':
      symbolsOf(expr.cond, into);
      symbolsOf(expr.then, into);
      symbolsOf(expr.else, into);
      break;
    case 'call':
      for (const arg of expr.args) symbolsOf(arg, into);
      break;
  }
  return into;
}

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1, xor: 2, and: 3,
  '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '+': 5, '-': 5, '*': 6, '/': 6, mod: 6, '^': 8,
};

/** Render an expression as mathjs-compatible text (used for messages and symbolic derivatives). */
export function exprToString(expr: Expr, parentPrecedence = 0): string {
  switch (expr.type) {
    case 'num':
      return numberToString(expr.value);
    case 'sym':
      return expr.name;
    case 'unary': {
      const inner = exprToString(expr.arg, 7);
      const text = expr.op === 'neg' ? `-${inner}` : `not ${inner}`;
      return parentPrecedence > 7 ? `(${text})` : text;
    }
    case 'binary': {
      const p = PRECEDENCE[expr.op];
      // ^ is right-associative, everything else left-associative.
      const leftP = expr.op === '^' ? p + 1 : p;
      const rightP = expr.op === '^' ? p : p + 1;
      const text = `${exprToString(expr.left, leftP)} ${expr.op} ${exprToString(expr.right, rightP)}`;
      return p < parentPrecedence ? `(${text})` : text;
    }
    case 'if': {
      const text = `${exprToString(expr.cond, 1)} ? ${exprToString(expr.then, 1)} : ${exprToString(expr.else, 0)}`;
      return parentPrecedence > 0 ? `(${text})` : text;
    }
    case 'call':
      return `${expr.fn}(${expr.args.map((a) => exprToString(a)).join(', ')})`;
  }
}

function numberToString(value: number): string {
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}
