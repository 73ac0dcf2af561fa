import { numericalError } from '../errors.ts';
import { findSteadyState, type SteadyState } from '../analysis/steadyState.ts';
import { BonesimError, inputError } from '../errors.ts';
import { compileModel, type CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import { formatTime } from '../model/timeUnits.ts';
import { integratorNamed } from '../solve/methods.ts';
import type { Integrator, SolverStats } from '../solve/types.ts';
import { evaluateExpectation, parseExpectation, type ExpectationContext, type ExpectationOutcome, type ParsedExpectation } from './expectations.ts';
import { startValueNames } from './loadScenario.ts';
import type { Assignment, Scenario } from './scenario.ts';
import { outputGrid } from './outputGrid.ts';
import { compileStateEvents, StateEventWatcher } from './stateEvents.ts';
import { definitionsReadByRates, explainNonFinite } from './diagnose.ts';

export interface SimulationOptions {
  integrator?: Integrator;
  rtol?: number;
  atol?: number;
  maxSteps?: number;
}

export interface EventRecord {
  time: number;
  kind: 'scheduled' | 'state';
  label: string;
  /** Index of the event in the scenario file's `events:` list. */
  source: number;
}

export interface SimulationResult {
  scenario: Scenario;
  model: Model;
  times: Float64Array;
  /** Species, then observables: the columns of the result. */
  columns: string[];
  series: Record<string, Float64Array>;
  units: Record<string, string>;
  events: EventRecord[];
  expectations: ExpectationOutcome[];
  start: { mode: Scenario['start']; steadyState?: Omit<SteadyState, 'y'> };
  /** Set when a state event with `stop: true` ended the run early. */
  stoppedAt?: { time: number; reason: string };
  /** `method` as asked for; `ran`: the integrators that actually ran, in order (auto may hand odex over to rodas5p). */
  solver: { method: string; rtol: number; atol: number; maxSteps: number; ran: string[] };
  stats: SolverStats & { segments: number; solveMilliseconds: number; totalMilliseconds: number };
}

export interface RunVariation {
  /** This individual's parameters or input defaults (by name): applied before the steady state is found. */
  parameters?: Readonly<Record<string, number>>;
  /** Start from this state (species order) instead of the steady state or the model's initial values. */
  initialState?: Float64Array;
  /** 'grid' reports every output time and checks expectations; 'end' keeps only the final state (ensembles). */
  report?: 'grid' | 'end';
}

/** A scenario compiled once, to run many times (parameter sweeps, ensembles, benchmarks). */
export interface PreparedSimulation {
  readonly scenario: Scenario;
  readonly model: Model;
  readonly compiled: CompiledModel;
  readonly integrator: Integrator;
  run(variation?: RunVariation): SimulationResult;
}

/** Run a scenario: start state, event loop over integration segments, observables, expectations. */
export function simulate(scenario: Scenario, model: Model, options: SimulationOptions = {}): SimulationResult {
  return prepareSimulation(scenario, model, options).run();
}

export function prepareSimulation(scenario: Scenario, model: Model, options: SimulationOptions = {}): PreparedSimulation {
  const integrator = options.integrator ?? integratorNamed(scenario.solver.method);
  const solver = {
    method: integrator.name,
    rtol: options.rtol ?? scenario.solver.rtol,
    atol: options.atol ?? scenario.solver.atol,
    maxSteps: options.maxSteps ?? scenario.solver.maxSteps,
  };
  const compiled = compileModel(model, { inputs: scenario.inputs });
  const baseline = Object.keys(scenario.inputs).length ? compileModel(model) : compiled;
  const context = { series: new Set([...compiled.speciesNames, ...compiled.observableNames]), timeUnit: model.timeUnit, duration: scenario.duration };
  const parsedExpectations = scenario.expectations.map((e) => parseExpectation(e.text, e.why, context, { file: scenario.file }));
  const grid = outputGrid(scenario.duration, scenario.outputEvery, parsedExpectations.flatMap((e) => e.probeTimes));
  const switchTimes = [...new Set([...scenario.scheduled.map((e) => e.time), ...compiled.breakpoints, scenario.duration])]
    .filter((t) => t > 0 && t <= scenario.duration)
    .sort((a, b) => a - b);
  const readByRates = definitionsReadByRates(model);
  const dynamicObservables = compiled.observableNames.map((name) => readByRates.has(name));
  const run = (variation: RunVariation = {}) =>
    runOnce({ scenario, model, compiled, baseline, integrator, solver, parsedExpectations, context, grid, switchTimes, dynamicObservables }, variation);
  return { scenario, model, compiled, integrator, run };
}

interface Prepared {
  scenario: Scenario;
  model: Model;
  compiled: CompiledModel;
  baseline: CompiledModel;
  integrator: Integrator;
  solver: Omit<SimulationResult['solver'], 'ran'>;
  parsedExpectations: ParsedExpectation[];
  context: ExpectationContext;
  grid: Float64Array;
  switchTimes: number[];
  /** Observables the rates read: these must stay finite. */
  dynamicObservables: boolean[];
}

function runOnce(prepared: Prepared, variation: RunVariation): SimulationResult {
  const started = performance.now();
  const { scenario, model, compiled, baseline, integrator, solver, parsedExpectations, context, switchTimes } = prepared;
  const nSpecies = compiled.speciesNames.length;
  const nObservables = compiled.observableNames.length;
  const where = { file: scenario.file };
  const reportGrid = variation.report !== 'end';

  // Start: the individual's own steady state (inputs at their defaults), then the scenario's changes at t = 0.
  const p = Float64Array.from(compiled.p0);
  for (const [name, value] of Object.entries(variation.parameters ?? {})) {
    const index = compiled.parameterIndex(name);
    if (index < 0) throw inputError(`"${name}" is not a parameter of model ${model.id}`, where);
    p[index] = value;
  }
  let y = Float64Array.from(variation.initialState ?? compiled.y0);
  let steady: SteadyState | undefined;
  if (scenario.start === 'steady_state' && !variation.initialState) {
    try {
      steady = findSteadyState(baseline, p, y);
    } catch (error) {
      // Say which scenario asked for the steady state; the model is named in the message.
      throw error instanceof BonesimError ? new BonesimError(error.kind, error.problem, { file: scenario.file, field: 'start' }, error.hint) : error;
    }
    y = Float64Array.from(steady.y);
  }
  for (const [name, value] of Object.entries(scenario.initial)) y[compiled.speciesIndex(name)] = value;
  for (const [name, value] of Object.entries(scenario.parameters)) p[compiled.parameterIndex(name)] = value;

  const times = reportGrid ? prepared.grid : Float64Array.of(scenario.duration);
  // One spare row: a run stopped by a state event ends with the state where it stopped.
  const rows = new Float64Array((times.length + 1) * (nSpecies + nObservables));
  let rowsWritten = 0;
  const events: EventRecord[] = [];
  const duration = scenario.duration;

  const valueCache = new Map<string, (t: number, y: Float64Array, p: Float64Array) => number>();
  const startConstants = new Map<string, number>();
  const valueOf = (a: Assignment, t: number): number => {
    if (typeof a.value === 'number') return a.value;
    let fn = valueCache.get(a.value);
    if (!fn) {
      fn = compiled.compileScalar(a.value, { timeUnits: true, constants: startConstants });
      valueCache.set(a.value, fn);
    }
    return fn(t, y, p);
  };
  const apply = (set: Assignment[], add: Assignment[], t: number, label: string, origin: { source: number; line?: number }) => {
    const at = { file: scenario.file, field: `events[${origin.source}]`, line: origin.line };
    // All values are computed from the state before the event, then applied together.
    const setValues = set.map((a) => valueOf(a, t));
    const addValues = add.map((a) => valueOf(a, t));
    set.forEach((a, k) => {
      const s = compiled.speciesIndex(a.target);
      if (s >= 0) y[s] = setValues[k];
      else p[compiled.parameterIndex(a.target)] = setValues[k];
    });
    add.forEach((a, k) => (y[compiled.speciesIndex(a.target)] += addValues[k]));
    // Only what the event sets or adds to can be made negative by it: another species may sit a
    // rounding error below zero from the integrator (e.g. -1e-20 after an LU solve), which the
    // integration accepts (negativeThreshold below).
    const touched = new Set([...set, ...add].map((a) => a.target));
    model.species.forEach((s, i) => {
      if (s.nonnegative && y[i] < 0 && touched.has(s.name)) {
        throw numericalError(`the event "${label}" at t = ${formatTime(t, model.timeUnit)} makes ${s.name} (${s.description}) negative (${y[i]})`,
          at, 'check the amounts the event sets or removes');
      }
      if (!Number.isFinite(y[i])) throw numericalError(`the event "${label}" at t = ${formatTime(t, model.timeUnit)} makes ${s.name} ${y[i]}`, at);
    });
  };

  let nextScheduled = 0;
  const applyScheduledUpTo = (t: number) => {
    while (nextScheduled < scenario.scheduled.length && scenario.scheduled[nextScheduled].time <= t) {
      const event = scenario.scheduled[nextScheduled++];
      apply(event.set, event.add, event.time, event.description, event);
      events.push({ time: event.time, kind: 'scheduled', label: event.description, source: event.source });
    }
  };

  applyScheduledUpTo(0);
  // X_0 names in state-event conditions and event values: the state at the start of the run.
  const observed = new Float64Array(nObservables);
  compiled.observe(0, y, p, observed);
  for (const name of startValueNames(model)) {
    const base = name.slice(0, -2);
    const s = compiled.speciesIndex(base);
    startConstants.set(name, s >= 0 ? y[s] : observed[compiled.observableNames.indexOf(base)]);
  }
  const watcher = new StateEventWatcher(compileStateEvents(compiled, scenario.stateEvents, startConstants), y.length);

  const negativeThreshold = model.species.map((s, i) => (s.nonnegative ? -Math.max(100 * solver.atol, 1e-9 * Math.abs(y[i])) : -Infinity));

  const stats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0, segments: 0, solveMilliseconds: 0, totalMilliseconds: 0 };
  const ran: string[] = [];
  let knownStiff = false;
  let stoppedAt: SimulationResult['stoppedAt'];
  let tA = 0;
  let nextOutput = 0;
  const dynamic = prepared.dynamicObservables;
  const observablesAcceptable = (values: Float64Array) => values.every((v, k) => Number.isFinite(v) || (!Number.isNaN(v) && !dynamic[k]));
  const rhs = (t: number, state: Float64Array, dydt: Float64Array) => compiled.rhs(t, state, p, dydt);
  const slopes = new Float64Array(nSpecies);
  const jacobian = (t: number, state: Float64Array, J: Float64Array) => compiled.jacobian(t, state, p, J);

  for (const tSwitch of switchTimes) {
    while (tA < tSwitch) {
      const isLast = tSwitch === duration;
      let count = 0;
      while (nextOutput + count < times.length && (times[nextOutput + count] < tSwitch || (isLast && times[nextOutput + count] <= tSwitch))) count++;
      const outputTimes = times.subarray(nextOutput, nextOutput + count);
      watcher.begin(tA, y, p);
      // A right-hand side that is already NaN or infinite is a model or scenario problem: say which definition.
      compiled.rhs(tA, y, p, slopes);
      compiled.observe(tA, y, p, observed);
      // Readouts may be infinite (a ratio whose denominator is knocked out); what the rates read may not.
      if (!slopes.every(Number.isFinite) || !observablesAcceptable(observed)) {
        throw numericalError(`the model cannot be evaluated at t = ${formatTime(tA, model.timeUnit)}: ${explainNonFinite(compiled, tA, y, p) ?? 'a rate is not finite'}`,
          where, 'a parameter set to 0 that something divides by, or a value outside a function\'s domain (log of 0)? change the value or the expression');
      }
      let negative: { index: number; time: number } | undefined;
      const solveStart = performance.now();
      const problem = { rhs, jacobian, autonomous: compiled.autonomous, t0: tA, t1: tSwitch, y0: y };
      const solution = integrator.solve(problem, { ...solver, outputTimes, horizon: duration, knownStiff }, (tPrev, t, state, dense) => {
        for (let i = 0; i < nSpecies; i++) {
          if (state[i] < negativeThreshold[i]) {
            negative = { index: i, time: watcher.locateZero(i, tPrev, t, dense) };
            return t;
          }
        }
        return watcher.step(tPrev, t, state, p, dense, events);
      });
      stats.solveMilliseconds += performance.now() - solveStart;
      stats.steps += solution.stats.steps;
      stats.rejectedSteps += solution.stats.rejectedSteps;
      stats.rhsEvaluations += solution.stats.rhsEvaluations;
      stats.jacobianEvaluations += solution.stats.jacobianEvaluations;
      stats.luDecompositions += solution.stats.luDecompositions ?? 0;
      stats.segments++;
      for (const method of solution.method.split('+')) if (!ran.includes(method)) ran.push(method);
      // auto handed over to its stiff method: later segments start with it (options.knownStiff).
      if (solution.method.includes('+')) knownStiff = true;

      // Store this segment's outputs with its observables (parameters are constant within a segment).
      for (let k = 0; k < solution.outputCount; k++) {
        const row = (nextOutput + k) * (nSpecies + nObservables);
        const state = solution.outputs.subarray(k * nSpecies, (k + 1) * nSpecies);
        rows.set(state, row);
        compiled.observe(outputTimes[k], state, p, observed);
        if (!observablesAcceptable(observed)) {
          throw numericalError(`at t = ${formatTime(outputTimes[k], model.timeUnit)} ${explainNonFinite(compiled, outputTimes[k], state, p) ?? 'an observable is not finite'}`,
            where, 'a parameter set to 0 that something divides by, or a value outside a function\'s domain? change the value or the expression');
        }
        rows.set(observed, row + nSpecies);
      }
      nextOutput += solution.outputCount;
      rowsWritten = nextOutput;

      if (negative) {
        const s = model.species[negative.index];
        throw numericalError(
          `${s.name} (${s.description}) became negative at t = ${formatTime(negative.time, model.timeUnit)}: ` +
            'the scenario removes more than the model can supply',
          where, `reduce the removal, or make it proportional to ${s.name} (a first-order rate) so it cannot overshoot zero`);
      }
      if (solution.status === 'non-finite') {
        const last = solution.yEnd;
        const cause = explainNonFinite(compiled, solution.tEnd, last, p);
        const growing = model.species.reduce((a, s, i) => (Math.abs(last[i]) > Math.abs(last[a]) ? i : a), 0);
        throw numericalError(
          `the solution stopped being finite after t = ${formatTime(solution.tEnd, model.timeUnit)}` +
            (cause ? `: ${cause}` : `; ${model.species[growing].name} had reached ${last[growing].toPrecision(4)} ${model.species[growing].unit}`),
          where, 'something grows without bound or divides by zero: check the parameters the scenario changes and the model\'s expressions');
      }
      if (solution.status === 'max-steps' || solution.status === 'step-size-underflow') {
        const stiffAlready = integrator.name !== 'odex';
        throw numericalError(`the integrator (${integrator.name}) failed: ${solution.message}`, where,
          stiffAlready
            ? 'raise solver.max_steps (the run needs more steps), or loosen solver.rtol'
            : 'if the model is stiff use solver.method auto or rodas5p; otherwise raise solver.max_steps or loosen solver.rtol');
      }
      y = Float64Array.from(solution.yEnd);
      if (solution.status === 'stopped') {
        const fired = watcher.fired!;
        tA = solution.tEnd;
        apply(fired.event.set, fired.event.add, tA, fired.event.record, fired.event);
        events.push({ time: tA, kind: 'state', label: fired.event.record, source: fired.event.source });
        if (fired.event.stop) {
          stoppedAt = { time: tA, reason: fired.event.record };
          const row = nextOutput * (nSpecies + nObservables);
          rows.set(y, row);
          compiled.observe(tA, y, p, observed);
          rows.set(observed, row + nSpecies);
          rowsWritten = nextOutput + 1;
          break;
        }
        continue;
      }
      tA = tSwitch;
      applyScheduledUpTo(tA);
      if (tA === duration && nextOutput > 0 && times[nextOutput - 1] === duration) {
        // Events at the very end: the final row shows the state after them.
        const row = (nextOutput - 1) * (nSpecies + nObservables);
        rows.set(y, row);
        compiled.observe(duration, y, p, observed);
        rows.set(observed, row + nSpecies);
      }
    }
    if (stoppedAt) break;
  }

  const finalTimes = new Float64Array(rowsWritten);
  finalTimes.set(times.subarray(0, Math.min(rowsWritten, times.length)));
  if (stoppedAt) finalTimes[rowsWritten - 1] = stoppedAt.time;
  const columns = [...compiled.speciesNames, ...compiled.observableNames];
  const width = columns.length;
  const series: Record<string, Float64Array> = {};
  columns.forEach((name, c) => {
    const values = new Float64Array(rowsWritten);
    for (let r = 0; r < rowsWritten; r++) values[r] = rows[r * width + c];
    series[name] = values;
  });
  const units: Record<string, string> = {};
  for (const name of columns) units[name] = compiled.unitOf(name) ?? '1';

  const expectations = reportGrid
    ? parsedExpectations.map((parsed) => evaluateExpectation(parsed, { times: finalTimes, values: (name) => series[name] }, context))
    : [];
  stats.totalMilliseconds = performance.now() - started;

  return {
    scenario,
    model,
    times: finalTimes,
    columns,
    series,
    units,
    events,
    expectations,
    start: { mode: scenario.start, steadyState: steady && { method: steady.method, iterations: steady.iterations, residual: steady.residual } },
    stoppedAt,
    solver: { ...solver, ran },
    stats,
  };
}
