import { exprToString, type Expr } from './expr.ts';

/**
 * The pieces of a model's expressions as a derivative graph. mathjs `derivative` handles smooth
 * expressions only (no `c ? a : b`, max, min, abs, floor, mod, comparisons), so those constructs
 * are lifted out into nodes of their own with a derivative rule that holds almost everywhere:
 *
 * - `c ? a : b`, max, min, abs: the derivative of the branch that is taken (at a tie, the first);
 * - sign, floor, ceil, comparisons and logic: zero (piecewise constant);
 * - mod(a, b): da − floor(a/b)·db.
 *
 * Smooth nodes are differentiated by mathjs and joined by the chain rule.
 */
export type DerivativeNode =
  | { kind: 'smooth'; expr: Expr }
  | { kind: 'select'; cond: Expr; then: string; else: string; value: Expr }
  | { kind: 'flat'; value: Expr }
  | { kind: 'mod'; a: string; b: string; value: Expr };

const ZERO_DERIVATIVE_FUNCTIONS = new Set(['sign', 'floor', 'ceil']);
const CONDITION_OPS = new Set(['<', '<=', '>', '>=', '==', '!=', 'and', 'or', 'xor']);

export class DerivativeGraph {
  readonly nodes = new Map<string, DerivativeNode>();
  /** What was differentiated piecewise, for the user ("say which"). */
  readonly piecewise: string[] = [];
  /** The model field each synthetic node comes from. */
  readonly origin = new Map<string, string>();
  private counter = 0;

  /** Replace the non-smooth constructs of `expr` by node symbols; `where` names the field for messages. */
  lift(expr: Expr, where: string): Expr {
    switch (expr.type) {
      case 'num':
      case 'sym':
        return expr;
      case 'unary':
        if (expr.op === 'not') return this.flat({ ...expr, arg: this.lift(expr.arg, where) }, where, 'a logical "not"');
        return { ...expr, arg: this.lift(expr.arg, where) };
      case 'binary': {
        const left = this.lift(expr.left, where);
        const right = this.lift(expr.right, where);
        if (CONDITION_OPS.has(expr.op)) return this.flat({ ...expr, left, right }, where, `the comparison ${exprToString(expr)}`);
        if (expr.op === 'mod') return this.mod(left, right, where, exprToString(expr));
        return { ...expr, left, right };
      }
      case 'if': {
        const cond = this.lift(expr.cond, where);
        const then = this.operand(expr.then, where);
        const otherwise = this.operand(expr.else, where);
        const value: Expr = { type: 'if', cond, then: sym(then), else: sym(otherwise) };
        this.note(where, exprToString(expr), 'the derivative of the branch taken');
        return this.add({ kind: 'select', cond, then, else: otherwise, value }, where);
      }
      case 'call':
        return this.call(expr, where);
    }
  }

  private call(expr: Extract<Expr, { type: 'call' }>, where: string): Expr {
    const text = exprToString(expr);
    if (expr.fn === 'max' || expr.fn === 'min') {
      const args = expr.args.map((a) => this.operand(a, where));
      this.note(where, text, `the derivative of the ${expr.fn === 'max' ? 'largest' : 'smallest'} argument`);
      let current = args[0];
      for (let k = 1; k < args.length; k++) {
        const cond: Expr = { type: 'binary', op: expr.fn === 'max' ? '>=' : '<=', left: sym(current), right: sym(args[k]) };
        const value: Expr = { type: 'call', fn: expr.fn, args: [sym(current), sym(args[k])] };
        current = this.name(this.add({ kind: 'select', cond, then: current, else: args[k], value }, where));
      }
      return sym(current);
    }
    if (expr.fn === 'abs') {
      const a = this.operand(expr.args[0], where);
      const negated = this.name(this.add({ kind: 'smooth', expr: { type: 'unary', op: 'neg', arg: sym(a) } }, where));
      this.note(where, text, 'sign(x) times the derivative of x');
      const cond: Expr = { type: 'binary', op: '>=', left: sym(a), right: { type: 'num', value: 0 } };
      return this.add({ kind: 'select', cond, then: a, else: negated, value: { type: 'call', fn: 'abs', args: [sym(a)] } }, where);
    }
    if (expr.fn === 'mod') return this.mod(this.lift(expr.args[0], where), this.lift(expr.args[1], where), where, text);
    const args = expr.args.map((a) => this.lift(a, where));
    if (ZERO_DERIVATIVE_FUNCTIONS.has(expr.fn)) return this.flat({ ...expr, args }, where, text);
    return { ...expr, args };
  }

  private mod(a: Expr, b: Expr, where: string, text: string): Expr {
    const left = this.operandOfLifted(a, where);
    const right = this.operandOfLifted(b, where);
    this.note(where, text, 'da − floor(a/b)·db');
    return this.add({ kind: 'mod', a: left, b: right, value: { type: 'call', fn: 'mod', args: [sym(left), sym(right)] } }, where);
  }

  private flat(value: Expr, where: string, text: string): Expr {
    this.note(where, text, 'zero (piecewise constant)');
    return this.add({ kind: 'flat', value }, where);
  }

  /** A lifted operand as a symbol: a node of its own unless it already is a symbol. */
  private operand(expr: Expr, where: string): string {
    return this.operandOfLifted(this.lift(expr, where), where);
  }

  private operandOfLifted(lifted: Expr, where: string): string {
    return lifted.type === 'sym' ? lifted.name : this.name(this.add({ kind: 'smooth', expr: lifted }, where));
  }

  private add(node: DerivativeNode, where: string): Expr {
    // '#' cannot appear in a model symbol, so synthetic names never collide.
    const name = `#${this.counter++}`;
    this.nodes.set(name, node);
    this.origin.set(name, where);
    return sym(name);
  }

  private name(expr: Expr): string {
    return (expr as { name: string }).name;
  }

  private note(where: string, text: string, rule: string): void {
    const line = `${where}: ${text} -> ${rule}`;
    if (!this.piecewise.includes(line)) this.piecewise.push(line);
  }
}

function sym(name: string): Expr {
  return { type: 'sym', name };
}
