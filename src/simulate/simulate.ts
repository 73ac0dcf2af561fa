import { numericalError } from '../errors.ts';
import { findSteadyState, type SteadyState } from '../solve/steadyState.ts';
import { BonesimError, inputError, type ErrorLocation } from '../errors.ts';
import { compileModel, type CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import { checkParameterValue, parameterBounds, rangeWarning, type ParameterBounds, type RunWarning } from '../model/parameterLimits.ts';
import { formatTime } from '../model/timeUnits.ts';
import { integratorNamed } from '../solve/methods.ts';
import type { Dp5Kernel, Integrator, IntegratorOptions, SolverStats, StepObserver } from '../solve/types.ts';
import { evaluateExpectation, parseExpectation, type ExpectationContext, type ExpectationOutcome, type ParsedExpectation } from './expectations.ts';
import { startValueNames } from './parseScenario.ts';
import type { EventRecord, SimulationResult } from './result.ts';
import type { Assignment, Scenario } from './scenario.ts';
import { outputGrid } from './outputGrid.ts';
import { compileStateEvents, StateEventWatcher } from './stateEvents.ts';
import { SwitchWatcher } from './switchWatcher.ts';
import { growthWarnings } from './growthWarnings.ts';
import { withEventRows, type EventRow } from './eventRows.ts';
import { definitionsReadByRates, explainNonFinite } from './diagnose.ts';
import { failedSegment } from './segmentFailure.ts';
import { balanceBoneVolume } from '../analysis/invariants.ts';
import { memberFailure, type MemberRun, type MemberStatus } from './member.ts';

export type { EventRecord, SimulationResult } from './result.ts';
export type { MemberRun, MemberStatus, MemberState } from './member.ts';

export interface SimulationOptions {
  integrator?: Integrator;
  rtol?: number;
  atol?: number;
  maxSteps?: number;
}

export interface RunVariation {
  /** This individual's parameters or input defaults (by name): applied before the steady state is found. */
  parameters?: Readonly<Record<string, number>>;
  /** Start from this state (species order) instead of the steady state or the model's initial values. */
  initialState?: Float64Array;
  /**
   * 'grid' (default) reports species and observables at every output time and checks expectations;
   * 'states' reports only the species at every output time (trajectories for an analysis; no expectations);
   * 'end' keeps only the final state (ensembles).
   */
  report?: 'grid' | 'states' | 'end';
}

/** A scenario compiled once, to run many times (parameter sweeps, ensembles, benchmarks). */
export interface PreparedSimulation {
  readonly scenario: Scenario;
  readonly model: Model;
  readonly compiled: CompiledModel;
  readonly integrator: Integrator;
  /** One run, optionally with this individual's parameters, another start state or a smaller report. */
  run(variation?: RunVariation): SimulationResult;
  /**
   * One member of an ensemble: its whole parameter vector in, the chosen columns at the chosen times
   * written into the caller's array, and a status back. A numerical failure (or a parameter value the
   * model refuses) is a status with the reason and the time, not an exception; nothing is checked
   * against the scenario's `expect:` and no result object is built.
   */
  runMember(member: MemberRun, status?: MemberStatus): MemberStatus;
  /** A column's position for MemberRun.columns: a species (its index) or an observable (after the species); -1 if neither. */
  columnIndex(name: string): number;
}

/**
 * Run a scenario: start state, event loop over integration segments, observables, expectations.
 *
 * @example
 * ```ts
 * const { scenario, model } = loadScenario('scenarios/lemaire-pth-injection.yaml'); // bonesim/node
 * const result = simulate(scenario, model);
 * result.series.C; // active osteoclasts at every output time
 * result.expectations.every((e) => e.passed);
 * ```
 */
export function simulate(scenario: Scenario, model: Model, options: SimulationOptions = {}): SimulationResult {
  return prepareSimulation(scenario, model, options).run();
}

/**
 * Compile a scenario once and run it many times: each run may give its own parameters (applied before the steady state), start state or report.
 *
 * @example
 * ```ts
 * const prepared = prepareSimulation(scenario, model);
 * const nominal = prepared.run();
 * const slower = prepared.run({ parameters: { k_B: 0.15 }, report: 'end' });
 * ```
 */
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
  // Scheduled events split the run into epochs of constant parameters; switches of time split those further (runOnce).
  const switchTimes = [...new Set([...scenario.scheduled.map((e) => e.time), scenario.duration])]
    .filter((t) => t > 0 && t <= scenario.duration)
    .sort((a, b) => a - b);
  const readByRates = definitionsReadByRates(model);
  const dynamicObservables = compiled.observableNames.map((name) => readByRates.has(name));
  const startNames = [...startValueNames(model)].map((name) => {
    const base = name.slice(0, -2);
    return { name, species: compiled.speciesIndex(base), observable: compiled.observableNames.indexOf(base) };
  });
  // The integrator's outputs of a segment, copied into the result at once: one buffer for all runs.
  const outputBuffer = new Float64Array(grid.length * compiled.speciesNames.length);
  const kernel = compiled.dp5Kernel();
  const bounds = parameterBounds(model, compiled.parameterNames);
  const nonnegative = model.species.map((s) => s.nonnegative);
  const units: Record<string, string> = {};
  for (const name of [...compiled.speciesNames, ...compiled.observableNames]) units[name] = compiled.unitOf(name) ?? '1';
  const scratch = runScratch(compiled);
  const prepared: Prepared = { scenario, model, compiled, baseline, integrator, solver, parsedExpectations, context, grid, switchTimes, dynamicObservables, startNames, outputBuffer, kernel, bounds, nonnegative, units, scratch, endTime: Float64Array.of(scenario.duration),
    readsStartValues: scenario.stateEvents.length > 0 || [...scenario.scheduled, ...scenario.stateEvents].some((e) => [...e.set, ...e.add].some((a) => typeof a.value !== 'number')) };
  const run = (variation: RunVariation = {}) => runOnce(prepared, variation) as SimulationResult;
  const runMember = (member: MemberRun, status: MemberStatus = { state: 'ok', kind: undefined, reason: undefined, time: undefined, steps: 0 }): MemberStatus => {
    try {
      return runOnce(prepared, {}, member, status) as MemberStatus;
    } catch (error) {
      return memberFailure(error, status, member);
    }
  };
  const nSpecies = compiled.speciesNames.length;
  const columnIndex = (name: string) => {
    const s = compiled.speciesIndex(name);
    if (s >= 0) return s;
    const o = compiled.observableNames.indexOf(name);
    return o >= 0 ? nSpecies + o : -1;
  };
  return { scenario, model, compiled, integrator, run, runMember, columnIndex };
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
  /** X_0 names (the value of X at the start of a run) and where X is. */
  startNames: Array<{ name: string; species: number; observable: number }>;
  outputBuffer: Float64Array;
  /** The model's generated dp5 stepper. */
  kernel: Dp5Kernel;
  /** Each parameter's limits and checked range, by index. */
  bounds: ParameterBounds;
  /** Species that may not go negative. */
  nonnegative: boolean[];
  /** Every column's unit. */
  units: Record<string, string>;
  scratch: RunScratch;
  /** The output times of a run that reports its end state only. */
  endTime: Float64Array;
  /** Whether anything reads X_0 values (state events, or event values that are expressions). */
  readsStartValues: boolean;
}

