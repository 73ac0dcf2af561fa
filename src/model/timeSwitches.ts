import { inputError, numericalError } from '../errors.ts';
import { exprToString, type Expr } from './expr.ts';

/**
 * Where the rates switch in time. A comparison, floor, ceil, sign or mod that reads t (directly or
 * through expressions and inputs) makes the right-hand side jump; an integrator that steps over the
 * jump, or over a whole short pulse, returns a wrong answer without knowing it. So every such
 * switch is located before integrating:
 *
 * - where its operands are piecewise linear in t and read only parameters (`t > tau`,
 *   `t > t_start + 30`, `mod(t, 7) < 0.05`, `floor(t) == 5`), its times follow exactly from the
 *   parameters, per segment (events change parameters): `within(p, t0, t1)`;
 * - where it also reads the state (`x > t`), it is a switching function located on the dense
 *   output of every step, like a state event: `stateDependent`;
 * - anything else of t alone (`sin(t) > 0.5`, `t^2 > 10`) is refused with a way to rewrite it.
 *
 * abs, min and max of piecewise linear functions of t are located too (kinks); of anything else they
 * are continuous and left to step-size control.
 */
export interface TimeSwitches {
  /** True when no rate reads a switch of time: nothing to locate. */
  readonly none: boolean;
  /** The switch times strictly inside (t0, t1) for parameters p, ascending. */
  within(p: Float64Array, t0: number, t1: number): number[];
  /**
   * [lo, hi] inside (t0, t1), as close to its ends as rounding allows, on which every exact switch
   * keeps the value it has inside the segment: the integrator evaluates the rates at t clamped to it,
   * so a stage at a segment's end never sees the next segment's branch.
   */
  interior(p: Float64Array, t0: number, t1: number): [number, number];
  /** Switching functions that read the state as well as t: located by root finding on dense output. */
  readonly stateDependent: readonly WatchedSwitch[];
}

export interface WatchedSwitch {
  /** The switch's value changes where this margin crosses zero ('zero') or an integer ('integer'). */
  margin: (t: number, y: Float64Array, p: Float64Array) => number;
  crossing: 'zero' | 'integer';
  text: string;
}

/** Most switch times one segment may have (the limit on repeating events, too). */
export const MAX_SWITCHES = 50_000;

export type SymbolKind = { kind: 'species' } | { kind: 'parameter' } | { kind: 'derived'; expr: Expr; path: ReadonlyArray<string | number> } | { kind: 'constant' };

export interface SwitchContext {
  lookup(name: string): SymbolKind;
  compile(expr: Expr): (t: number, y: Float64Array, p: Float64Array) => number;
  timeUnit: string;
  describePath(path: ReadonlyArray<string | number>): string;
}

/** How an expression depends on t: not at all, linearly, linearly between switches, or otherwise. */
type Shape = 0 | 1 | 2 | 3;
const CONSTANT: Shape = 0;
const LINEAR: Shape = 1;
const PIECEWISE: Shape = 2;
const OTHER: Shape = 3;

interface Leaf {
  margin: Expr;
  crossing: 'zero' | 'integer';
  /** The leaves inside the margin: between their times the margin is linear in t. */
  inner: Leaf[];
  shape: Shape;
  readsState: boolean;
  /** Only a kink (abs, min, max): located when exact, otherwise left to step-size control. */
  kink: boolean;
  text: string;
  path: ReadonlyArray<string | number>;
  fn?: (t: number, y: Float64Array, p: Float64Array) => number;
}

interface Analysis {
  shape: Shape;
  readsTime: boolean;
  readsState: boolean;
  leaves: Leaf[];
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);
const LOGIC = new Set(['and', 'or', 'xor']);

