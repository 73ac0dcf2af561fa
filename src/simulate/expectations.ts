import { inputError, type ErrorLocation } from '../errors.ts';
import { MATH_FUNCTIONS, exprToString, type Expr } from '../model/expr.ts';
import { isCondition } from '../model/codegen.ts';
import { parseExpression } from '../model/parseExpression.ts';
import { closestName } from '../model/suggest.ts';
import { DAYS_PER, timeFactor, type TimeUnit } from '../model/timeUnits.ts';

/**
 * Expectations are statements about a finished run, e.g. `BV(end) < 0.9 * BV(0)`,
 * `max(OCa) > 2 * OCa(0)` or `OCa(t = 1 year) < OCa(0)`. A series name called with a time
 * gives its value then; max/min/mean/time_of_max/time_of_min of a bare series name
 * aggregate over the run (optionally over [from, to]). Times are in the model's unit
 * unless written with one (`5 year`); `end` is the end of the run.
 */
export interface ExpectationContext {
  series: ReadonlySet<string>;
  timeUnit: TimeUnit;
  duration: number;
}

export interface ParsedExpectation {
  text: string;
  why?: string;
  expr: Expr;
  /** Times the expectation reads; the run reports the solution there exactly. */
  probeTimes: number[];
}

export interface SeriesData {
  times: Float64Array;
  values(name: string): Float64Array;
  /** The run's tolerances: comparisons need a difference beyond them (see compare). */
  tolerance?: { rtol: number; atol: number };
}

export interface ExpectationOutcome {
  text: string;
  why?: string;
  passed: boolean;
  /** The values that decided it, e.g. "BV(end) = 93.1; 0.9 * BV(0) = 90". */
  detail: string;
}

const AGGREGATES = new Set(['max', 'min', 'mean', 'time_of_max', 'time_of_min']);

export function parseExpectation(text: string, why: string | undefined, ctx: ExpectationContext, location: ErrorLocation): ParsedExpectation {
  let expr: Expr;
  try {
    expr = parseExpression(text, { namedTimeArguments: true });
  } catch (error) {
    throw error instanceof Error && 'at' in error ? (error as { at(l: ErrorLocation): Error }).at(location) : error;
  }
  if (!isCondition(expr)) {
    throw inputError(`the expectation ${JSON.stringify(text)} is not a comparison`, location,
      'state a comparison that must hold, e.g. "BV(end) < 0.9 * BV(0)" or "max(OCa) > 2 * OCa(0)"');
  }
  const probeTimes: number[] = [];
  const check = (e: Expr): void => {
    switch (e.type) {
      case 'num':
        return;
      case 'sym':
        // A time unit or `end` stands for that time in the model's unit: time_of_max(C) > 3 week.
        if (timeConstant(e.name, ctx) !== undefined) return;
        if (ctx.series.has(e.name)) {
          throw inputError(`"${e.name}" is a time series: say when`, location,
            `write ${e.name}(0), ${e.name}(end), ${e.name}(5 year) or max(${e.name})`);
        }
        throw unknown(e.name, ctx, location);
      case 'unary':
        return check(e.arg);
      case 'binary':
        check(e.left);
        return check(e.right);
      case 'if':
        check(e.cond);
        check(e.then);
        return check(e.else);
      case 'call': {
        if (ctx.series.has(e.fn)) {
          if (e.args.length !== 1) throw inputError(`${e.fn}(...) takes one time, e.g. ${e.fn}(end)`, location, `read one time: ${e.fn}(0), ${e.fn}(end) or ${e.fn}(5 year)`);
          probeTimes.push(staticTime(e.args[0], ctx, location));
          return;
        }
        if (AGGREGATES.has(e.fn) || (e.fn === 'max' || e.fn === 'min')) {
          const first = e.args[0];
          if (first?.type === 'sym' && ctx.series.has(first.name)) {
            if (e.args.length !== 1 && e.args.length !== 3) {
              throw inputError(`${e.fn}(${first.name}) takes the series alone or with a window: ${e.fn}(${first.name}, from, to)`, location, `e.g. ${e.fn}(${first.name}) or ${e.fn}(${first.name}, 1 year, end)`);
            }
            if (e.args.length === 3) {
              const from = staticTime(e.args[1], ctx, location);
              const to = staticTime(e.args[2], ctx, location);
              if (to < from) throw inputError(`the window of ${e.fn}(${first.name}, ...) ends before it starts`, location, `put the earlier time first: ${e.fn}(${first.name}, from, to)`);
              probeTimes.push(from, to);
            }
            return;
          }
          if (AGGREGATES.has(e.fn) && !MATH_FUNCTIONS.has(e.fn)) {
            throw inputError(`${e.fn}() needs a species or observable name first, e.g. ${e.fn}(OCa)`, location, `write ${e.fn}(NAME) with a species or observable of the model`);
          }
        }
        const arity = MATH_FUNCTIONS.get(e.fn);
        if (!arity) {
          const suggestion = closestName(e.fn, [...ctx.series, ...AGGREGATES, ...MATH_FUNCTIONS.keys()]);
          throw inputError(`"${e.fn}" is neither a species, an observable nor a function`, location,
            suggestion ? `did you mean "${suggestion}"?` : 'use a species or observable name, or max/min/mean/time_of_max/time_of_min');
        }
        if (e.args.length < arity.min || e.args.length > arity.max) throw inputError(`${e.fn}() takes ${arity.min === arity.max ? arity.min : `${arity.min} to ${arity.max}`} argument(s)`, location, `give ${e.fn}() that many arguments`);
        e.args.forEach(check);
      }
    }
  };
  check(expr);
  return { text, why, expr, probeTimes };
}

