import { booleanCode, numericCode, MOD_HELPER, type CodeContext } from './codegen.ts';
import { exprToString, symbolsOf, type Expr } from './expr.ts';
import { DerivativeGraph, type DerivativeNode } from './piecewise.ts';
import { symbolicPartial } from './symbolicPartial.ts';

/** J[i * n + j] = d(rate_i)/d(species_j) at (t, y, p); writes every entry, allocates nothing. */
export type JacobianFunction = (t: number, y: Float64Array, p: Float64Array, J: Float64Array) => void;

export interface JacobianSpec {
  speciesNames: readonly string[];
  /** One rate per species, in species order; `where` names the field for reports. */
  rates: ReadonlyArray<{ expr: Expr; where: string }>;
  /** Named derived quantities (expressions, observables, time-dependent inputs). */
  derived: ReadonlyMap<string, { expr: Expr; where: string }>;
  /** Code for a species, parameter, t or constant; undefined for a derived name. */
  leafCode: (name: string) => string | undefined;
}

/** The Jacobian as generated code: the lines that compute it and its structurally nonzero entries. */
export interface JacobianParts {
  /** `const name = code;` statements, in dependency order. */
  lines: string[];
  /** d(rate_row)/d(species_column) is the local or literal `code`; entries not listed are zero. */
  entries: Array<{ row: number; column: number; code: string }>;
  usesMod: boolean;
  piecewise: string[];
  numeric: string[];
}

export interface CompiledJacobian {
  fn: JacobianFunction;
  source: string;
  /** Constructs differentiated piecewise (branch taken, or zero). */
  piecewise: string[];
  /** Partial derivatives mathjs could not give in whitelisted form: computed by central differences. */
  numeric: string[];
}

/** Step for central differences: cbrt(eps) balances truncation against rounding. */
const CENTRAL_STEP = Math.cbrt(Number.EPSILON);

/**
 * The analytic Jacobian of a model's rates, compiled to plain JavaScript like the RHS: every
 * smooth piece is differentiated symbolically by mathjs and the pieces are joined by the chain
 * rule through the named expressions (dA/dy = ∂A/∂y + Σ_B ∂A/∂B · dB/dy).
 */
export function compileJacobian(spec: JacobianSpec): CompiledJacobian {
  const n = spec.speciesNames.length;
  const { lines, entries, usesMod, piecewise, numeric } = jacobianParts(spec);
  const code = new Map(entries.map((e) => [e.row * n + e.column, e.code]));
  for (let k = 0; k < n * n; k++) lines.push(`J[${k}] = ${code.get(k) ?? '0'};`);
  const body = `return function (t, y, p, J) {\n  ${lines.join('\n  ')}\n};`;
  const source = (usesMod ? MOD_HELPER + '\n' : '') + body;
  const fn = new Function(`"use strict";\n${source}`)() as JacobianFunction;
  return { fn, source, piecewise, numeric };
}

/**
 * The Jacobian's code without a function around it, in the leaf names `spec.leafCode` gives: the
 * compiled Jacobian above, and the stiff kernels that inline it (src/solve/kernels/rodas5pKernel.ts).
 */