export function analyseTimeSwitches(rates: Array<{ expr: Expr; path: ReadonlyArray<string | number> }>, context: SwitchContext): TimeSwitches {
  const memo = new Map<string, Analysis>();
  const all = new Set<Leaf>();

  const analyse = (e: Expr, where: ReadonlyArray<string | number>): Analysis => {
    switch (e.type) {
      case 'num':
        return { shape: CONSTANT, readsTime: false, readsState: false, leaves: [] };
      case 'sym': {
        if (e.name === 't') return { shape: LINEAR, readsTime: true, readsState: false, leaves: [] };
        const symbol = context.lookup(e.name);
        if (symbol.kind === 'species') return { shape: CONSTANT, readsTime: false, readsState: true, leaves: [] };
        if (symbol.kind !== 'derived') return { shape: CONSTANT, readsTime: false, readsState: false, leaves: [] };
        let known = memo.get(e.name);
        if (!known) {
          known = analyse(symbol.expr, symbol.path);
          memo.set(e.name, known);
        }
        return known;
      }
      case 'unary': {
        const arg = analyse(e.arg, where);
        return e.op === 'neg' ? arg : { ...arg, shape: arg.readsTime ? PIECEWISE : CONSTANT };
      }
      case 'binary': {
        const l = analyse(e.left, where);
        const r = analyse(e.right, where);
        const both = combine(l, r);
        switch (e.op) {
          case '+': case '-':
            return { ...both, shape: Math.max(l.shape, r.shape) as Shape };
          case '*':
            return { ...both, shape: !l.readsTime ? r.shape : !r.readsTime ? l.shape : OTHER };
          case '/':
            return { ...both, shape: !r.readsTime ? l.shape : OTHER };
          case '^':
            return { ...both, shape: both.readsTime ? OTHER : CONSTANT };
          case 'mod':
            return modulo(e, l, r, e.left, e.right, where);
          default:
            if (LOGIC.has(e.op)) return { ...both, shape: both.readsTime ? PIECEWISE : CONSTANT };
            if (COMPARISONS.has(e.op) && both.readsTime) {
              const margin: Expr = { type: 'binary', op: '-', left: e.left, right: e.right };
              return withLeaf(both, leaf(margin, 'zero', both, Math.max(l.shape, r.shape) as Shape, false, e, where));
            }
            return { ...both, shape: CONSTANT };
        }
      }
      case 'if': {
        const c = analyse(e.cond, where);
        const a = analyse(e.then, where);
        const b = analyse(e.else, where);
        const all3 = combine(combine(c, a), b);
        const branches = Math.max(a.shape, b.shape) as Shape;
        return { ...all3, shape: c.readsTime ? (Math.max(branches, PIECEWISE) as Shape) : branches };
      }
      case 'call': {
        const args = e.args.map((arg) => analyse(arg, where));
        const joined = args.reduce(combine, { shape: CONSTANT, readsTime: false, readsState: false, leaves: [] } as Analysis);
        const widest = Math.max(CONSTANT, ...args.map((a) => a.shape)) as Shape;
        if (!joined.readsTime) return { ...joined, shape: CONSTANT };
        switch (e.fn) {
          case 'floor': case 'ceil':
            return withLeaf(joined, leaf(e.args[0], 'integer', joined, widest, false, e, where));
          case 'sign':
            return withLeaf(joined, leaf(e.args[0], 'zero', joined, widest, false, e, where));
          case 'mod':
            return modulo(e, args[0], args[1], e.args[0], e.args[1], where);
          case 'abs': case 'min': case 'max': {
            if (e.args.length === 1 && e.fn !== 'abs') return args[0];
            const margins: Expr[] = e.fn === 'abs' ? [e.args[0]] : [];
            for (let i = 0; i < e.args.length; i++) {
              for (let j = i + 1; j < e.args.length; j++) margins.push({ type: 'binary', op: '-', left: e.args[i], right: e.args[j] });
            }
            let result: Analysis = { ...joined, shape: widest <= PIECEWISE ? PIECEWISE : OTHER };
            for (const margin of margins) result = withLeaf(result, leaf(margin, 'zero', joined, widest, true, e, where));
            return result;
          }
          default:
            return { ...joined, shape: OTHER };
        }
      }
    }
  };

  const modulo = (e: Expr, a: Analysis, period: Analysis, aExpr: Expr, periodExpr: Expr, where: ReadonlyArray<string | number>): Analysis => {
    const both = combine(a, period);
    if (!both.readsTime) return { ...both, shape: CONSTANT };
    const margin: Expr = { type: 'binary', op: '/', left: aExpr, right: periodExpr };
    const shape = period.readsTime ? OTHER : (Math.max(a.shape, LINEAR) as Shape);
    return withLeaf({ ...both, shape: shape === OTHER ? OTHER : PIECEWISE }, leaf(margin, 'integer', both, shape, false, e, where));
  };

  const leaf = (margin: Expr, crossing: Leaf['crossing'], operands: Analysis, shape: Shape, kink: boolean, at: Expr, where: ReadonlyArray<string | number>): Leaf => {
    const made: Leaf = { margin, crossing, inner: operands.leaves, shape, readsState: operands.readsState, kink, text: exprToString(at), path: where };
    all.add(made);
    return made;
  };

  for (const rate of rates) analyse(rate.expr, rate.path);

  const exact: Leaf[] = [];
  const watched: WatchedSwitch[] = [];
  for (const l of all) {
    if (!l.readsState && l.shape <= PIECEWISE) {
      l.fn = context.compile(l.margin);
      exact.push(l);
    } else if (l.kink) {
      continue; // a kink of a smooth function, or of the state: step-size control handles it
    } else if (l.readsState) {
      watched.push({ margin: context.compile(l.margin), crossing: l.crossing, text: l.text });
    } else {
      throw inputError(`bonesim cannot locate where ${JSON.stringify(l.text)} switches: t enters it other than linearly`,
        { path: l.path, field: context.describePath(l.path) },
        'write switches of time with t entering linearly (t > tau, t - t_start > 30, mod(t, 7) < 0.05, floor(t) == 5; e.g. ' +
          't > sqrt(10) for t^2 > 10, mod(t, 2 * pi) < pi for sin(t) > 0), or use timed events (at:, every:) instead');
    }
  }
  return timeSwitchesOf(exact, watched, context);
}