function unknown(name: string, ctx: ExpectationContext, location: ErrorLocation): Error {
  const suggestion = closestName(name, ctx.series);
  return inputError(`unknown name "${name}" in an expectation`, location,
    suggestion ? `did you mean "${suggestion}"?` : `expectations can read: ${[...ctx.series].join(', ')}`);
}

/** `end` and the time units (hour ... year) as times in the model's unit; undefined for other names. */
function timeConstant(name: string, ctx: ExpectationContext): number | undefined {
  if (name === 'end') return ctx.duration;
  if (Object.hasOwn(DAYS_PER, name)) return timeFactor(name as TimeUnit, ctx.timeUnit);
  return undefined;
}

/** A time argument: numbers in the model unit, time units, `end`, and arithmetic on them. */
function staticTime(expr: Expr, ctx: ExpectationContext, location: ErrorLocation): number {
  const value = (e: Expr): number => {
    switch (e.type) {
      case 'num':
        return e.value;
      case 'sym':
        if (e.name === 'end') return ctx.duration;
        if (e.name === 't') break;
        if (Object.hasOwn(DAYS_PER, e.name)) return timeFactor(e.name as TimeUnit, ctx.timeUnit);
        break;
      case 'unary':
        if (e.op === 'neg') return -value(e.arg);
        break;
      case 'binary':
        switch (e.op) {
          case '+': return value(e.left) + value(e.right);
          case '-': return value(e.left) - value(e.right);
          case '*': return value(e.left) * value(e.right);
          case '/': return value(e.left) / value(e.right);
        }
        break;
    }
    throw inputError(`${JSON.stringify(exprToString(expr))} is not a time`, location,
      'write a time such as 0, end, 365, 5 year or end - 1 year');
  };
  const t = value(expr);
  const tolerance = 1e-9 * Math.max(1, ctx.duration);
  if (!Number.isFinite(t) || t < -tolerance || t > ctx.duration + tolerance) {
    throw inputError(`the time ${exprToString(expr)} (${t} ${ctx.timeUnit}) is outside the run (0 to ${ctx.duration} ${ctx.timeUnit})`, location,
      'read the run at a time between 0 and end');
  }
  return Math.min(Math.max(t, 0), ctx.duration);
}

export function evaluateExpectation(parsed: ParsedExpectation, data: SeriesData, ctx: ExpectationContext): ExpectationOutcome {
  const location: ErrorLocation = {};
  const at = (name: string, t: number): number => valueAt(data, name, t);
  const evaluate = (e: Expr): number => {
    switch (e.type) {
      case 'num':
        return e.value;
      case 'sym':
        return timeConstant(e.name, ctx) ?? Number.NaN;
      case 'unary':
        return e.op === 'neg' ? -evaluate(e.arg) : truth(evaluate(e.arg)) ? 0 : 1;
      case 'binary': {
        const l = evaluate(e.left);
        const r = evaluate(e.right);
        switch (e.op) {
          case '+': return l + r;
          case '-': return l - r;
          case '*': return l * r;
          case '/': return l / r;
          case '^': return l ** r;
          case 'mod': return l - r * Math.floor(l / r);
          case '<': case '<=': case '>': case '>=': case '==': case '!=':
            return +compare(e.op, l, r, data.tolerance);
          case 'and': return +(truth(l) && truth(r));
          case 'or': return +(truth(l) || truth(r));
          case 'xor': return +(truth(l) !== truth(r));
        }
        return Number.NaN;
      }
      case 'if':
        return truth(evaluate(e.cond)) ? evaluate(e.then) : evaluate(e.else);
      case 'call': {
        if (ctx.series.has(e.fn)) return at(e.fn, staticTime(e.args[0], ctx, location));
        const first = e.args[0];
        if (first?.type === 'sym' && ctx.series.has(first.name) && (AGGREGATES.has(e.fn))) {
          const from = e.args.length === 3 ? staticTime(e.args[1], ctx, location) : 0;
          const to = e.args.length === 3 ? staticTime(e.args[2], ctx, location) : ctx.duration;
          return aggregate(e.fn, data, first.name, from, to);
        }
        const args = e.args.map(evaluate);
        return applyMath(e.fn, args);
      }
    }
  };
  const value = evaluate(parsed.expr);
  const passed = truth(value) && !Number.isNaN(value);
  return { text: parsed.text, why: parsed.why, passed, detail: describe(parsed.expr, evaluate, data.tolerance) };
}