/**
 * The arrays a run works in and returns none of, allocated once per prepared simulation: a run is
 * synchronous, so two runs never use them at once, and a typed array of more than 64 bytes costs
 * a run an allocation outside V8's heap (a tenth of a short run's overhead).
 */
interface RunScratch {
  p: Float64Array;
  /** The right-hand side bound to p (refreshed at every segment). */
  boundRhs: ReturnType<CompiledModel['bindRhs']>;
  y: Float64Array;
  startState: Float64Array;
  rowState: Float64Array;
  eventScale: Float64Array;
  negativeThreshold: Float64Array;
  slopes: Float64Array;
  observed: Float64Array;
  /** X_0 values of this run (compiled expressions copy what they read). */
  startConstants: Map<string, number>;
  /** Views of output times, one per segment a run has had: the same segments every run, and a view costs an allocation. */
  timeViews: Array<{ times: Float64Array; from: number; count: number; view: Float64Array }>;
}

/** times[from .. from + count) as a view, made once per segment boundary. */
function timesView(scratch: RunScratch, times: Float64Array, from: number, count: number): Float64Array {
  const views = scratch.timeViews;
  for (const v of views) if (v.times === times && v.from === from && v.count === count) return v.view;
  const view = times.subarray(from, from + count);
  // Members bring their own times arrays: keep the cache small.
  if (views.length >= 16) views.shift();
  views.push({ times, from, count, view });
  return view;
}

