import { inputError } from '../../errors.ts';
import type { BinaryOp, Expr } from '../../model/expr.ts';
import type { SbmlMath } from './mathml.ts';

/** SBML's value of Avogadro's number (L3V2 core, section 3.4.6). */
export const AVOGADRO = 6.02214179e23;

export interface LowerContext {
  /** What the math belongs to, for messages. */
  owner: string;
  file?: string;
  line?: number;
  /** An SBML id as an expression (a bonesim symbol), or undefined when the id is unknown. */
  resolve: (id: string) => Expr | undefined;
  /** Function definitions by id (their lambdas). */
  functions: ReadonlyMap<string, { parameters: string[]; body: SbmlMath }>;
  /** delay(x, tau): the expression standing for it (e.g. a slot the simulator fills from the history). */
  delay?: (x: Expr, tau: Expr) => Expr;
  /** rateOf(x): the rate of change of the SBML variable x. */
  rateOf?: (id: string) => Expr;
}

const num = (value: number): Expr => ({ type: 'num', value });
const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right });
const call = (fn: string, ...args: Expr[]): Expr => ({ type: 'call', fn, args });

/**
 * SBML math -> bonesim's whitelisted expression tree. Function definitions are inlined
 * (their arguments substituted), every MathML operator becomes arithmetic, comparisons,
 * conditionals or a whitelisted math function; nothing else can come out.
 */
export function lowerMath(math: SbmlMath, context: LowerContext): Expr {
  return lower(math, context, new Map(), 0);
}

function lower(math: SbmlMath, context: LowerContext, scope: ReadonlyMap<string, Expr>, depth: number): Expr {
  const fail = (problem: string, hint?: string) => inputError(`${problem} in ${context.owner}`, { file: context.file, line: context.line }, hint);
  if (depth > 200) throw fail('function definitions call each other too deeply (a recursive definition?)', 'SBML function definitions may not be recursive');
  const next = (m: SbmlMath) => lower(m, context, scope, depth + 1);
  switch (math.kind) {
    case 'num':
      if (Number.isNaN(math.value)) return bin('/', num(0), num(0));
      if (!Number.isFinite(math.value)) return bin('/', num(math.value > 0 ? 1 : -1), num(0));
      return num(math.value);
    case 'time':
      return { type: 'sym', name: 't' };
    case 'avogadro':
      return num(AVOGADRO);
    case 'ci': {
      const bound = scope.get(math.name);
      if (bound) return bound;
      const resolved = context.resolve(math.name);
      if (!resolved) {
        throw fail(`"${math.name}" is not an id of the model`, 'use the id of a compartment, species, parameter, reaction or species reference of the model');
      }
      return resolved;
    }
    case 'lambda':
      throw fail('a lambda outside a function definition');
    case 'piecewise': {
      let result: Expr = math.otherwise ? next(math.otherwise) : bin('/', num(0), num(0));
      for (let i = math.pieces.length - 1; i >= 0; i--) {
        result = { type: 'if', cond: next(math.pieces[i].condition), then: next(math.pieces[i].value), else: result };
      }
      return result;
    }
    case 'apply':
      return lowerApply(math, context, scope, depth, fail);
  }
}

