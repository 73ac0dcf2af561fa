import { MOD_HELPER, numericCode, type CodeContext } from './codegen.ts';
import { CONSTANTS, symbolsOf, type Expr } from './expr.ts';

/** What the generator needs to know about a symbol of the model. */
export type BindingSymbol =
  | { kind: 'species'; index: number }
  | { kind: 'parameter'; index: number }
  | { kind: 'derived'; expr: Expr };

export interface BindingSymbols {
  lookup(name: string): BindingSymbol | undefined;
  /** Position of a derived name in dependency order. */
  rank(name: string): number;
}

/** How the generated code names the state, the parameters and time (default: y[i], p[i], t). */
export interface BindingNames {
  species?: (index: number) => string;
  parameter?: (index: number) => string;
  time?: string;
}

/**
 * A bound vector function in pieces, for generators that place them themselves (the generated
 * integrator kernels of src/solve/kernels/): values computed once per parameter set, then the
 * per-call locals and one code string per target.
 */
export interface BoundFunctionParts {
  usesMod: boolean;
  /** Names of the values refresh() computes (c0, c1, ...), in the order of refreshLines. */
  hoisted: string[];
  /** `cK = code;` lines, in dependency order. */
  refreshLines: string[];
  /** `const vK = code;` lines of the values that vary with t or the state, in dependency order. */
  lines: string[];
  /** The code of each target. */
  targets: string[];
  /** The parameter indices the code reads. */
  parameters: number[];
}

/**
 * Source of a factory `(p) => { fn(t, y, out), refresh() }` for vector functions (a model's
 * right-hand side) bound to one parameter vector p. Every subexpression that depends on
 * parameters alone (PTH occupancy, ratios of rate constants, ...) is computed by refresh(),
 * once per parameter set, instead of on every call: the caller runs refresh() after it changes
 * p. The hoisted subexpressions are computed exactly as written, so results are bit-identical
 * to the unbound function's.
 */
export function boundVectorFunctionSource(targets: readonly Expr[], symbols: BindingSymbols): string {
  const parts = boundVectorFunctionParts(targets, symbols);
  const lines = [...parts.lines, ...parts.targets.map((code, i) => `out[${i}] = ${code};`)];
  const declarations = parts.hoisted.length ? `let ${parts.hoisted.join(', ')};` : '';
  return [
    parts.usesMod ? MOD_HELPER : '',
    'return function bind(p) {',
    `  ${declarations}`,
    `  const refresh = () => {\n    ${parts.refreshLines.join('\n    ')}\n  };`,
    `  const fn = (t, y, out) => {\n    ${lines.join('\n    ')}\n  };`,
    '  refresh();',
    '  return { fn, refresh };',
    '};',
  ].join('\n');
}

/** The pieces of boundVectorFunctionSource's function, with the state, parameters and time named as `names` says. */
export function boundVectorFunctionParts(targets: readonly Expr[], symbols: BindingSymbols, names: BindingNames = {}): BoundFunctionParts {
  const speciesName = names.species ?? ((i: number) => `y[${i}]`);
  const parameterName = names.parameter ?? ((i: number) => `p[${i}]`);
  const timeName = names.time ?? 't';
  const parametersRead = new Set<number>();
  const parameterOnly = new Map<Expr | string, boolean>();
  const isParameterOnly = (expr: Expr): boolean => {
    const known = parameterOnly.get(expr);
    if (known !== undefined) return known;
    let result: boolean;
    switch (expr.type) {
      case 'num':
        result = true;
        break;
      case 'sym':
        result = symbolIsParameterOnly(expr.name);
        break;
      case 'unary':
        result = isParameterOnly(expr.arg);
        break;
      case 'binary':
        result = isParameterOnly(expr.left) && isParameterOnly(expr.right);
        break;
      case 'if':
        result = isParameterOnly(expr.cond) && isParameterOnly(expr.then) && isParameterOnly(expr.else);
        break;
      case 'call':
        result = expr.args.every(isParameterOnly);
        break;
    }
    parameterOnly.set(expr, result);
    return result;
  };
  const symbolIsParameterOnly = (name: string): boolean => {
    if (name === 't') return false;
    const known = parameterOnly.get(name);
    if (known !== undefined) return known;
    const symbol = symbols.lookup(name);
    const result = symbol === undefined ? CONSTANTS.has(name) : symbol.kind === 'parameter' || (symbol.kind === 'derived' && isParameterOnly(symbol.expr));
    parameterOnly.set(name, result);
    return result;
  };

  // Values computed by refresh(): keyed by their code, so a repeated subexpression is computed once.
  const refreshLines: string[] = [];
  const hoisted = new Map<string, string>();
  let usesMod = false;
  const hoist = (code: string): string => {
    let name = hoisted.get(code);
    if (!name) {
      name = `c${hoisted.size}`;
      hoisted.set(code, name);
      refreshLines.push(`${name} = ${code};`);
    }
    return name;
  };
  const locals = new Map<string, string>();
  const resolveSymbol = (name: string): string => {
    if (name === 't') return timeName;
    const local = locals.get(name);
    if (local) return local;
    const symbol = symbols.lookup(name);
    if (symbol?.kind === 'species') return speciesName(symbol.index);
    if (symbol?.kind === 'parameter') {
      parametersRead.add(symbol.index);
      return parameterName(symbol.index);
    }
    if (symbol?.kind === 'derived' && symbolIsParameterOnly(name)) return hoist(code(symbol.expr, true));
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) return `(${constant})`;
    throw new Error(`internal: unresolved symbol ${name}`);
  };
  // A parameter-only subexpression that does some arithmetic becomes one refreshed value.
  const replaceParameterOnly = (expr: Expr): string | undefined =>
    expr.type !== 'num' && expr.type !== 'sym' && isParameterOnly(expr) ? hoist(code(expr, true)) : undefined;
  /** Code for an expression; `inRefresh`: it is itself computed by refresh(), so its parts stay inline. */
  const code = (expr: Expr, inRefresh: boolean): string => {
    const context: CodeContext = { usesMod: false, resolve: resolveSymbol, replace: inRefresh ? undefined : replaceParameterOnly };
    const text = numericCode(expr, context);
    usesMod ||= context.usesMod;
    return text;
  };

  // Derived values that vary with t or the state: locals of fn, in dependency order.
  const needed = new Set<string>();
  const collect = (expr: Expr) => {
    for (const name of symbolsOf(expr)) {
      const symbol = symbols.lookup(name);
      if (symbol?.kind === 'derived' && !needed.has(name) && !symbolIsParameterOnly(name)) {
        needed.add(name);
        collect(symbol.expr);
      }
    }
  };
  targets.forEach(collect);
  const lines: string[] = [];
  for (const name of [...needed].sort((a, b) => symbols.rank(a) - symbols.rank(b))) {
    const local = `v${locals.size}`;
    lines.push(`const ${local} = ${code((symbols.lookup(name) as { expr: Expr }).expr, false)};`);
    locals.set(name, local);
  }
  const targetCodes = targets.map((expr) => code(expr, false));
  return { usesMod, hoisted: [...hoisted.values()], refreshLines, lines, targets: targetCodes, parameters: [...parametersRead].sort((a, b) => a - b) };
}
