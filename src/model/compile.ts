import { inputError, BonesimError } from '../errors.ts';
import { formatPath as pathText } from '../io/yamlSource.ts';
import { booleanCode, MOD_HELPER, numericCode, type CodeContext } from './codegen.ts';
import { CONSTANTS, MATH_FUNCTIONS, symbolsOf, type Expr } from './expr.ts';
import { compileJacobian, jacobianParts, type CompiledJacobian, type JacobianFunction, type JacobianSpec } from './jacobian.ts';
import type { Model } from './model.ts';
import { orderByDependencies } from './order.ts';
import { boundVectorFunctionParts, boundVectorFunctionSource } from './parameterBinding.ts';
import { dp5Kernel, KERNEL_NAMES, type KernelRhs } from '../solve/kernels/dp5Kernel.ts';
import { fillReducingOrder } from '../solve/eliminationOrder.ts';
import { rodas5pKernel } from '../solve/kernels/rodas5pKernel.ts';
import type { Dp5Kernel, Rodas5pKernel } from '../solve/types.ts';
import { parseExpression } from './parseExpression.ts';
import { closestName } from './suggest.ts';
import { analyseTimeSwitches, type TimeSwitches } from './timeSwitches.ts';
import { DAYS_PER, timeFactor, type TimeUnit } from './timeUnits.ts';

/** dy/dt at time t for state y and parameters p, written into dydt (allocates nothing). */
export type RightHandSide = (t: number, y: Float64Array, p: Float64Array, dydt: Float64Array) => void;
/** A vector of values (e.g. the observables) at time t for state y and parameters p, written into out. */
export type VectorFunction = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;
/** One value (an expression compiled against the model) at time t for state y and parameters p. */
export type ScalarFunction = (t: number, y: Float64Array, p: Float64Array) => number;

/** A vector function bound to one parameter vector: call refresh() after changing that vector. */
export interface BoundFunction {
  /** The function, reading the bound parameters. */
  readonly fn: (t: number, y: Float64Array, out: Float64Array) => void;
  /** Recompute what depends on the parameters alone, after they changed. */
  readonly refresh: () => void;
}

export interface CompileOptions {
  /** Time-dependent inputs (a scenario's `inputs:`), expressions of t and parameters that replace the input's default. */
  inputs?: Readonly<Record<string, string>>;
}

export interface ScalarOptions {
  /** Allow hour, day, week, month and year as constants converted to the model's time unit. */
  timeUnits?: boolean;
  /** Where the expression came from, for messages. */
  path?: ReadonlyArray<string | number>;
  /** Compile as a condition (1 when true, 0 when false). */
  condition?: boolean;
  /** Extra named constants (e.g. BV_0, the starting value of BV). */
  constants?: ReadonlyMap<string, number>;
}

/** A model compiled to plain JavaScript over Float64Array state and parameter vectors. */
export interface CompiledModel {
  readonly model: Model;
  readonly speciesNames: readonly string[];
  /** Parameters, then inputs: the layout of the parameter vector p. */
  readonly parameterNames: readonly string[];
  readonly observableNames: readonly string[];
  readonly y0: Float64Array;
  readonly p0: Float64Array;
  readonly rhs: RightHandSide;
  /**
   * The right-hand side bound to the parameter vector p, for integration: what depends on
   * parameters alone is computed by refresh() instead of on every call (same values, bit for bit).
   */
  bindRhs(p: Float64Array): BoundFunction;
  readonly observe: VectorFunction;
  /** d(rate_i)/d(species_j) into J[i * n + j], analytic (src/model/jacobian.ts); compiled on first use. */
  readonly jacobian: JacobianFunction;
  /** The Jacobian's generated source, and which entries are piecewise or numeric. */
  jacobianDetails(): Omit<CompiledJacobian, 'fn'>;
  /**
   * The order in which stiff methods eliminate W = I/(h gamma) - J: fill-reducing for the species
   * each rate reads (directly or through definitions), a superset of the Jacobian's nonzeros
   * (src/solve/eliminationOrder.ts). The generated rodas5p kernel and, through OdeProblem.luOrder,
   * the generic rodas5p both use it.
   */
  readonly luOrder: Int32Array;
  /** True when no rate depends on t (no time-dependent input feeds the rates). */
  readonly autonomous: boolean;
  /** Species no rate reads (e.g. bone volume): integrated, but held fixed when solving for a steady state. */
  readonly readouts: readonly boolean[];
  /** Where the rates switch in time (comparisons, floor, ceil, mod of t): located before integrating (src/model/timeSwitches.ts). */
  readonly timeSwitches: TimeSwitches;
  /** Generated source, for inspection. */
  readonly source: { rhs: string; boundRhs: string; observe: string };
  /** The model's generated dp5 stepper (src/solve/kernels/dp5Kernel.ts), made on first use and shared by models with the same rates. */
  dp5Kernel(): Dp5Kernel;
  /** The model's generated Rodas5P stepper (src/solve/kernels/rodas5pKernel.ts), made on first use, with the analytic Jacobian inlined. */
  rodas5pKernel(): Rodas5pKernel;
  /** Position of a species in the state vector, or -1. */
  speciesIndex(name: string): number;
  /** Position of a parameter (or input default) in the parameter vector, or -1. */
  parameterIndex(name: string): number;
  /** The unit of a species, observable, parameter or input, as the model file gives it. */
  unitOf(name: string): string | undefined;
  /** Compile another expression (an event value, a state-event condition) against this model's symbols. */
  compileScalar(expression: string | Expr, options?: ScalarOptions): ScalarFunction;
}