function lowerApply(
  math: Extract<SbmlMath, { kind: 'apply' }>,
  context: LowerContext,
  scope: ReadonlyMap<string, Expr>,
  depth: number,
  fail: (problem: string, hint?: string) => Error,
): Expr {
  const next = (m: SbmlMath) => lower(m, context, scope, depth + 1);
  const { op } = math;
  if (math.user) {
    const fn = context.functions.get(op);
    if (!fn) throw fail(`"${op}" is called as a function but is not a function definition of the model`, 'define it in listOfFunctionDefinitions');
    if (fn.parameters.length !== math.args.length) throw fail(`the function "${op}" takes ${fn.parameters.length} arguments, but is given ${math.args.length}`);
    // A function body sees only its own arguments (and, in L3V2, csymbols): no model ids.
    const inner = new Map(fn.parameters.map((name, i) => [name, next(math.args[i])]));
    return lower(fn.body, { ...context, owner: `${context.owner} (function "${op}")` }, inner, depth + 1);
  }
  if (op === 'delay') {
    if (math.args.length !== 2) throw fail('delay() takes two arguments (the expression and the delay)');
    if (!context.delay) throw fail('delay() is not allowed here');
    return context.delay(next(math.args[0]), next(math.args[1]));
  }
  if (op === 'rateOf') {
    const target = math.args[0];
    if (math.args.length !== 1 || target.kind !== 'ci') throw fail('rateOf() takes one argument, the id of a variable');
    if (!context.rateOf) throw fail('rateOf() is not allowed here');
    if (scope.has(target.name)) throw fail('rateOf() of a function argument', 'rateOf needs a model variable');
    return context.rateOf(target.name);
  }
  const args = math.args.map(next);
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) throw fail(`<${op}> takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  };
  const chain = (binary: BinaryOp): Expr => {
    if (args.length < 2) return num(1); // a relation over fewer than two values holds (L3V2)
    let acc: Expr = bin(binary, args[0], args[1]);
    for (let i = 2; i < args.length; i++) acc = bin('and', acc, bin(binary, args[i - 1], args[i]));
    return acc;
  };
  const fold = (binary: BinaryOp, empty: number): Expr => (args.length === 0 ? num(empty) : args.reduce((acc, a) => bin(binary, acc, a)));
  const one = () => {
    arity(1);
    return args[0];
  };
  const reciprocal = (x: Expr) => bin('/', num(1), x);
  switch (op) {
    case 'plus': return fold('+', 0);
    case 'times': return fold('*', 1);
    case 'minus':
      arity(1, 2);
      return args.length === 1 ? { type: 'unary', op: 'neg', arg: args[0] } : bin('-', args[0], args[1]);
    case 'divide': arity(2); return bin('/', args[0], args[1]);
    case 'power': arity(2); return bin('^', args[0], args[1]);
    case 'root': arity(2); return args[0].type === 'num' && args[0].value === 2 ? call('sqrt', args[1]) : bin('^', args[1], reciprocal(args[0]));
    case 'abs': return call('abs', one());
    case 'exp': return call('exp', one());
    case 'ln': return call('log', one());
    case 'log':
      arity(2);
      return args[0].type === 'num' && args[0].value === 10 ? call('log10', args[1]) : bin('/', call('log', args[1]), call('log', args[0]));
    case 'floor': return call('floor', one());
    case 'ceiling': return call('ceil', one());
    case 'factorial':
      throw fail('<factorial> is not supported', 'bonesim\'s expressions have no factorial; write the product out, or use a constant');
    case 'quotient': arity(2); return truncate(bin('/', args[0], args[1]));
    case 'rem': arity(2); return bin('-', args[0], bin('*', args[1], truncate(bin('/', args[0], args[1]))));
    case 'max': return args.length === 0 ? bin('/', num(-1), num(0)) : args.length === 1 ? args[0] : call('max', ...args);
    case 'min': return args.length === 0 ? bin('/', num(1), num(0)) : args.length === 1 ? args[0] : call('min', ...args);
    case 'implies': arity(2); return bin('or', { type: 'unary', op: 'not', arg: args[0] }, args[1]);
    case 'sin': case 'cos': case 'tan': case 'sinh': case 'cosh': case 'tanh': return call(op, one());
    case 'sec': return reciprocal(call('cos', one()));
    case 'csc': return reciprocal(call('sin', one()));
    case 'cot': return reciprocal(call('tan', one()));
    case 'sech': return reciprocal(call('cosh', one()));
    case 'csch': return reciprocal(call('sinh', one()));
    case 'coth': return reciprocal(call('tanh', one()));
    case 'arcsin': return call('asin', one());
    case 'arccos': return call('acos', one());
    case 'arctan': return call('atan', one());
    case 'arcsinh': return call('asinh', one());
    case 'arccosh': return call('acosh', one());
    case 'arctanh': return call('atanh', one());
    case 'arcsec': return call('acos', reciprocal(one()));
    case 'arccsc': return call('asin', reciprocal(one()));
    case 'arccot': return call('atan', reciprocal(one()));
    case 'arcsech': return call('acosh', reciprocal(one()));
    case 'arccsch': return call('asinh', reciprocal(one()));
    case 'arccoth': return call('atanh', reciprocal(one()));
    case 'eq': return chain('==');
    case 'neq': arity(2); return bin('!=', args[0], args[1]);
    case 'gt': return chain('>');
    case 'lt': return chain('<');
    case 'geq': return chain('>=');
    case 'leq': return chain('<=');
    case 'and': return args.length === 0 ? num(1) : args.reduce((acc, a) => bin('and', acc, a));
    case 'or': return args.length === 0 ? num(0) : args.reduce((acc, a) => bin('or', acc, a));
    case 'xor': return args.length === 0 ? num(0) : args.reduce((acc, a) => bin('xor', acc, a));
    case 'not': return { type: 'unary', op: 'not', arg: one() };
    default:
      throw fail(`the MathML operator <${op}> is not supported`);
  }
}

/** Round toward zero: sign(x) * floor(|x|). */
function truncate(x: Expr): Expr {
  return bin('*', call('sign', x), call('floor', call('abs', x)));
}
