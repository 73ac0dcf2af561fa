import { BonesimError, inputError } from '../errors.ts';
import { formatPath } from '../io/yamlSource.ts';
import { exprToString, type Expr } from './expr.ts';
import type { Model } from './model.ts';
import { parseExpression } from './parseExpression.ts';
import {
  DIMENSIONLESS, divide, exponentValue, formatDimension, isDimensionless, multiply, parseUnit, power, sameQuantity, sameUnit, type Dimension,
} from './units.ts';

/**
 * Dimensional analysis of a model: every rate must come out in its species' unit per
 * model time unit, every declared expression and observable unit must match what its
 * expression computes, and sums, comparisons, branches and exp/log arguments must be
 * consistent. Literal numbers are plain numbers, except that 0 and numbers compared
 * with or chosen instead of a quantity take that quantity's unit.
 */
type Inferred = { kind: 'unit'; dim: Dimension } | { kind: 'literal'; value: number } | { kind: 'unknown' };

const unit = (dim: Dimension): Inferred => ({ kind: 'unit', dim });
const UNKNOWN: Inferred = { kind: 'unknown' };

export function checkDimensions(model: Model): void {
  const known = new Set<string>();
  const declared = new Map<string, Dimension>();
  // Units and powers with parameter exponents are checked at the nominal parameter values.
  const nominal = new Map<string, number>([...model.parameters.map((p) => [p.name, p.value] as const), ...model.inputs.map((i) => [i.name, i.default] as const)]);
  const declare = (name: string, text: string, path: Array<string | number>) => {
    // A unit the source did not declare (an SBML import): its symbol is not checked.
    if (text === 'unknown') return;
    try {
      declared.set(name, parseUnit(text, nominal));
      known.add(text);
    } catch (error) {
      throw error instanceof BonesimError ? error.at({ path, field: formatPath(path) }) : error;
    }
  };
  model.species.forEach((s) => declare(s.name, s.unit, ['species', s.name, 'unit']));
  model.parameters.forEach((p) => declare(p.name, p.unit, ['parameters', p.name, 'unit']));
  model.inputs.forEach((i) => declare(i.name, i.unit, ['inputs', i.name, 'unit']));
  model.observables.forEach((o) => declare(o.name, o.unit, ['observables', o.name, 'unit']));
  model.expressions.forEach((e) => e.unit && declare(e.name, e.unit, ['expressions', e.name, 'unit']));
  const time = parseUnit(model.timeUnit);

  const definitions = new Map<string, { expr: Expr; path: Array<string | number> }>();
  for (const e of model.expressions) definitions.set(e.name, { expr: parseExpression(e.expr), path: ['expressions', e.name] });
  for (const o of model.observables) definitions.set(o.name, { expr: parseExpression(o.expr), path: ['observables', o.name, 'expr'] });

  const show = (d: Dimension) => formatDimension(d, known);
  const inferredDefinitions = new Map<string, Inferred>();
  const inProgress = new Set<string>();

  const symbolDimension = (name: string): Inferred => {
    if (name === 't') return unit(time);
    if (name === 'pi' || name === 'e') return unit(DIMENSIONLESS);
    const definition = definitions.get(name);
    if (definition) {
      // A declared unit is checked once, where the definition is, and trusted where it is used.
      const declaredUnit = declared.get(name);
      if (!inferredDefinitions.has(name) && !inProgress.has(name)) {
        inProgress.add(name);
        const inferred = infer(definition.expr, definition.path);
        inProgress.delete(name);
        inferredDefinitions.set(name, inferred);
        if (declaredUnit && inferred.kind === 'unit' && !sameUnit(inferred.dim, declaredUnit)) {
          throw mismatch(definition.path, `"${exprToString(definition.expr)}" works out to ${show(inferred.dim)}, but its declared unit is ${show(declaredUnit)}`,
            hintFor(inferred.dim, declaredUnit));
        }
      }
      if (declaredUnit) return unit(declaredUnit);
      return inferredDefinitions.get(name) ?? UNKNOWN;
    }
    const d = declared.get(name);
    return d ? unit(d) : UNKNOWN;
  };

  const infer = (expr: Expr, path: Array<string | number>): Inferred => {
    const same = (a: Inferred, b: Inferred, left: Expr, right: Expr, what: string): Inferred => {
      if (a.kind === 'unknown' || b.kind === 'unknown') return a.kind === 'unknown' ? b.kind === 'unit' ? b : UNKNOWN : a;
      if (a.kind === 'literal' && b.kind === 'literal') return a;
      if (a.kind === 'literal') return literalMeets(a, b, right, left, what) ? b : unit(DIMENSIONLESS);
      if (b.kind === 'literal') return literalMeets(b, a, left, right, what) ? a : unit(DIMENSIONLESS);
      if (!sameUnit(a.dim, b.dim)) {
        throw mismatch(path, `in "${exprToString(expr)}", ${what}: "${exprToString(left)}" is ${show(a.dim)} but "${exprToString(right)}" is ${show(b.dim)}`,
          hintFor(a.dim, b.dim));
      }
      return a;
    };
    /** A literal next to a quantity: 0 always fits; another number fits in comparisons and branches, and must otherwise be dimensionless. */
    const literalMeets = (literal: { value: number }, other: Inferred, otherExpr: Expr, literalExpr: Expr, what: string): boolean => {
      if (other.kind !== 'unit' || literal.value === 0 || what !== 'terms of a sum must have the same unit') return true;
      if (!isDimensionless(other.dim) || other.dim.scale !== 1) {
        throw mismatch(path, `in "${exprToString(expr)}", the number ${exprToString(literalExpr)} is added to "${exprToString(otherExpr)}", which is ${show(other.dim)}`,
          'a bare number can only be added to a dimensionless quantity: multiply it by a parameter that carries the unit');
      }
      return true;
    };
    const dimensionless = (arg: Expr, fn: string) => {
      const d = infer(arg, path);
      if (d.kind === 'unit' && !(isDimensionless(d.dim) && d.dim.scale === 1)) {
        throw mismatch(path, `${fn}() needs a dimensionless argument, but "${exprToString(arg)}" is ${show(d.dim)}`,
          'divide the argument by a constant with the same unit (e.g. exp(-x / x_ref))');
      }
    };

    switch (expr.type) {
      case 'num':
        return { kind: 'literal', value: expr.value };
      case 'sym':
        return symbolDimension(expr.name);
      case 'unary':
        if (expr.op === 'not') return unit(DIMENSIONLESS);
        return infer(expr.arg, path);
      case 'binary': {
        const a = infer(expr.left, path);
        const b = infer(expr.right, path);
        switch (expr.op) {
          case '+': case '-':
            return same(a, b, expr.left, expr.right, 'terms of a sum must have the same unit');
          case 'mod':
            return same(a, b, expr.left, expr.right, 'both sides of mod must have the same unit');
          case '<': case '<=': case '>': case '>=': case '==': case '!=':
            same(a, b, expr.left, expr.right, 'compared quantities must have the same unit');
            return unit(DIMENSIONLESS);
          case 'and': case 'or': case 'xor':
            return unit(DIMENSIONLESS);
          case '*': case '/': {
            const x = a.kind === 'literal' ? unit(DIMENSIONLESS) : a;
            const y = b.kind === 'literal' ? unit(DIMENSIONLESS) : b;
            if (x.kind !== 'unit' || y.kind !== 'unit') return UNKNOWN;
            return unit(expr.op === '*' ? multiply(x.dim, y.dim) : divide(x.dim, y.dim));
          }
          case '^':
            return raise(a, expr.right, () => dimensionless(expr.right, 'the exponent of ^ (as a function)'));
        }
        return UNKNOWN;
      }
      case 'if': {
        infer(expr.cond, path);
        return same(infer(expr.then, path), infer(expr.else, path), expr.then, expr.else, 'both branches of a condition must have the same unit');
      }
      case 'call': {
        const args = expr.args.map((arg) => infer(arg, path));
        switch (expr.fn) {
          case 'exp': case 'log': case 'log10': case 'sin': case 'cos': case 'tan': case 'tanh':
            dimensionless(expr.args[0], expr.fn);
            return unit(DIMENSIONLESS);
          case 'sign':
            return unit(DIMENSIONLESS);
          case 'sqrt':
            return args[0].kind === 'unit' ? unit(power(args[0].dim, 0.5)) : args[0];
          case 'abs': case 'floor': case 'ceil':
            return args[0];
          case 'pow':
            return raise(args[0], expr.args[1], () => dimensionless(expr.args[1], 'pow exponent'));
          case 'min': case 'max': case 'mod':
            return args.reduce((acc, d, i) => (i === 0 ? d : same(acc, d, expr.args[0], expr.args[i], `the arguments of ${expr.fn}() must have the same unit`)));
        }
        return UNKNOWN;
      }
    }
  };

  /** x^n: a number exponent scales the unit; a symbolic exponent is fine only on a dimensionless base. */
  const raise = (base: Inferred, exponentExpr: Expr, checkExponent: () => void): Inferred => {
    checkExponent();
    if (base.kind !== 'unit') return base.kind === 'literal' ? unit(DIMENSIONLESS) : UNKNOWN;
    if (isDimensionless(base.dim) && base.dim.scale === 1) return unit(DIMENSIONLESS);
    const value = exponentValue(exponentExpr, nominal);
    if (value !== undefined) return unit(power(base.dim, value));
    return UNKNOWN;
  };

  for (const name of definitions.keys()) symbolDimension(name);
  for (const species of model.species) {
    const path = ['rates', species.name];
    const rate = infer(parseExpression(model.rates[species.name]), path);
    const own = declared.get(species.name);
    if (!own) continue;
    const expected = divide(own, time);
    if (rate.kind === 'unit' && !sameUnit(rate.dim, expected)) {
      throw mismatch(path, `the rate "${model.rates[species.name]}" works out to ${show(rate.dim)}, but d${species.name}/dt must be in ${show(expected)} (${species.unit} per ${model.timeUnit})`,
        hintFor(rate.dim, expected));
    }
    if (rate.kind === 'literal' && rate.value !== 0) {
      throw mismatch(path, `the rate of ${species.name} is the bare number ${rate.value}, which has no unit`, `write it as a parameter in ${species.unit}/${model.timeUnit}`);
    }
  }
}

function hintFor(actual: Dimension, expected: Dimension): string {
  if (sameQuantity(actual, expected)) {
    const factor = expected.scale / actual.scale;
    return `the quantities agree but the scale differs by a factor ${Number(factor.toPrecision(6))}: check the units of the parameters involved`;
  }
  return 'check the units of the parameters and species in it, or the expression itself';
}

function mismatch(path: Array<string | number>, problem: string, hint: string): BonesimError {
  return inputError(`unit mismatch: ${problem}`, { path, field: formatPath(path) }, hint);
}
