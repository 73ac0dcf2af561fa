import { parse, type MathNode } from './mathjs.ts';
import { inputError } from '../errors.ts';
import type { BinaryOp, Expr } from './expr.ts';

export interface ParseOptions {
  /** Accept `X(t = 365)` as a named time argument (expectation syntax). */
  namedTimeArguments?: boolean;
}

const MAX_LENGTH = 20_000;
const MAX_DEPTH = 200;

const BINARY: Record<string, BinaryOp> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^', mod: 'mod',
  smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=', equal: '==', unequal: '!=',
  and: 'and', or: 'or', xor: 'xor',
};

/**
 * Parse expression text with mathjs and keep only whitelisted constructs.
 * Throws an input error (without location; the caller adds file and field).
 *
 * @example
 * ```ts
 * const expr = parseExpression('D_C * pi_L - D_A * C');
 * expr.type; // 'binary'
 * ```
 */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  if (typeof text !== 'string') throw inputError(`expected an expression as text, got ${typeof text}`, {}, "write the expression as text, quoted if it starts with a symbol YAML reads specially: 't > 20 ? 1 : 0'");
  if (text.length > MAX_LENGTH) {
    throw inputError(`the expression is ${text.length} characters long; the limit is ${MAX_LENGTH}`, {},
      'split it into named expressions');
  }
  if (text.trim() === '') throw inputError('the expression is empty', {}, 'write an expression, e.g. k * x, or 0');
  let node: MathNode;
  try {
    node = parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw inputError('the expression is nested too deeply to read', {}, 'simplify it or split it into named expressions');
    throw inputError(`cannot parse ${quote(text)}: ${(error as Error).message}`, {}, 'check the syntax: operators + - * / ^, comparisons, `c ? a : b`, and calls like exp(x)');
  }
  return convert(node, text, options, 0);
}

function convert(node: MathNode, text: string, options: ParseOptions, depth: number): Expr {
  if (depth > MAX_DEPTH) throw inputError('the expression is nested too deeply', {}, 'simplify it or split it into named expressions');
  const next = (child: MathNode) => convert(child, text, options, depth + 1);
  // mathjs node objects: read their fields through a narrow record view.
  const n = node as unknown as Record<string, unknown> & { type: string };
  switch (n.type) {
    case 'ConstantNode': {
      const value = n.value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw inputError(`the number in ${quote(text)} is out of range`, {}, 'use a finite number');
        return { type: 'num', value };
      }
      if (typeof value === 'boolean') return { type: 'num', value: value ? 1 : 0 };
      throw inputError(`${quote(text)} contains text or a value that is not a number (${JSON.stringify(value)})`, {},
        'expressions may only contain numbers, symbols, operators and math functions');
    }
    case 'SymbolNode':
      return { type: 'sym', name: n.name as string };
    case 'ParenthesisNode':
      return next(n.content as MathNode);
    case 'OperatorNode': {
      const fn = n.fn as string;
      const args = n.args as MathNode[];
      if (fn === 'unaryMinus') return { type: 'unary', op: 'neg', arg: next(args[0]) };
      if (fn === 'unaryPlus') return next(args[0]);
      if (fn === 'not') return { type: 'unary', op: 'not', arg: next(args[0]) };
      const op = BINARY[fn];
      if (op === undefined || args.length < 2) {
        throw inputError(`the operator "${String(n.op)}" is not allowed in ${quote(text)}`, {},
          'use + - * / ^ %, comparisons (< <= > >= == !=), and, or, not');
      }
      let acc = next(args[0]);
      for (let i = 1; i < args.length; i++) acc = { type: 'binary', op, left: acc, right: next(args[i]) };
      return acc;
    }
    case 'RelationalNode': {
      // a < b < c means a < b and b < c
      const conditionals = n.conditionals as string[];
      const params = (n.params as MathNode[]).map(next);
      let acc: Expr | undefined;
      conditionals.forEach((fn, i) => {
        const op = BINARY[fn];
        const comparison: Expr = { type: 'binary', op, left: params[i], right: params[i + 1] };
        acc = acc ? { type: 'binary', op: 'and', left: acc, right: comparison } : comparison;
      });
      return acc!;
    }
    case 'ConditionalNode':
      return {
        type: 'if',
        cond: next(n.condition as MathNode),
        then: next(n.trueExpr as MathNode),
        else: next(n.falseExpr as MathNode),
      };
    case 'FunctionNode': {
      const fnNode = n.fn as unknown as Record<string, unknown> & { type: string };
      if (fnNode.type !== 'SymbolNode') {
        throw inputError(`only named functions can be called in ${quote(text)}`, {}, 'call a math function such as exp(x) or max(a, b)');
      }
      const args = (n.args as MathNode[]).map((arg) => {
        const a = arg as unknown as Record<string, unknown> & { type: string };
        if (options.namedTimeArguments && a.type === 'AssignmentNode') {
          const object = a.object as unknown as Record<string, unknown>;
          if (object.type === 'SymbolNode' && object.name === 't' && a.index == null) return next(a.value as MathNode);
        }
        return next(arg);
      });
      return { type: 'call', fn: fnNode.name as string, args };
    }
    default:
      throw inputError(`${describeNode(n.type)} is not allowed in an expression (${quote(text)})`, {},
        'expressions may only contain numbers, symbols, arithmetic, comparisons, `c ? a : b` and math functions');
  }
}

function describeNode(type: string): string {
  switch (type) {
    case 'AssignmentNode': return 'assignment (=)';
    case 'FunctionAssignmentNode': return 'a function definition';
    case 'AccessorNode': return 'member access (a.b or a[b])';
    case 'IndexNode': return 'indexing';
    case 'ArrayNode': return 'a list [..]';
    case 'ObjectNode': return 'an object {..}';
    case 'BlockNode': return 'several statements (; or newline)';
    case 'RangeNode': return 'a range (a:b)';
    default: return `a ${type}`;
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text);
}