function runScratch(compiled: CompiledModel): RunScratch {
  const nSpecies = compiled.speciesNames.length;
  const species = () => new Float64Array(nSpecies);
  const p = new Float64Array(compiled.p0.length);
  return {
    p, boundRhs: compiled.bindRhs(p), y: species(), startState: species(), rowState: species(), eventScale: species(),
    negativeThreshold: species(), slopes: species(), observed: new Float64Array(compiled.observableNames.length),
    startConstants: new Map(), timeViews: [],
  };
}

function runOnce(prepared: Prepared, variation: RunVariation, member?: MemberRun, memberStatus?: MemberStatus): SimulationResult | MemberStatus {
  const started = performance.now();
  const { scenario, model, compiled, baseline, integrator, solver, parsedExpectations, context, switchTimes, startNames } = prepared;
  const nSpecies = compiled.speciesNames.length;
  const nObservables = compiled.observableNames.length;
  const where = { file: scenario.file };
  // A member writes its chosen columns at its chosen times into the caller's array, and nothing else.
  const reportGrid = !member && variation.report !== 'end';
  const withObservables = member ? member.columns.some((c) => c >= nSpecies) : variation.report !== 'states';
  if (member) checkMember(member, nSpecies + nObservables, scenario.duration);

  // Start: the individual's own steady state (inputs at their defaults), then the scenario's changes at t = 0.
  const { bounds, scratch } = prepared;
  const p = scratch.p;
  const parameters = member ? member.parameters : compiled.p0;
  if (parameters.length !== p.length) throw new RangeError(`a member needs ${p.length} parameter values (compiled.parameterNames), got ${parameters.length}`);
  p.set(parameters);
  // Parameter i against its limits (refused) and its checked range (a warning), as numbers (prepared.bounds):
  // checkParameterValue and rangeWarning word only a value that fails.
  const warnings: RunWarning[] = [];
  const refuseOutside = (i: number, value: number, location: () => ErrorLocation) => {
    if (!(value >= bounds.low[i] && value <= bounds.high[i])) checkParameterValue(model, compiled.parameterNames[i], value, location());
  };
  const warnOutside = (i: number, value: number, origin: string | (() => string)) => {
    if (value >= bounds.checkedLow[i] && value <= bounds.checkedHigh[i]) return;
    const name = compiled.parameterNames[i];
    const warning = rangeWarning(model, name, value, origin);
    if (warning && !warnings.some((w) => w.name === name && w.value === value)) warnings.push(warning);
  };
  // A member's own values meet the same limits as a number in a file (refused: a status, not a run).
  if (member) {
    for (let i = 0; i < p.length; i++) if (p[i] !== compiled.p0[i]) refuseOutside(i, p[i], () => ({ ...where, field: `parameters.${compiled.parameterNames[i]}` }));
  }
  const varied = variation.parameters;
  for (const name in varied) {
    const index = compiled.parameterIndex(name);
    if (index < 0) throw inputError(`"${name}" is not a parameter of model ${model.id}`, where, `\`bonesim describe ${model.id}\` lists its parameters`);
    refuseOutside(index, varied[name], () => ({ ...where, field: `parameters.${name}` }));
    warnOutside(index, varied[name], 'this run');
    p[index] = varied[name];
  }
  const initialState = member ? member.initialState : variation.initialState;
  const y = scratch.y;
  if (initialState && initialState.length !== nSpecies) {
    throw inputError(`the start state has ${initialState.length} values; model ${model.id} has ${nSpecies} species`, where, 'give one value per species, in the order of compiled.speciesNames');
  }
  y.set(initialState ?? compiled.y0);
  let steady: SteadyState | undefined;
  if (scenario.start === 'steady_state' && !initialState) {
    try {
      steady = findSteadyState(baseline, p, y);
    } catch (error) {
      // Say which scenario asked for the steady state; the model is named in the message.
      throw error instanceof BonesimError ? new BonesimError(error.kind, error.problem, { file: scenario.file, field: 'start' }, error.hint) : error;
    }
    y.set(steady.y);
    // A member with parameters of its own re-derives the model's balancing parameter (e.g. k_res) at its own
    // rest state, so that its bone volume does not drift before the scenario changes anything.
    if (member && member.balance !== false && p.some((v, i) => v !== compiled.p0[i])) balanceBoneVolume(baseline, y, p);
  }
  const observed = scratch.observed;
  if (member?.start) memberWriter(member, nSpecies, 1).writeStart(member.start, y, p, (state) => compiled.observe(0, state, p, observed), observed);
  for (const [name, value] of Object.entries(scenario.initial)) y[compiled.speciesIndex(name)] = value;
  for (const [name, value] of Object.entries(scenario.parameters)) {
    const index = compiled.parameterIndex(name);
    refuseOutside(index, value, () => ({ ...where, field: `parameters.${name}` }));
    p[index] = value;
    warnOutside(index, value, 'parameters:');
  }

  const times = member ? member.times : reportGrid ? prepared.grid : prepared.endTime;
  // The result's columns (species, then observables), written as outputs arrive; events add rows
  // just before and after them (eventRows.ts). A run stopped by a state event ends at that event.
  const columns = member ? [] : withObservables ? [...compiled.speciesNames, ...compiled.observableNames] : [...compiled.speciesNames];
  const width = columns.length;
  const columnValues = columns.map(() => new Float64Array(times.length));
  const memberOutputs = member ? memberWriter(member, nSpecies, times.length) : undefined;
  const rowState = scratch.rowState;
  const eventRows: EventRow[] = [];
  const rowOf = (t: number, state: Float64Array) => {
    const row = new Float64Array(width);
    row.set(state);
    if (withObservables) {
      compiled.observe(t, state, p, observed);
      row.set(observed, nSpecies);
    }
    return row;
  };
  let rowsWritten = 0;
  // The largest value an event gave each species: growth is measured from it, not from an empty start.
  const eventScale = scratch.eventScale;
  eventScale.fill(0);
  const events: EventRecord[] = [];
  const duration = scenario.duration;

  const valueCache = new Map<string, (t: number, y: Float64Array, p: Float64Array) => number>();
  const startConstants = scratch.startConstants;
  // Filled (below) only where something reads it, so only then left from the run before.
  if (prepared.readsStartValues) startConstants.clear();
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
    const at = () => ({ file: scenario.file, field: `events[${origin.source}]`, line: origin.line });
    // All values are computed from the state before the event, then applied together.
    const setValues = set.map((a) => valueOf(a, t));
    const addValues = add.map((a) => valueOf(a, t));
    for (let k = 0; k < set.length; k++) {
      const target = set[k].target;
      const value = setValues[k];
      const s = compiled.speciesIndex(target);
      if (s >= 0) {
        y[s] = value;
        continue;
      }
      const index = compiled.parameterIndex(target);
      // A value computed when the event fires meets the same limits as a number in the file.
      refuseOutside(index, value, () => ({ ...at(), field: `events[${origin.source}].set.${target}` }));
      // The origin is worded only for a warning (this runs at every dose of every member).
      warnOutside(index, value, () => `events[${origin.source}] at t = ${formatTime(t, model.timeUnit)}`);
      p[index] = value;
    }
    for (let k = 0; k < add.length; k++) y[compiled.speciesIndex(add[k].target)] += addValues[k];
    const widenScale = (a: Assignment) => {
      const s = compiled.speciesIndex(a.target);
      if (s >= 0) eventScale[s] = Math.max(eventScale[s], Math.abs(y[s]));
    };
    set.forEach(widenScale);
    add.forEach(widenScale);
    // Only what the event sets or adds to can be made negative by it: another species may sit a
    // rounding error below zero from the integrator (e.g. -1e-20 after an LU solve), which the
    // integration accepts (negativeThreshold below).
    for (let i = 0; i < nSpecies; i++) {
      if (prepared.nonnegative[i] && y[i] < 0) {
        const s = model.species[i];
        const touched = (a: Assignment) => a.target === s.name;
        if (set.some(touched) || add.some(touched)) {
          throw numericalError(`the event "${label}" at t = ${formatTime(t, model.timeUnit)} makes ${s.name} (${s.description}) negative (${y[i]})`,
            at(), 'check the amounts the event sets or removes');
        }
      }
      if (!Number.isFinite(y[i])) throw numericalError(`the event "${label}" at t = ${formatTime(t, model.timeUnit)} makes ${model.species[i].name} ${y[i]}`, at());
    }
  };

  let nextScheduled = 0;
  const applyScheduledUpTo = (t: number) => {
    const due = nextScheduled < scenario.scheduled.length && scenario.scheduled[nextScheduled].time <= t;
    const before = due && reportGrid && t > 0 ? rowOf(t, y) : undefined;
    while (nextScheduled < scenario.scheduled.length && scenario.scheduled[nextScheduled].time <= t) {
      const event = scenario.scheduled[nextScheduled++];
      apply(event.set, event.add, event.time, event.description, event);
      events.push({ time: event.time, kind: 'scheduled', label: event.description, source: event.source });
    }
    if (due && reportGrid && t > 0) eventRows.push({ time: t, before, after: rowOf(t, y) });
    // Only the end state is kept: after the events at the end.
    else if (due && !reportGrid && !member && t === duration) eventRows.push({ time: t, after: rowOf(t, y) });
  };

  applyScheduledUpTo(0);
  const startState = scratch.startState;
  startState.set(y);
  // X_0 names in state-event conditions and event values: the state at the start of the run.
  if (prepared.readsStartValues) {
    compiled.observe(0, y, p, observed);
    for (const { name, species, observable } of startNames) startConstants.set(name, species >= 0 ? y[species] : observed[observable]);
  }
  const watcher = new StateEventWatcher(compileStateEvents(compiled, scenario.stateEvents, startConstants), y.length, where, scenario.duration);

  const negativeThreshold = scratch.negativeThreshold;
  for (let i = 0; i < nSpecies; i++) negativeThreshold[i] = prepared.nonnegative[i] ? -Math.max(100 * solver.atol, 1e-9 * Math.abs(y[i])) : -Infinity;

  const stats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0, segments: 0, solveMilliseconds: 0, totalMilliseconds: 0 };
  const ran: string[] = [];
  let knownStiff = false;
  let stiffMeanStep: number | undefined;
  let stoppedAt: SimulationResult['stoppedAt'];
  let tA = 0;
  let nextOutput = 0;
  // Bound to p: parameter-only parts are recomputed by refresh() once per segment (events change p between segments).
  const boundRhs = scratch.boundRhs;
  // Where the rates switch in time, each segment ends at the switch, and the rates are evaluated at t
  // clamped inside the segment, so its last stages see its own branch, not the next one's.
  const timeSwitches = compiled.timeSwitches;
  const switchWatcher = new SwitchWatcher(timeSwitches.stateDependent, nSpecies);
  let segmentLow = -Infinity;
  let segmentHigh = Infinity;
  const inside = (t: number) => (t < segmentLow ? segmentLow : t > segmentHigh ? segmentHigh : t);
  const rhs = timeSwitches.none ? boundRhs.fn : (t: number, state: Float64Array, out: Float64Array) => boundRhs.fn(inside(t), state, out);
  // Watches every accepted step: a population driven below zero (index >= 0), then the scenario's state events.
  const negative = { index: -1, time: 0 };
  const observer: StepObserver = (tPrev, t, state, dense) => {
    for (let i = 0; i < nSpecies; i++) {
      if (state[i] < negativeThreshold[i]) {
        negative.index = i;
        negative.time = watcher.locateZero(i, tPrev, t, dense);
        return t;
      }
    }
    if (!switchWatcher.none) {
      const crossing = switchWatcher.step(tPrev, t, state, p, dense);
      if (crossing !== undefined) {
        // Stop at the switch, unless a state event comes first (looked for up to the switch only).
        dense(crossing, rowState);
        return watcher.step(tPrev, crossing, rowState, p, dense, events) ?? crossing;
      }
    }
    return watcher.step(tPrev, t, state, p, dense, events);
  };
  // Without state events or switches that read the state, the observer acts only on a population below its threshold.
  const observeOnlyBelow = watcher.none && switchWatcher.none ? negativeThreshold : undefined;
  // Every field from the start: the options object keeps one shape while segments update it.
  const options: IntegratorOptions = {
    rtol: solver.rtol, atol: solver.atol, maxSteps: solver.maxSteps, outputTimes: times, outputBuffer: prepared.outputBuffer,
    horizon: duration, knownStiff: false, stiffMeanStep: undefined, observeOnlyBelow,
  };
  const jacobian = (t: number, state: Float64Array, J: Float64Array) => compiled.jacobian(timeSwitches.none ? t : inside(t), state, p, J);
  const dynamic = prepared.dynamicObservables;
  const allFinite = (values: Float64Array) => {
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k])) return false;
    return true;
  };
  const observablesAcceptable = (values: Float64Array) => {
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]) && (Number.isNaN(values[k]) || dynamic[k])) return false;
    return true;
  };
  const slopes = scratch.slopes;

  let switchesAhead: number[] = [];
  let switchesStale = true;
  for (const tEpoch of switchTimes) {
    while (tA < tEpoch) {
      if (switchesStale) {
        switchesAhead = timeSwitches.within(p, tA, tEpoch);
        switchesStale = false;
      }
      while (switchesAhead.length && switchesAhead[0] <= tA) switchesAhead.shift();
      const tSwitch = switchesAhead.length ? switchesAhead[0] : tEpoch;
      if (!timeSwitches.none) [segmentLow, segmentHigh] = timeSwitches.interior(p, tA, tSwitch);
      const isLast = tSwitch === duration;
      let count = 0;
      while (nextOutput + count < times.length && (times[nextOutput + count] < tSwitch || (isLast && times[nextOutput + count] <= tSwitch))) count++;
      const outputTimes = timesView(scratch, times, nextOutput, count);
      options.outputTimes = outputTimes;
      watcher.begin(tA, y, p);
      switchWatcher.begin(tA, y, p);
      // A right-hand side that is already NaN or infinite is a model or scenario problem: say which definition.
      compiled.rhs(tA, y, p, slopes);
      compiled.observe(tA, y, p, observed);
      // Readouts may be infinite (a ratio whose denominator is knocked out); what the rates read may not.
      if (!allFinite(slopes) || !observablesAcceptable(observed)) {
        throw numericalError(`the model cannot be evaluated at t = ${formatTime(tA, model.timeUnit)}: ${explainNonFinite(compiled, tA, y, p) ?? 'a rate is not finite'}`,
          { ...where, time: tA }, 'a parameter set to 0 that something divides by, or a value outside a function\'s domain (log of 0)? change the value or the expression');
      }
      boundRhs.refresh();
      const solveStart = performance.now();
      options.horizon = duration;
      options.knownStiff = knownStiff;
      options.stiffMeanStep = stiffMeanStep;
      const generated = { dp5: prepared.kernel, rodas5p: compiled.rodas5pKernel, p, tLow: segmentLow, tHigh: segmentHigh };
      const solution = integrator.solve({ rhs, jacobian, autonomous: compiled.autonomous, luOrder: compiled.luOrder, t0: tA, t1: tSwitch, y0: y, generated }, options, observer);
      stats.solveMilliseconds += performance.now() - solveStart;
      stats.steps += solution.stats.steps;
      stats.rejectedSteps += solution.stats.rejectedSteps;
      stats.rhsEvaluations += solution.stats.rhsEvaluations;
      stats.jacobianEvaluations += solution.stats.jacobianEvaluations;
      stats.luDecompositions += solution.stats.luDecompositions ?? 0;
      stats.segments++;
      if (solution.method.includes('+')) {
        for (const method of solution.method.split('+')) if (!ran.includes(method)) ran.push(method);
      } else if (!ran.includes(solution.method)) ran.push(solution.method);
      // auto handed over to its stiff method: later segments start with it (options.knownStiff), or stay
      // explicit where its steps were too short to pay for their cost (options.stiffMeanStep).
      if (solution.stiffPaysOff === true) knownStiff = true;
      else if (solution.stiffPaysOff === false) stiffMeanStep = solution.stiffMeanStep;

      // Store this segment's outputs, column by column, then its observables (parameters are constant within a segment).
      const outputs = solution.outputs;
      if (memberOutputs) {
        for (let k = 0; k < solution.outputCount; k++) {
          for (let i = 0; i < nSpecies; i++) rowState[i] = outputs[k * nSpecies + i];
          if (withObservables) {
            compiled.observe(outputTimes[k], rowState, p, observed);
            if (!observablesAcceptable(observed)) {
              throw numericalError(`at t = ${formatTime(outputTimes[k], model.timeUnit)} ${explainNonFinite(compiled, outputTimes[k], rowState, p) ?? 'an observable is not finite'}`,
                { ...where, time: outputTimes[k] });
            }
          }
          memberOutputs.write(nextOutput + k, rowState, observed);
        }
      }
      for (let c = 0; c < nSpecies && !member; c++) {
        const column = columnValues[c];
        for (let k = 0, at = c; k < solution.outputCount; k++, at += nSpecies) column[nextOutput + k] = outputs[at];
      }
      if (withObservables && !member) {
        for (let k = 0; k < solution.outputCount; k++) {
          for (let i = 0; i < nSpecies; i++) rowState[i] = outputs[k * nSpecies + i];
          compiled.observe(outputTimes[k], rowState, p, observed);
          if (!observablesAcceptable(observed)) {
            throw numericalError(`at t = ${formatTime(outputTimes[k], model.timeUnit)} ${explainNonFinite(compiled, outputTimes[k], rowState, p) ?? 'an observable is not finite'}`,
              where, 'a parameter set to 0 that something divides by, or a value outside a function\'s domain? change the value or the expression');
          }
          for (let c = 0; c < nObservables; c++) columnValues[nSpecies + c][nextOutput + k] = observed[c];
        }
      }
      nextOutput += solution.outputCount;
      rowsWritten = nextOutput;

      // A population driven negative, a solution that stopped being finite, an integrator that gave up: errors, never results.
      failedSegment({ model, compiled, integrator, where, p }, solution, negative);
      y.set(solution.yEnd);
      if (solution.status === 'stopped') {
        const fired = watcher.fired;
        tA = solution.tEnd;
        // A switch of time that reads the state: go on from where it switched.
        if (!fired) continue;
        switchesStale = true;
        const before = reportGrid ? rowOf(tA, y) : undefined;
        watcher.beforeEvent(tA, y, p, (t, state, out) => compiled.rhs(t, state, p, out), duration);
        apply(fired.event.set, fired.event.add, tA, fired.event.record, fired.event);
        // The event may have changed parameters: probe with the unbound right-hand side.
        watcher.afterEvent(tA, y, p, (t, state, out) => compiled.rhs(t, state, p, out), duration);
        events.push({ time: tA, kind: 'state', label: fired.event.record, source: fired.event.source });
        if (before) eventRows.push({ time: tA, before, after: rowOf(tA, y) });
        if (fired.event.stop) {
          stoppedAt = { time: tA, reason: fired.event.record };
          break;
        }
        continue;
      }
      tA = tSwitch;
      if (tA < tEpoch) continue;
      applyScheduledUpTo(tA);
      switchesStale = true;
    }
    if (stoppedAt) break;
  }

  if (member && memberStatus) {
    // Outputs after a stopping state event have no value.
    memberOutputs!.fillFrom(nextOutput);
    memberStatus.state = stoppedAt ? 'stopped' : 'ok';
    memberStatus.kind = undefined;
    memberStatus.reason = stoppedAt?.reason;
    memberStatus.time = stoppedAt?.time;
    memberStatus.steps = stats.steps;
    return memberStatus;
  }
  // In 'end' mode the one row is the end state (a run stopped early ends where it stopped).
  if (!reportGrid && stoppedAt) eventRows.push({ time: stoppedAt.time, after: rowOf(stoppedAt.time, y) });
  const merged = withEventRows(times, rowsWritten, columnValues, eventRows);
  const finalTimes = merged.times;
  const series: Record<string, Float64Array> = {};
  for (let c = 0; c < width; c++) series[columns[c]] = merged.columns[c];
  const units: Record<string, string> = withObservables ? { ...prepared.units } : {};
  if (!withObservables) for (const name of columns) units[name] = prepared.units[name];

  warnings.push(...growthWarnings(model, series, startState, y, eventScale, finalTimes));

  const expectations = reportGrid && withObservables
    ? parsedExpectations.map((parsed) => evaluateExpectation(parsed, { times: finalTimes, values: (name) => series[name], tolerance: solver }, context))
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
    warnings,
    solver: { method: solver.method, rtol: solver.rtol, atol: solver.atol, maxSteps: solver.maxSteps, ran },
    stats,
  };
}


