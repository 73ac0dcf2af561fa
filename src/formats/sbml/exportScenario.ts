import { findSteadyState } from '../../solve/steadyState.ts';
import { inputError } from '../../errors.ts';
import { compileModel } from '../../model/compile.ts';
import type { Expr } from '../../model/expr.ts';
import type { Model } from '../../model/model.ts';
import { parseExpression } from '../../model/parseExpression.ts';
import { formatTime } from '../../model/timeUnits.ts';
import type { Assignment, Scenario, ScheduledEvent } from '../../simulate/scenario.ts';
import type { ExportNotes } from './exportModelNotes.ts';
import { modelToSbml, type SbmlExport, type EventForSbml, type ScenarioForSbml } from './exportModel.ts';

/**
 * A scenario as far as SBML can carry it, on top of its model:
 * - the start (the model's steady state, or its initial values, then `initial:`) as initial values;
 * - `parameters:` as the parameters' values;
 * - events at t = 0 applied to those values, as bonesim applies them before integrating;
 * - later timed events (`at:`, each occurrence of `every:`) as SBML events triggered at their
 *   time, in file order where several share a time;
 * - state events (`when:`) as SBML events with that trigger (`once:` guarded by a flag);
 * - `inputs:` time courses as assignment rules of time.
 * What SBML cannot carry is refused (`stop: true`: SBML cannot end a simulation) or listed in the
 * notes (duration, output times, solver settings, expectations).
 *
 * @example
 * ```ts
 * const { scenario, model } = loadScenario('scenarios/denosumab.yaml'); // bonesim/node
 * const { xml } = scenarioToSbml(scenario, model); // the doses as SBML events, the start as initial values
 * ```
 */
export function scenarioToSbml(scenario: Scenario, model: Model): SbmlExport {
  return modelToSbml(model, scenarioForSbml(scenario, model));
}

/**
 * The SBML-carried part of a scenario, as data (scenarioToSbml writes it): the start, parameter values, events
 * and time courses, and notes on what SBML does not carry. Throws an input error for what it cannot carry.
 *
 * @example
 * ```ts
 * const plan = scenarioForSbml(scenario, model);
 * plan.events.map((e) => e.name); // e.g. "PTH infusion stops at t = 100 day"
 * ```
 */