export function jacobianParts(spec: JacobianSpec): JacobianParts {
  const n = spec.speciesNames.length;
  const speciesIndex = new Map(spec.speciesNames.map((name, i) => [name, i]));
  const graph = new DerivativeGraph();
  const numeric: string[] = [];

  // Lift the rates, then every definition they need (directly or through lifted pieces).
  const rates = spec.rates.map((rate) => graph.lift(rate.expr, rate.where));
  const wanted = (symbols: Iterable<string>) => {
    for (const s of symbols) {
      const def = spec.derived.get(s);
      if (def && !graph.nodes.has(s)) graph.nodes.set(s, { kind: 'smooth', expr: graph.lift(def.expr, def.where) });
    }
  };
  rates.forEach((expr) => wanted(symbolsOf(expr)));
  const scanned = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, node] of [...graph.nodes]) {
      if (scanned.has(name)) continue;
      scanned.add(name);
      grew = true;
      for (const e of nodeExprs(node)) wanted(symbolsOf(e));
      wanted(nodeOperands(node));
    }
  }

  // Order nodes so each follows what it reads.
  const order: string[] = [];
  const state = new Map<string, boolean>();
  const visit = (name: string) => {
    if (state.has(name)) return;
    state.set(name, false);
    for (const e of nodeExprs(graph.nodes.get(name)!)) for (const s of symbolsOf(e)) if (graph.nodes.has(s)) visit(s);
    for (const s of nodeOperands(graph.nodes.get(name)!)) if (graph.nodes.has(s)) visit(s);
    state.set(name, true);
    order.push(name);
  };
  for (const name of graph.nodes.keys()) visit(name);

  const locals = new Map<string, string>();
  const ctx: CodeContext = {
    usesMod: false,
    resolve: (name) => {
      const local = locals.get(name);
      if (local) return local;
      const leaf = spec.leafCode(name);
      if (leaf === undefined) throw new Error(`internal: unresolved symbol ${name} in the Jacobian`);
      return leaf;
    },
  };
  const lines: string[] = [];
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${counter++}`;

  // Values of every node.
  for (const name of order) {
    const node = graph.nodes.get(name)!;
    const local = fresh('v');
    lines.push(`const ${local} = ${numericCode(node.kind === 'smooth' ? node.expr : node.value, ctx)};`);
    locals.set(name, local);
  }

  /** d(symbol)/d(species_j) as code, per species j with a structurally nonzero derivative. */
  const derivatives = new Map<string, Map<number, string>>();
  const derivativeOf = (symbol: string): ReadonlyMap<number, string> => {
    const j = speciesIndex.get(symbol);
    if (j !== undefined) return new Map([[j, '1']]);
    return derivatives.get(symbol) ?? new Map();
  };

  const chainRule = (expr: Expr, where: string): Map<number, string> => {
    const terms = new Map<number, string[]>();
    for (const s of symbolsOf(expr)) {
      const inner = derivativeOf(s);
      if (inner.size === 0) continue;
      const partial = partialCode(expr, s, where);
      if (partial === undefined) continue;
      for (const [j, d] of inner) {
        const list = terms.get(j) ?? [];
        list.push(d === '1' ? partial : `${partial} * ${d}`);
        terms.set(j, list);
      }
    }
    const out = new Map<number, string>();
    for (const [j, list] of terms) {
      const local = fresh('d');
      lines.push(`const ${local} = ${list.join(' + ')};`);
      out.set(j, local);
    }
    return out;
  };

  /** Code of ∂expr/∂symbol (a local), or undefined when it is identically zero. */
  const partialCode = (expr: Expr, symbol: string, where: string): string | undefined => {
    const symbolic = symbolicPartial(expr, symbol);
    const local = fresh('q');
    if (symbolic) {
      if (symbolic.type === 'num' && symbolic.value === 0) return undefined;
      lines.push(`const ${local} = ${numericCode(symbolic, ctx)};`);
      return local;
    }
    numeric.push(`${where}: d(${exprToString(expr)})/d(${symbol}) by central differences`);
    const base = ctx.resolve(symbol);
    const h = fresh('h');
    lines.push(`const ${h} = ${CENTRAL_STEP} * Math.max(Math.abs(${base}), 1e-30);`);
    const shifted = (sign: string): string => {
      const shiftedCtx: CodeContext = { usesMod: false, resolve: (name) => (name === symbol ? `(${base} ${sign} ${h})` : ctx.resolve(name)) };
      const code = numericCode(expr, shiftedCtx);
      ctx.usesMod ||= shiftedCtx.usesMod;
      return code;
    };
    lines.push(`const ${local} = (${shifted('+')} - ${shifted('-')}) / (2 * ${h});`);
    return local;
  };

  for (const name of order) {
    const node = graph.nodes.get(name)!;
    const where = spec.derived.get(name)?.where ?? graph.origin.get(name) ?? name;
    if (node.kind === 'smooth') {
      derivatives.set(name, chainRule(node.expr, where));
    } else if (node.kind === 'select') {
      const a = derivativeOf(node.then);
      const b = derivativeOf(node.else);
      const out = new Map<number, string>();
      const cond = booleanCode(node.cond, ctx);
      for (const j of new Set([...a.keys(), ...b.keys()])) {
        const local = fresh('d');
        lines.push(`const ${local} = ${cond} ? ${a.get(j) ?? '0'} : ${b.get(j) ?? '0'};`);
        out.set(j, local);
      }
      derivatives.set(name, out);
    } else if (node.kind === 'mod') {
      const a = derivativeOf(node.a);
      const b = derivativeOf(node.b);
      const out = new Map<number, string>();
      for (const j of new Set([...a.keys(), ...b.keys()])) {
        const local = fresh('d');
        lines.push(`const ${local} = ${a.get(j) ?? '0'} - Math.floor(${ctx.resolve(node.a)} / ${ctx.resolve(node.b)}) * ${b.get(j) ?? '0'};`);
        out.set(j, local);
      }
      derivatives.set(name, out);
    }
  }

  const entries: JacobianParts['entries'] = [];
  rates.forEach((expr, i) => {
    const row = chainRule(expr, spec.rates[i].where);
    for (let j = 0; j < n; j++) {
      const code = row.get(j);
      if (code !== undefined) entries.push({ row: i, column: j, code });
    }
  });
  return { lines, entries, usesMod: ctx.usesMod, piecewise: graph.piecewise, numeric };
}

function nodeExprs(node: DerivativeNode): Expr[] {
  switch (node.kind) {
    case 'smooth':
      return [node.expr];
    case 'select':
      return [node.cond, node.value];
    case 'flat':
    case 'mod':
      return [node.value];
  }
}

function nodeOperands(node: DerivativeNode): string[] {
  switch (node.kind) {
    case 'select':
      return [node.then, node.else];
    case 'mod':
      return [node.a, node.b];
    default:
      return [];
  }
}
