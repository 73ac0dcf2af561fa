import { inputError, numericalError } from '../../errors.ts';
import { compileModel, type CompiledModel, type ScalarFunction } from '../../model/compile.ts';
import type { Expr } from '../../model/expr.ts';
import { findSignChange } from '../../solve/rootFinding.ts';
import { autoIntegrator } from '../../solve/auto.ts';
import { dp5Integrator } from '../../solve/dp5.ts';
import { integratorNamed } from '../../solve/methods.ts';
import { rodas5pIntegrator } from '../../solve/rosenbrock.ts';
import type { DenseOutput, IntegratorOptions, SolverStats, StepObserver } from '../../solve/types.ts';
import { DelayHistory } from './delayHistory.ts';
import { SbmlEventQueue, type CompiledEvent } from './sbmlEvents.ts';
import type { SbmlSystem } from './system.ts';

/** A column of an SBML run's results: an SBML id, or any expression of the model's symbols. */
export interface SbmlOutput {
  /** Column label (an SBML id). */
  label: string;
  expr: Expr;
}

export interface SbmlRunOptions {
  /** End of the run, in the model's time unit (the run starts at 0). */
  duration: number;
  /** Output times, ascending, within [0, duration]. */
  outputTimes: Float64Array;
  outputs: SbmlOutput[];
  method?: string;
  rtol?: number;
  atol?: number;
  maxSteps?: number;
}

/** An SBML event that fired during a run, and when (in the model's time unit). */
export interface SbmlEventRecord {
  time: number;
  event: string;
}

export interface SbmlRunResult {
  times: Float64Array;
  columns: string[];
  series: Record<string, Float64Array>;
  events: SbmlEventRecord[];
  stats: SolverStats & { segments: number };
  ran: string[];
  solver: { method: string; rtol: number; atol: number; maxSteps: number };
}

/**
 * auto for SBML runs: bonesim's dp5 (allocation-free, cheap to restart: SBML models with events
 * every few hundredths of a second restart it a hundred thousand times), handing over to rodas5p
 * when the model turns out stiff.
 */
const SBML_AUTO = autoIntegrator({ nonStiff: dp5Integrator, stiff: rodas5pIntegrator });

/** A system compiled once. */
export interface PreparedSbml {
  system: SbmlSystem;
  compiled: CompiledModel;
  /** One run of the compiled system. */
  run(options: SbmlRunOptions): SbmlRunResult;
}

/**
 * Compile an imported SBML system once, to run it many times.
 *
 * @example
 * ```ts
 * const prepared = prepareSbml(importSbml(readSbml(text)).system);
 * const result = prepared.run({ duration: 10, outputTimes: evenTimes(10, 100), outputs: sbmlDefaultOutputs(prepared.system) });
 * ```
 */
export function prepareSbml(system: SbmlSystem): PreparedSbml {
  const compiled = compileModel(system.model);
  return { system, compiled, run: (options) => runSbml(system, compiled, options) };
}

/**
 * Run an imported SBML system once (events included) and report the outputs asked for at the given times.
 *
 * @example
 * ```ts
 * const result = simulateSbml(system, { duration: 10, outputTimes: evenTimes(10, 100), outputs: sbmlDefaultOutputs(system) });
 * ```
 */
export function simulateSbml(system: SbmlSystem, options: SbmlRunOptions): SbmlRunResult {
  return prepareSbml(system).run(options);
}

/**
 * Run an SBML system: initial values, events at the start, then integration segments between
 * events, with SBML's event semantics (sbmlEvents.ts) and delays read from the solution's past.
 */