/**
 * Comparisons at the run's precision: two values within rtol * max(|a|, |b|) + atol of each other are
 * equal, so a strict comparison needs a difference beyond the integration tolerance ("bone was lost"
 * cannot pass on rounding), and a non-strict one holds within it.
 */
export function compare(op: string, a: number, b: number, tolerance = { rtol: 0, atol: 0 }): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  const margin = tolerance.rtol * Math.max(Math.abs(a), Math.abs(b)) + tolerance.atol;
  switch (op) {
    case '<': return b - a > margin;
    case '>': return a - b > margin;
    case '<=': return a - b <= margin;
    case '>=': return b - a <= margin;
    case '==': return Math.abs(a - b) <= margin;
    case '!=': return !(Math.abs(a - b) <= margin);
    default: return false;
  }
}

function truth(value: number): boolean {
  return value !== 0 && !Number.isNaN(value);
}

function describe(expr: Expr, evaluate: (e: Expr) => number, tolerance?: SeriesData['tolerance']): string {
  if (expr.type === 'binary' && ['<', '<=', '>', '>=', '==', '!='].includes(expr.op)) {
    const l = evaluate(expr.left);
    const r = evaluate(expr.right);
    const text = `${exprToString(expr.left)} = ${format(l)}; ${exprToString(expr.right)} = ${format(r)}`;
    const margin = tolerance ? tolerance.rtol * Math.max(Math.abs(l), Math.abs(r)) + tolerance.atol : 0;
    const noise = (expr.op === '<' || expr.op === '>' || expr.op === '!=') && Math.abs(l - r) <= margin;
    return noise ? `${text} (equal within the run's tolerance, ${Number(margin.toPrecision(2))})` : text;
  }
  if (expr.type === 'binary' && (expr.op === 'and' || expr.op === 'or' || expr.op === 'xor')) {
    return `${describe(expr.left, evaluate, tolerance)} | ${describe(expr.right, evaluate, tolerance)}`;
  }
  return `${exprToString(expr)} is ${truth(evaluate(expr)) ? 'true' : 'false'}`;
}

function format(value: number): string {
  if (Number.isNaN(value)) return 'no value';
  return Number(value.toPrecision(6)).toString();
}

/** Index of the last output time <= t (outputs are sorted). */
function indexAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < times[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function valueAt(data: SeriesData, name: string, t: number): number {
  const times = data.times;
  const values = data.values(name);
  const tolerance = 1e-9 * Math.max(1, Math.abs(t));
  let i = indexAtOrBefore(times, t + tolerance);
  if (i < 0) return Number.NaN;
  // Output at an event time is the state after the event (the run is right-continuous).
  if (Math.abs(times[i] - t) <= tolerance) return values[i];
  if (i === times.length - 1) return Number.NaN; // the run ended before t
  const w = (t - times[i]) / (times[i + 1] - times[i]);
  return values[i] + w * (values[i + 1] - values[i]);
}

function aggregate(fn: string, data: SeriesData, name: string, from: number, to: number): number {
  const times = data.times;
  const values = data.values(name);
  const tolerance = 1e-9 * Math.max(1, Math.abs(to));
  let best = Number.NaN;
  let bestTime = Number.NaN;
  let sum = 0;
  let weight = 0;
  // Times are sorted: start at the window (binary search) and stop after it.
  let start = indexAtOrBefore(times, from - tolerance);
  if (start < 0 || times[start] < from - tolerance) start++;
  for (let i = start; i < times.length && times[i] <= to + tolerance; i++) {
    const v = values[i];
    if (fn === 'mean') {
      // Trapezoidal time average, so an irregular output grid does not bias it.
      if (i + 1 < times.length && times[i + 1] <= to + tolerance) {
        const dt = times[i + 1] - times[i];
        sum += 0.5 * (v + values[i + 1]) * dt;
        weight += dt;
      }
      if (weight === 0 && Number.isNaN(best)) best = v;
      continue;
    }
    const better = Number.isNaN(best) || ((fn === 'max' || fn === 'time_of_max') ? v > best : v < best);
    if (better) {
      best = v;
      bestTime = times[i];
    }
  }
  if (fn === 'mean') return weight > 0 ? sum / weight : best;
  return fn.startsWith('time_of') ? bestTime : best;
}

function applyMath(fn: string, args: number[]): number {
  switch (fn) {
    case 'exp': return Math.exp(args[0]);
    case 'log': return Math.log(args[0]);
    case 'log10': return Math.log10(args[0]);
    case 'sqrt': return Math.sqrt(args[0]);
    case 'abs': return Math.abs(args[0]);
    case 'sign': return Math.sign(args[0]);
    case 'floor': return Math.floor(args[0]);
    case 'ceil': return Math.ceil(args[0]);
    case 'sin': return Math.sin(args[0]);
    case 'cos': return Math.cos(args[0]);
    case 'tan': return Math.tan(args[0]);
    case 'tanh': return Math.tanh(args[0]);
    case 'pow': return args[0] ** args[1];
    case 'mod': return args[0] - args[1] * Math.floor(args[0] / args[1]);
    case 'min': return Math.min(...args);
    case 'max': return Math.max(...args);
    default: return Number.NaN;
  }
}