function checkMember(member: MemberRun, columns: number, duration: number): void {
  const { times, values } = member;
  for (const c of member.columns) if (!(Number.isInteger(c) && c >= 0 && c < columns)) throw new RangeError(`member column ${c} is outside 0..${columns - 1}`);
  if (values.length < member.columns.length * times.length) throw new RangeError(`the member's values need ${member.columns.length * times.length} slots, got ${values.length}`);
  for (let k = 0; k < times.length; k++) {
    if (!(times[k] >= 0 && times[k] <= duration) || (k > 0 && !(times[k] > times[k - 1]))) throw new RangeError(`member times must rise within 0..${duration}; time ${k} is ${times[k]}`);
  }
}

/** Writes a member's rows into its array, column-major: values[c * points + k]. */
function memberWriter(member: MemberRun, nSpecies: number, points: number) {
  const { columns, values } = member;
  return {
    write(k: number, state: Float64Array, observed: Float64Array) {
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c];
        values[c * points + k] = column < nSpecies ? state[column] : observed[column - nSpecies];
      }
    },
    /** The columns at the rest state, into start (one value per column). */
    writeStart(start: Float64Array, state: Float64Array, _p: Float64Array, observe: (state: Float64Array) => void, observed: Float64Array) {
      if (start.length < columns.length) throw new RangeError(`the member's start values need ${columns.length} slots, got ${start.length}`);
      if (columns.some((c) => c >= nSpecies)) observe(state);
      for (let c = 0; c < columns.length; c++) start[c] = columns[c] < nSpecies ? state[columns[c]] : observed[columns[c] - nSpecies];
    },
    fillFrom(k: number) {
      for (let c = 0; c < columns.length; c++) values.fill(NaN, c * points + k, (c + 1) * points);
    },
  };
}