function runSbml(system: SbmlSystem, compiled: CompiledModel, options: SbmlRunOptions): SbmlRunResult {
  const method = options.method ?? 'auto';
  const integrator = method === 'auto' ? SBML_AUTO : integratorNamed(method);
  const solver = { method, rtol: options.rtol ?? 1e-10, atol: options.atol ?? 1e-14, maxSteps: options.maxSteps ?? 500_000 };
  const n = compiled.speciesNames.length;
  const y = Float64Array.from(compiled.y0);
  const p = Float64Array.from(compiled.p0);
  const duration = options.duration;
  const times = options.outputTimes;

  // delay(x, tau): parameter slots filled from the history before anything reads them.
  const delays = system.delays.map((d) => ({
    slot: compiled.parameterIndex(d.name),
    x: compiled.compileScalar(d.x),
    xBefore: compiled.compileScalar(d.xBefore),
    tau: compiled.compileScalar(d.tau),
  }));
  const history = delays.length ? new DelayHistory(y, p) : undefined;
  if (history && system.pastStates.length) {
    const past = system.pastStates.map((s) => ({ species: compiled.speciesIndex(s.symbol), parameter: compiled.parameterIndex(s.symbol), value: compiled.compileScalar(s.expr) }));
    const y0 = Float64Array.from(y);
    const p0 = Float64Array.from(p);
    history.past = (s, out, parameters) => {
      if (!(s < 0)) return;
      for (const entry of past) {
        const value = entry.value(s, y0, p0);
        if (entry.species >= 0) out[entry.species] = value;
        else parameters[entry.parameter] = value;
      }
    };
  }
  const past = new Float64Array(n);
  const fillDelays = (t: number, state: Float64Array) => {
    for (const d of delays) {
      const tau = d.tau(t, state, p);
      if (!(tau >= 0)) throw numericalError(`a delay is ${tau} at t = ${t}; delays must be zero or positive`, {});
      const then = history!.at(t - tau, past);
      p[d.slot] = !then ? d.x(t, state, p) : then.before && t - tau < 0 ? d.xBefore(t - tau, past, then.parameters) : d.x(t - tau, past, then.parameters);
    }
  };
  const withDelays = <F extends (t: number, y: Float64Array, p: Float64Array) => number>(fn: F): ScalarFunction =>
    delays.length ? (t, state, params) => {
      fillDelays(t, state);
      return fn(t, state, params);
    } : fn;

  const events: CompiledEvent[] = system.events.map((e) => ({
    id: e.id,
    trigger: withDelays(compiled.compileScalar(e.trigger, { condition: true })),
    atoms: comparisonsIn(e.trigger).map((atom) => withDelays(compiled.compileScalar(atom, { condition: true }))),
    delay: e.delay ? withDelays(compiled.compileScalar(e.delay)) : undefined,
    priority: e.priority ? withDelays(compiled.compileScalar(e.priority)) : undefined,
    initialValue: e.initialValue,
    persistent: e.persistent,
    useValuesFromTriggerTime: e.useValuesFromTriggerTime,
    assignments: e.assignments.map((a) => {
      const species = compiled.speciesIndex(a.target);
      const parameter = compiled.parameterIndex(a.target);
      if (species < 0 && parameter < 0) throw new Error(`internal: event target ${a.target} is neither state nor parameter`);
      return {
        value: withDelays(compiled.compileScalar(a.value)),
        species,
        parameter,
        compartment: a.timesCompartment ? compiled.parameterIndex(a.timesCompartment) : -1,
        compartmentState: a.timesCompartment ? compiled.speciesIndex(a.timesCompartment) : -1,
        compartmentValue: a.timesCompartment ? withDelays(compiled.compileScalar({ type: 'sym', name: a.timesCompartment })) : undefined,
      };
    }),
  }));
  const queue = new SbmlEventQueue(events);
  const log: SbmlEventRecord[] = [];

  // Columns.
  const outputFns = options.outputs.map((o) => withDelays(compiled.compileScalar(o.expr)));
  const columns = options.outputs.map((o) => o.label);
  const values = columns.map(() => new Float64Array(times.length));
  const writeRow = (row: number, t: number, state: Float64Array) => {
    for (let c = 0; c < outputFns.length; c++) values[c][row] = outputFns[c](t, state, p);
  };

  const stats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0, segments: 0 };
  const ran: string[] = [];
  const checkFinite = (t: number, what: string) => {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(y[i])) throw numericalError(`${compiled.speciesNames[i]} is not a number at t = ${t} (${what})`, {}, 'check the model\'s initial values and the expressions that set them');
    }
  };

  // The start: values as initialised, then events at t = 0.
  checkFinite(0, 'the initial values');
  history?.parametersChanged(p);
  queue.start(0, y, p, log);
  history?.reset(y, p);
  history?.parametersChanged(p);
  let tA = 0;
  let nextOutput = 0;
  while (nextOutput < times.length && times[nextOutput] <= 0) writeRow(nextOutput++, 0, y);

  const boundRhs = delays.length ? undefined : compiled.bindRhs(p);
  const rhs = boundRhs
    ? boundRhs.fn
    : (t: number, state: Float64Array, dydt: Float64Array) => {
      fillDelays(t, state);
      compiled.rhs(t, state, p, dydt);
    };
  const jacobian = (t: number, state: Float64Array, J: Float64Array) => {
    if (delays.length) fillDelays(t, state);
    compiled.jacobian(t, state, p, J);
  };
  const yPrevious = Float64Array.from(y);
  const observer: StepObserver = (tPrev: number, t: number, state: Float64Array, dense: DenseOutput) => {
    const stop = queue.watch(tPrev, t, state, p, dense);
    if (history) {
      history.record(tPrev, stop ?? t, stop === undefined ? state : denseAt(dense, stop, n), dense, yPrevious);
    }
    yPrevious.set(state);
    return stop;
  };
  const outputBuffer = new Float64Array(times.length * n);
  const integratorOptions: IntegratorOptions = { rtol: solver.rtol, atol: solver.atol, maxSteps: solver.maxSteps, outputBuffer };
  const rowState = new Float64Array(n);
  let outputInterval = duration;
  for (let k = 1; k < times.length; k++) if (times[k] > times[k - 1]) outputInterval = Math.min(outputInterval, times[k] - times[k - 1]);
  let knownStiff = false;
  let stiffMeanStep: number | undefined;

  while (tA < duration) {
    const next = queue.nextScheduled();
    const tB = next !== undefined && next < duration ? Math.max(next, tA) : duration;
    // Outputs strictly before tB: at tB the state after its events is reported.
    let count = 0;
    while (nextOutput + count < times.length && times[nextOutput + count] < tB) count++;
    const outputTimes = times.subarray(nextOutput, nextOutput + count);
    integratorOptions.outputTimes = outputTimes;
    integratorOptions.horizon = duration;
    integratorOptions.knownStiff = knownStiff;
    integratorOptions.stiffMeanStep = stiffMeanStep;
    // Triggers are checked at step ends: steps no longer than the output interval (as simulators that
    // integrate from output to output do) keep a short trigger window from falling inside one step.
    let maxStep = events.length ? outputInterval : Infinity;
    if (delays.length) {
      const shortest = Math.min(...delays.map((d) => d.tau(tA, y, p)).filter((tau) => tau > 0));
      if (Number.isFinite(shortest)) maxStep = Math.min(maxStep, shortest / 2);
    }
    integratorOptions.maxStep = Number.isFinite(maxStep) ? maxStep : undefined;
    boundRhs?.refresh();
    queue.begin(tA, y, p);
    yPrevious.set(y);
    if (tB > tA) {
      const solution = integrator.solve({ rhs, jacobian, autonomous: false, t0: tA, t1: tB, y0: y }, integratorOptions, observer);
      stats.steps += solution.stats.steps;
      stats.rejectedSteps += solution.stats.rejectedSteps;
      stats.rhsEvaluations += solution.stats.rhsEvaluations;
      stats.jacobianEvaluations += solution.stats.jacobianEvaluations;
      stats.luDecompositions += solution.stats.luDecompositions ?? 0;
      stats.segments++;
      for (const m of solution.method.split('+')) if (!ran.includes(m)) ran.push(m);
      if (solution.stiffPaysOff === true) knownStiff = true;
      else if (solution.stiffPaysOff === false) stiffMeanStep = solution.stiffMeanStep;
      for (let k = 0; k < solution.outputCount; k++) {
        for (let i = 0; i < n; i++) rowState[i] = solution.outputs[k * n + i];
        writeRow(nextOutput + k, outputTimes[k], rowState);
      }
      nextOutput += solution.outputCount;
      if (solution.status === 'non-finite' || solution.status === 'max-steps' || solution.status === 'step-size-underflow') {
        throw numericalError(`the integrator (${solution.method}) failed: ${solution.message}`, { time: solution.tEnd },
          solution.status === 'non-finite' ? 'something in the model grows without bound or divides by zero' : 'the model may be stiff (use the rodas5p method) or need more steps');
      }
      y.set(solution.yEnd);
      tA = solution.status === 'stopped' ? solution.tEnd : tB;
    } else {
      tA = tB;
    }
    // Events at tA: triggers that changed, delayed events now due, cascades.
    const changed = queue.process(tA, y, p, log);
    if (changed) history?.parametersChanged(p);
    checkFinite(tA, 'after events');
    if (tA === duration) break;
    while (nextOutput < times.length && times[nextOutput] <= tA) writeRow(nextOutput++, tA, y);
  }
  while (nextOutput < times.length) writeRow(nextOutput++, duration, y);

  const series: Record<string, Float64Array> = {};
  columns.forEach((c, i) => (series[c] = values[i]));
  return { times: Float64Array.from(times), columns, series, events: log, stats, ran, solver };
}