export function scenarioForSbml(scenario: Scenario, model: Model): ScenarioForSbml {
  const where = (field: string) => ({ file: scenario.file, field });
  for (const event of scenario.stateEvents) {
    if (event.stop) {
      throw inputError(`the event "${event.record}" ends the run (stop: true), which SBML cannot express: an SBML simulation runs to the time its user asks for`,
        where(`events[${event.source}].stop`), 'export a copy of the scenario without `stop: true` (and with the duration it should stop at), or run it in bonesim');
    }
  }
  const unit = model.timeUnit;
  const mapping: string[] = [];
  const notCarried: string[] = [];

  // The start, exactly as a bonesim run computes it (src/simulate/simulate.ts).
  const baseline = compileModel(model);
  const compiled = compileModel(model, { inputs: scenario.inputs });
  const p = Float64Array.from(compiled.p0);
  let y = Float64Array.from(compiled.y0);
  if (scenario.start === 'steady_state') {
    const steady = findSteadyState(baseline, p, y);
    y = Float64Array.from(steady.y);
    mapping.push(`The initial values are the model's steady state at its own parameter values, where the scenario starts (found by bonesim: ${steady.method}, ` +
      `residual ${steady.residual.toExponential(1)} per ${unit}; readouts keep their initial values).`);
  } else {
    mapping.push('The initial values are the model\'s own (the scenario starts from them).');
  }
  for (const [name, value] of Object.entries(scenario.initial)) y[compiled.speciesIndex(name)] = value;
  for (const [name, value] of Object.entries(scenario.parameters)) p[compiled.parameterIndex(name)] = value;
  if (Object.keys(scenario.initial).length) mapping.push(`The scenario's starting values replace those: ${describe(scenario.initial)}.`);
  if (Object.keys(scenario.parameters).length) mapping.push(`The scenario's parameter changes at t = 0 are the parameters' values: ${describe(scenario.parameters)}.`);

  // Events at t = 0 happen before the first step: their effect is the start.
  const atStart = scenario.scheduled.filter((e) => e.time <= 0);
  for (const event of atStart) {
    const values = (list: Assignment[]) => list.map((a) => (typeof a.value === 'number' ? a.value : compiled.compileScalar(a.value, { timeUnits: true })(0, y, p)));
    const setValues = values(event.set);
    const addValues = values(event.add);
    event.set.forEach((a, k) => {
      const s = compiled.speciesIndex(a.target);
      if (s >= 0) y[s] = setValues[k];
      else p[compiled.parameterIndex(a.target)] = setValues[k];
    });
    event.add.forEach((a, k) => (y[compiled.speciesIndex(a.target)] += addValues[k]));
  }
  if (atStart.length) {
    mapping.push(`Events at t = 0 are applied to the initial values, as bonesim applies them before the first step: ${[...new Set(atStart.map((e) => `events[${e.source}] (${e.description})`))].join('; ')}.`);
  }

  const initial: Record<string, number> = {};
  model.species.forEach((s, i) => (initial[s.name] = y[i]));
  const parameters: Record<string, number> = {};
  compiled.parameterNames.forEach((name, i) => {
    if (p[i] !== compiled.p0[i]) parameters[name] = p[i];
  });

  // Later timed events: one SBML event per occurrence; file order where several share a time.
  const events: EventForSbml[] = [];
  const later = scenario.scheduled.filter((e) => e.time > 0);
  const sameTime = new Map<number, number>();
  for (const e of later) sameTime.set(e.time, (sameTime.get(e.time) ?? 0) + 1);
  const rank = new Map<number, number>();
  // Occurrences are numbered over the whole schedule (dose 1 at t = 0 is part of the start; the next is dose 2).
  const occurrence = new Map<ScheduledEvent, number>();
  const counts = new Map<number, number>();
  for (const e of scenario.scheduled) {
    counts.set(e.source, (counts.get(e.source) ?? 0) + 1);
    occurrence.set(e, counts.get(e.source)!);
  }
  for (const event of later) {
    const k = occurrence.get(event)!;
    const repeated = counts.get(event.source)! > 1;
    const shared = sameTime.get(event.time)!;
    const position = (rank.get(event.time) ?? 0) + 1;
    rank.set(event.time, position);
    events.push({
      key: repeated ? `event${event.source}_${k}` : `event${event.source}`,
      name: `${event.description} at t = ${formatTime(event.time, unit)}`,
      trigger: { time: event.time },
      priority: shared > 1 ? shared - position + 1 : undefined,
      assignments: assignmentsOf(event.set, event.add),
      once: false,
    });
  }
  const bySource = new Map<number, number>();
  for (const e of later) bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
  if (bySource.size) {
    mapping.push(`Timed events are SBML events triggered at their time (time >= t), with no delay; values are computed when an event executes, and events at ` +
      `the same time execute in file order (priority), each seeing the one before, as in bonesim: ${[...bySource].map(([source, n]) =>
        `events[${source}]${n > 1 ? ` (${n} occurrences, one SBML event each)` : ''}`).join(', ')}.`);
  }

  for (const event of scenario.stateEvents) {
    events.push({
      key: `when${event.source}`,
      name: event.record,
      trigger: { condition: parseExpression(event.condition) },
      assignments: assignmentsOf(event.set, event.add),
      once: event.once,
    });
    mapping.push(`events[${event.source}] (when: ${event.condition}) is an SBML event with that trigger, persistent, initialValue true (a condition already true at the start does not fire` +
      `${event.once ? ', and a flag makes it fire once' : ''})${event.set.length || event.add.length ? '' : '; it only records, so it has no assignments and its name is the record'}.`);
  }

  const inputs: Record<string, Expr> = {};
  for (const [name, text] of Object.entries(scenario.inputs)) inputs[name] = parseExpression(text);
  if (Object.keys(inputs).length) mapping.push(`Inputs driven over time are assignment rules of time: ${Object.entries(scenario.inputs).map(([n, t]) => `${n} = ${t}`).join('; ')}.`);

  const solver = scenario.solver;
  notCarried.push(`Run settings: duration ${formatTime(scenario.duration, unit)}, output every ${formatTime(scenario.outputEvery, unit)}, solver ${solver.method} ` +
    `(rtol ${solver.rtol}, atol ${solver.atol}). SBML core has no simulation settings (SED-ML would carry them): simulate from t = 0 to ${formatTime(scenario.duration, unit)}.`);
  if (scenario.expectations.length) {
    notCarried.push(`The scenario's expected outcome, which bonesim checks after every run and SBML cannot express: ${scenario.expectations.map((e) =>
      e.why ? `${e.text} (${e.why})` : e.text).join('; ')}.`);
  }
  const notes: ExportNotes = { mapping, notCarried };
  return { id: scenario.id, title: scenario.title, description: scenario.description, source: scenario.source, initial, parameters, inputs, events, notes };
}

/** An event's set and add as SBML assignments (one per target: a set and an add on one target add up, as bonesim applies them). */
function assignmentsOf(set: Assignment[], add: Assignment[]): Array<{ target: string; value: Expr }> {
  const valueOf = (a: Assignment): Expr => (typeof a.value === 'number' ? { type: 'num', value: a.value } : parseExpression(a.value));
  const out = new Map<string, Expr>();
  for (const a of set) out.set(a.target, valueOf(a));
  for (const a of add) {
    const base = out.get(a.target) ?? { type: 'sym', name: a.target };
    out.set(a.target, { type: 'binary', op: '+', left: base, right: valueOf(a) });
  }
  return [...out].map(([target, value]) => ({ target, value }));
}

function describe(values: Readonly<Record<string, number>>): string {
  return Object.entries(values).map(([name, value]) => `${name} = ${value}`).join(', ');
}