type SymbolEntry =
  | { kind: 'species'; index: number }
  | { kind: 'parameter'; index: number }
  | { kind: 'derived'; expr: Expr; path: ReadonlyArray<string | number> };

/**
 * Compile a model into plain JavaScript over Float64Arrays: right-hand side, Jacobian and observables.
 *
 * @example
 * ```ts
 * const compiled = compileModel(parseModel(text, 'models/lemaire2004.yaml'));
 * const dydt = new Float64Array(compiled.speciesNames.length);
 * compiled.rhs(0, compiled.y0, compiled.p0, dydt);
 * ```
 */
export function compileModel(model: Model, options: CompileOptions = {}): CompiledModel {
  // One compilation per model and inputs: loading, checking and running a scenario all ask for it.
  const key = JSON.stringify(Object.entries(options.inputs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let byInputs = compilations.get(model);
  if (!byInputs) {
    byInputs = new Map();
    compilations.set(model, byInputs);
  }
  let compiled = byInputs.get(key);
  if (!compiled) {
    compiled = compileModelOnce(model, options);
    byInputs.set(key, compiled);
  }
  return compiled;
}

/** Compiled models by model object (a Model is not changed once parsed) and by their inputs. */
const compilations = new WeakMap<Model, Map<string, CompiledModel>>();

function compileModelOnce(model: Model, options: CompileOptions): CompiledModel {
  const table = new Map<string, SymbolEntry>();
  const units = new Map<string, string>();
  const speciesNames = model.species.map((s) => s.name);
  const parameterNames = [...model.parameters.map((p) => p.name), ...model.inputs.map((i) => i.name)];
  model.species.forEach((s, index) => {
    table.set(s.name, { kind: 'species', index });
    units.set(s.name, s.unit);
  });
  model.parameters.forEach((p, index) => {
    table.set(p.name, { kind: 'parameter', index });
    units.set(p.name, p.unit);
  });
  model.inputs.forEach((input, k) => {
    table.set(input.name, { kind: 'parameter', index: model.parameters.length + k });
    units.set(input.name, input.unit);
  });

  const parse = (text: string, path: ReadonlyArray<string | number>, parseOptions = {}): Expr => {
    try {
      return parseExpression(text, parseOptions);
    } catch (error) {
      throw error instanceof BonesimError ? error.at({ path, field: pathText(path) }) : error;
    }
  };

  for (const e of model.expressions) {
    table.set(e.name, { kind: 'derived', expr: parse(e.expr, ['expressions', e.name]), path: ['expressions', e.name] });
    if (e.unit) units.set(e.name, e.unit);
  }
  for (const o of model.observables) {
    table.set(o.name, { kind: 'derived', expr: parse(o.expr, ['observables', o.name, 'expr']), path: ['observables', o.name, 'expr'] });
    units.set(o.name, o.unit);
  }

  for (const [name, text] of Object.entries(options.inputs ?? {})) {
    const path = ['inputs', name];
    const entry = table.get(name);
    if (!entry || entry.kind !== 'parameter' || !model.inputs.some((i) => i.name === name)) {
      const known = model.inputs.map((i) => i.name);
      throw inputError(`"${name}" is not an input of model ${model.id}`, { path, field: pathText(path) },
        known.length ? `the model's inputs are: ${known.join(', ')}` : 'this model has no inputs; change a parameter with an event instead');
    }
    const expr = withTimeUnits(parse(text, path), model.timeUnit);
    for (const symbol of symbolsOf(expr)) {
      const target = table.get(symbol);
      if (symbol !== 't' && target?.kind !== 'parameter' && !CONSTANTS.has(symbol)) {
        throw inputError(`an input may depend only on t and parameters, but ${JSON.stringify(text)} uses "${symbol}"`,
          { path, field: pathText(path) }, 'write the input as a function of time t (in the model time unit) and parameters');
      }
    }
    table.set(name, { kind: 'derived', expr, path });
  }

  // Check every symbol and call, then order the derived definitions once.
  const derivedNames: string[] = [];
  for (const [name, entry] of table) {
    if (entry.kind !== 'derived') continue;
    derivedNames.push(name);
    checkExpression(entry.expr, entry.path, table);
  }
  const rateExprs = model.species.map((s) => parse(model.rates[s.name], ['rates', s.name]));
  rateExprs.forEach((expr, i) => checkExpression(expr, ['rates', speciesNames[i]], table));

  const dependencies = new Map<string, Set<string>>();
  for (const name of derivedNames) dependencies.set(name, symbolsOf((table.get(name) as { expr: Expr }).expr));
  const order = orderByDependencies(derivedNames, (n) => dependencies.get(n) ?? [], (n) => (table.get(n) as { path: ReadonlyArray<string | number> }).path);
  const rank = new Map(order.map((name, i) => [name, i]));

  /** Generate a function body computing the derived values the targets need, then the targets. */
  const generate = (targets: Expr[], emit: (code: string[], ctx: CodeContext) => string, extra?: Map<string, number>): string => {
    const needed = new Set<string>();
    const collect = (expr: Expr) => {
      for (const symbol of symbolsOf(expr)) {
        const entry = table.get(symbol);
        if (entry?.kind === 'derived' && !needed.has(symbol)) {
          needed.add(symbol);
          collect(entry.expr);
        }
      }
    };
    targets.forEach(collect);
    const locals = new Map<string, string>();
    const ctx: CodeContext = {
      usesMod: false,
      resolve: (name) => {
        if (name === 't') return 't';
        const local = locals.get(name);
        if (local) return local;
        const entry = table.get(name);
        if (entry?.kind === 'species') return `y[${entry.index}]`;
        if (entry?.kind === 'parameter') return `p[${entry.index}]`;
        const constant = extra?.get(name) ?? CONSTANTS.get(name);
        if (constant !== undefined) return `(${constant})`;
        throw new Error(`internal: unresolved symbol ${name}`);
      },
    };
    const lines: string[] = [];
    for (const name of [...needed].sort((a, b) => rank.get(a)! - rank.get(b)!)) {
      const local = `v${locals.size}`;
      lines.push(`const ${local} = ${numericCode((table.get(name) as { expr: Expr }).expr, ctx)};`);
      locals.set(name, local);
    }
    const tail = emit(lines, ctx);
    return (ctx.usesMod ? MOD_HELPER + '\n' : '') + tail;
  };

  const vectorFunction = (targets: Expr[]): { fn: VectorFunction; source: string } => {
    const source = generate(targets, (lines, ctx) => {
      targets.forEach((expr, i) => lines.push(`out[${i}] = ${numericCode(expr, ctx)};`));
      return `return function (t, y, p, out) {\n  ${lines.join('\n  ')}\n};`;
    });
    return { fn: new Function(`"use strict";\n${source}`)() as VectorFunction, source };
  };

  const rhs = vectorFunction(rateExprs);
  const boundRhsSource = boundVectorFunctionSource(rateExprs, {
    lookup: (name) => table.get(name),
    rank: (name) => rank.get(name) ?? -1,
  });
  const bindRhs = new Function(`"use strict";\n${boundRhsSource}`)() as (p: Float64Array) => BoundFunction;
  let kernelRhs: KernelRhs | undefined;
  const kernelRhsOf = (): KernelRhs => (kernelRhs ??= {
    n: speciesNames.length,
    ...boundVectorFunctionParts(rateExprs, { lookup: (name) => table.get(name), rank: (name) => rank.get(name) ?? -1 }, KERNEL_NAMES),
    readsTime,
    modHelper: MOD_HELPER,
  });
  let kernel: Dp5Kernel | undefined;
  const kernelOf = (): Dp5Kernel => (kernel ??= dp5Kernel(kernelRhsOf()));
  let stiffKernel: Rodas5pKernel | undefined;
  const stiffKernelOf = (): Rodas5pKernel => {
    if (stiffKernel) return stiffKernel;
    // The Jacobian in the kernel's names: species s_i, parameters q_i, time ts.
    const parametersRead = new Set<number>();
    const parts = jacobianParts({
      ...jacobianSpec(),
      leafCode: (name) => {
        if (name === 't') return KERNEL_NAMES.time;
        const entry = table.get(name);
        if (entry?.kind === 'parameter') parametersRead.add(entry.index);
        return jacobianLeaf(name, KERNEL_NAMES.species, KERNEL_NAMES.parameter);
      },
    });
    stiffKernel = rodas5pKernel(kernelRhsOf(), { ...parts, parameters: [...parametersRead].sort((a, b) => a - b) }, !readsTime, luOrder);
    return stiffKernel;
  };
  const observe = vectorFunction(model.observables.map((o) => (table.get(o.name) as { expr: Expr }).expr));

  const readSpecies = new Set<string>();
  const collectSpecies = (expr: Expr, seen: Set<string>) => {
    for (const symbol of symbolsOf(expr)) {
      const entry = table.get(symbol);
      if (entry?.kind === 'species') readSpecies.add(symbol);
      else if (entry?.kind === 'derived' && !seen.has(symbol)) {
        seen.add(symbol);
        collectSpecies(entry.expr, seen);
      }
    }
  };
  const seenDerived = new Set<string>();
  rateExprs.forEach((expr) => collectSpecies(expr, seenDerived));

  // The species each rate reads, directly or through definitions: the Jacobian's structure, for the elimination order.
  const speciesReadBy = new Map<string, ReadonlySet<number>>();
  const speciesOf = (expr: Expr): Set<number> => {
    const out = new Set<number>();
    for (const symbol of symbolsOf(expr)) {
      const entry = table.get(symbol);
      if (entry?.kind === 'species') out.add(entry.index);
      else if (entry?.kind === 'derived') {
        let inner = speciesReadBy.get(symbol);
        if (!inner) {
          inner = speciesOf(entry.expr);
          speciesReadBy.set(symbol, inner);
        }
        for (const j of inner) out.add(j);
      }
    }
    return out;
  };
  const luOrder = fillReducingOrder(speciesNames.length, rateExprs.flatMap((expr, row) => [...speciesOf(expr)].map((column) => ({ row, column }))));

  let readsTime = false;
  for (const name of seenDerived) if (symbolsOf((table.get(name) as { expr: Expr }).expr).has('t')) readsTime = true;
  if (rateExprs.some((expr) => symbolsOf(expr).has('t'))) readsTime = true;

  /** Code for a species, parameter or constant in the Jacobian (undefined for a derived name). */
  const jacobianLeaf = (name: string, species: (i: number) => string, parameter: (i: number) => string): string | undefined => {
    const entry = table.get(name);
    if (entry?.kind === 'species') return species(entry.index);
    if (entry?.kind === 'parameter') return parameter(entry.index);
    if (entry?.kind === 'derived') return undefined;
    const constant = CONSTANTS.get(name);
    return constant === undefined ? undefined : `(${constant})`;
  };
  const jacobianSpec = (): JacobianSpec => ({
    speciesNames,
    rates: rateExprs.map((expr, i) => ({ expr, where: `rates.${speciesNames[i]}` })),
    derived: new Map(derivedNames.map((name) => {
      const entry = table.get(name) as { expr: Expr; path: ReadonlyArray<string | number> };
      return [name, { expr: entry.expr, where: pathText(entry.path) }];
    })),
    leafCode: (name) => (name === 't' ? 't' : jacobianLeaf(name, (i) => `y[${i}]`, (i) => `p[${i}]`)),
  });
  let jacobian: CompiledJacobian | undefined;
  const compiledJacobian = (): CompiledJacobian => (jacobian ??= compileJacobian(jacobianSpec()));

  const timeConstants = new Map<string, number>(
    (Object.keys(DAYS_PER) as TimeUnit[]).map((u) => [u, timeFactor(u, model.timeUnit)]),
  );

  const compileScalar = (expression: string | Expr, scalarOptions: ScalarOptions = {}): ScalarFunction => {
    const path = scalarOptions.path ?? [];
    const expr = typeof expression === 'string' ? parse(expression, path) : expression;
    const constants = new Map([...(scalarOptions.timeUnits ? timeConstants : []), ...(scalarOptions.constants ?? [])]);
    checkExpression(expr, path, table, constants);
    const source = generate([expr], (lines, ctx) => {
      const value = scalarOptions.condition ? `(${booleanCode(expr, ctx)} ? 1 : 0)` : numericCode(expr, ctx);
      lines.push(`return ${value};`);
      return `return function (t, y, p) {\n  ${lines.join('\n  ')}\n};`;
    }, constants);
    return new Function(`"use strict";\n${source}`)() as ScalarFunction;
  };

  const timeSwitches = analyseTimeSwitches(rateExprs.map((expr, i) => ({ expr, path: ['rates', speciesNames[i]] })), {
    lookup: (name) => {
      const entry = table.get(name);
      return entry ?? { kind: 'constant' };
    },
    compile: (expr) => compileScalar(expr),
    timeUnit: model.timeUnit,
    describePath: pathText,
  });

  const p0 = new Float64Array(parameterNames.length);
  model.parameters.forEach((p, i) => (p0[i] = p.value));
  model.inputs.forEach((input, k) => (p0[model.parameters.length + k] = input.default));

  const speciesIndex = new Map(speciesNames.map((n, i) => [n, i]));
  const parameterIndex = new Map(parameterNames.map((n, i) => [n, i]));

  return {
    model,
    speciesNames,
    parameterNames,
    observableNames: model.observables.map((o) => o.name),
    y0: Float64Array.from(model.species, (s) => s.initial),
    p0,
    rhs: rhs.fn as RightHandSide,
    bindRhs,
    observe: observe.fn,
    jacobian: (t, y, p, J) => compiledJacobian().fn(t, y, p, J),
    jacobianDetails: () => {
      const { source, piecewise, numeric } = compiledJacobian();
      return { source, piecewise, numeric };
    },
    luOrder,
    autonomous: !readsTime,
    readouts: speciesNames.map((n) => !readSpecies.has(n)),
    timeSwitches,
    source: { rhs: rhs.source, boundRhs: boundRhsSource, observe: observe.source },
    dp5Kernel: kernelOf,
    rodas5pKernel: stiffKernelOf,
    speciesIndex: (name) => speciesIndex.get(name) ?? -1,
    parameterIndex: (name) => parameterIndex.get(name) ?? -1,
    unitOf: (name) => units.get(name),
    compileScalar,
  };
}

function checkExpression(expr: Expr, path: ReadonlyArray<string | number>, table: Map<string, SymbolEntry>, extra?: Map<string, number>): void {
  const location = { path, field: pathText(path) };
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'num':
        return;
      case 'sym': {
        if (e.name === 't' || table.has(e.name) || extra?.has(e.name) || CONSTANTS.has(e.name)) return;
        const suggestion = closestName(e.name, table.keys());
        throw inputError(`unknown symbol "${e.name}"`, location,
          suggestion ? `did you mean "${suggestion}"?` : 'use a species, parameter, input, expression or observable of the model, or t');
      }
      case 'unary':
        return visit(e.arg);
      case 'binary':
        visit(e.left);
        return visit(e.right);
      case 'if':
        visit(e.cond);
        visit(e.then);
        return visit(e.else);
      case 'call': {
        const arity = MATH_FUNCTIONS.get(e.fn);
        if (!arity) {
          const suggestion = closestName(e.fn, MATH_FUNCTIONS.keys());
          throw inputError(`"${e.fn}" is not an allowed function`, location,
            suggestion ? `did you mean "${suggestion}"?` : `allowed functions: ${[...MATH_FUNCTIONS.keys()].join(', ')}`);
        }
        if (e.args.length < arity.min || e.args.length > arity.max) {
          const expected = arity.min === arity.max ? `${arity.min}` : `${arity.min} to ${arity.max}`;
          throw inputError(`${e.fn}() takes ${expected} argument${arity.max === 1 ? '' : 's'}, got ${e.args.length}`, location,
            arity.max === 1 ? `e.g. ${e.fn}(x)` : arity.max === 2 ? `e.g. ${e.fn}(a, b)` : `e.g. ${e.fn}(a, b, c)`);
        }
        e.args.forEach(visit);
      }
    }
  };
  visit(expr);
}

/** Replace hour/day/week/month/year symbols by their length in the model's time unit. */
function withTimeUnits(expr: Expr, unit: TimeUnit): Expr {
  switch (expr.type) {
    case 'sym':
      return Object.hasOwn(DAYS_PER, expr.name) ? { type: 'num', value: timeFactor(expr.name as TimeUnit, unit) } : expr;
    case 'num':
      return expr;
    case 'unary':
      return { ...expr, arg: withTimeUnits(expr.arg, unit) };
    case 'binary':
      return { ...expr, left: withTimeUnits(expr.left, unit), right: withTimeUnits(expr.right, unit) };
    case 'if':
      return { type: 'if', cond: withTimeUnits(expr.cond, unit), then: withTimeUnits(expr.then, unit), else: withTimeUnits(expr.else, unit) };
    case 'call':
      return { ...expr, args: expr.args.map((a) => withTimeUnits(a, unit)) };
  }
}