/** The comparisons inside a condition (a < b, x == y, ...), each a condition of its own. */
function comparisonsIn(expr: Expr, into: Expr[] = []): Expr[] {
  switch (expr.type) {
    case 'binary':
      if (['<', '<=', '>', '>=', '==', '!='].includes(expr.op)) {
        into.push(expr);
        return into;
      }
      comparisonsIn(expr.left, into);
      comparisonsIn(expr.right, into);
      return into;
    case 'unary':
      return comparisonsIn(expr.arg, into);
    case 'if':
      comparisonsIn(expr.cond, into);
      comparisonsIn(expr.then, into);
      comparisonsIn(expr.else, into);
      return into;
    case 'call':
      expr.args.forEach((a) => comparisonsIn(a, into));
      return into;
    default:
      return into;
  }
}

function denseAt(dense: DenseOutput, t: number, n: number): Float64Array {
  const out = new Float64Array(n);
  dense(t, out);
  return out;
}

/**
 * Output times 0, step, 2 step, ... up to duration (the last exactly at duration).
 *
 * @example
 * ```ts
 * evenTimes(10, 4); // Float64Array [0, 2.5, 5, 7.5, 10]
 * ```
 */
export function evenTimes(duration: number, steps: number): Float64Array {
  if (!(steps >= 1) || !Number.isInteger(steps)) throw inputError(`the number of output steps must be a positive integer, got ${steps}`);
  return Float64Array.from({ length: steps + 1 }, (_, k) => (k === steps ? duration : (duration * k) / steps));
}

export { findSignChange };