function combine(a: Analysis, b: Analysis): Analysis {
  return {
    shape: Math.max(a.shape, b.shape) as Shape,
    readsTime: a.readsTime || b.readsTime,
    readsState: a.readsState || b.readsState,
    leaves: a.leaves.length === 0 ? b.leaves : b.leaves.length === 0 ? a.leaves : [...new Set([...a.leaves, ...b.leaves])],
  };
}

function withLeaf(a: Analysis, l: Leaf): Analysis {
  return { ...a, shape: l.shape <= PIECEWISE ? PIECEWISE : a.shape, leaves: [...a.leaves, l] };
}

function timeSwitchesOf(exact: Leaf[], stateDependent: WatchedSwitch[], context: SwitchContext): TimeSwitches {
  const timeUnit = context.timeUnit;
  const located = (l: Leaf | undefined) => (l ? { path: l.path, field: context.describePath(l.path) } : {});
  const noState = new Float64Array(0);
  const branch = (l: Leaf, t: number, p: Float64Array) => {
    const m = l.fn!(t, noState, p);
    return l.crossing === 'zero' ? Math.sign(m) : Math.floor(m);
  };

  const within = (p: Float64Array, t0: number, t1: number): number[] => {
    if (exact.length === 0 || !(t1 > t0)) return [];
    const memo = new Map<Leaf, number[]>();
    let count = 0;
    const timesOf = (l: Leaf): number[] => {
      const known = memo.get(l);
      if (known) return known;
      const inner = mergeTimes(l.inner.flatMap(timesOf), t0, t1);
      const ends = [t0, ...inner, t1];
      const own: number[] = [];
      for (let k = 0; k + 1 < ends.length; k++) {
        const a = ends[k];
        const b = ends[k + 1];
        // Linear on the piece: two interior values give it exactly (up to rounding).
        const ta = a + (b - a) / 3;
        const tb = a + (2 * (b - a)) / 3;
        const ma = l.fn!(ta, noState, p);
        const mb = l.fn!(tb, noState, p);
        if (!Number.isFinite(ma) || !Number.isFinite(mb)) continue; // the rates say so at run time, with the cause
        const slope = (mb - ma) / (tb - ta);
        if (slope === 0) continue;
        const at = (value: number) => ta + (value - ma) / slope;
        if (l.crossing === 'zero') {
          const root = at(0);
          if (root > a && root < b) own.push(root);
          continue;
        }
        const mA = ma + slope * (a - ta);
        const mB = ma + slope * (b - ta);
        const first = Math.floor(Math.min(mA, mB)) + 1;
        const last = Math.ceil(Math.max(mA, mB)) - 1;
        count += Math.max(0, last - first + 1);
        if (count > MAX_SWITCHES) {
          throw inputError(`${JSON.stringify(l.text)} switches more than ${MAX_SWITCHES} times between t = ${t0} and ${t1} ${timeUnit}`, located(l),
            'switch less often (a longer period), shorten the run, or use an input without switches');
        }
        for (let value = first; value <= last; value++) {
          const time = at(value);
          if (time > a && time < b) own.push(time);
        }
      }
      const times = mergeTimes([...inner, ...own], t0, t1);
      memo.set(l, times);
      return times;
    };
    return mergeTimes(exact.flatMap(timesOf), t0, t1);
  };

  const interior = (p: Float64Array, t0: number, t1: number): [number, number] => {
    const middle = 0.5 * (t0 + t1);
    let margin = 4 * Number.EPSILON * Math.max(Math.abs(t0), Math.abs(t1), Number.MIN_VALUE);
    if (t1 - t0 <= 16 * margin) return [middle, middle];
    for (; margin <= (t1 - t0) / 8; margin *= 4) {
      const lo = t0 + margin;
      const hi = t1 - margin;
      if (exact.every((l) => {
        const inside = branch(l, middle, p);
        return branch(l, lo, p) === inside && branch(l, hi, p) === inside;
      })) return [lo, hi];
    }
    const culprit = exact.find((l) => branch(l, t0 + (t1 - t0) / 8, p) !== branch(l, middle, p) || branch(l, t1 - (t1 - t0) / 8, p) !== branch(l, middle, p));
    throw numericalError(`internal: the switch ${JSON.stringify(culprit?.text ?? '?')} changes inside the segment [${t0}, ${t1}] ${timeUnit} that should hold it constant`,
      located(culprit));
  };

  return { none: exact.length === 0 && stateDependent.length === 0, within, interior, stateDependent };
}

/** Sorted, without duplicates (within rounding) and without times at or outside the ends. */
function mergeTimes(times: number[], t0: number, t1: number): number[] {
  const tolerance = (t: number) => 1e-12 * Math.max(1, Math.abs(t));
  const sorted = times.filter((t) => t > t0 + tolerance(t0) && t < t1 - tolerance(t1)).sort((a, b) => a - b);
  const merged: number[] = [];
  for (const t of sorted) if (!merged.length || t - merged[merged.length - 1] > tolerance(t)) merged.push(t);
  return merged;
}
