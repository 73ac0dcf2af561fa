import { numericalError } from '../../errors.ts';
import type { ScalarFunction } from '../../model/compile.ts';
import type { DenseOutput } from '../../solve/types.ts';

export interface CompiledAssignment {
  value: ScalarFunction;
  /** Where the value goes: a state index, or else a parameter index. */
  species: number;
  parameter: number;
  /** For a species amount set from a concentration: the compartment size to multiply by (before the event). */
  compartmentValue?: ScalarFunction;
  compartment: number;
  compartmentState: number;
}

export interface CompiledEvent {
  id: string;
  /** 1 when the trigger holds, 0 when not. */
  trigger: ScalarFunction;
  /**
   * The trigger's comparisons, each 1 or 0: watched one by one, so a trigger that turns true and
   * false again inside one step (a window such as 3.5 < x < 4) is still seen.
   */
  atoms: ScalarFunction[];
  delay?: ScalarFunction;
  priority?: ScalarFunction;
  initialValue: boolean;
  persistent: boolean;
  useValuesFromTriggerTime: boolean;
  assignments: CompiledAssignment[];
}

interface Pending {
  event: number;
  at: number;
  /** Assignment values computed when the event triggered (useValuesFromTriggerTime). */
  values?: number[];
  order: number;
}

/** Most event executions at one instant before a run is declared to loop forever. */
const MAX_EXECUTIONS_PER_INSTANT = 10_000;

/**
 * SBML Level 3 event semantics (L3V2 core section 4.12): an event triggers when its trigger
 * turns from false to true (at the start, the value before the start is `initialValue`), runs
 * after its delay, with values from the trigger time or the execution time; a non-persistent
 * event whose trigger turns false before it runs is dropped; events due at the same instant
 * run one at a time, highest priority first, and each execution can trigger or cancel others.
 */
export class SbmlEventQueue {
  private readonly previous: boolean[];
  private pending: Pending[] = [];
  private sequence = 0;
  private scratch = new Float64Array(0);
  private seed = 20040101;

  private readonly atomsBefore: boolean[][];

  constructor(private readonly events: CompiledEvent[]) {
    this.previous = events.map((e) => e.initialValue);
    this.atomsBefore = events.map((e) => e.atoms.map(() => false));
  }

  /** t0: triggers are compared with their initial values, and events due at t0 run. */
  start(t: number, y: Float64Array, p: Float64Array, log: Array<{ time: number; event: string }>): boolean {
    this.events.forEach((e, k) => (this.previous[k] = e.initialValue));
    return this.process(t, y, p, log);
  }

  /** The earliest time a delayed event is due, if any. */
  nextScheduled(): number | undefined {
    let earliest: number | undefined;
    for (const entry of this.pending) if (earliest === undefined || entry.at < earliest) earliest = entry.at;
    return earliest;
  }

  /** Start of an integration segment: the comparisons' values there. */
  begin(t: number, y: Float64Array, p: Float64Array): void {
    this.events.forEach((e, k) => e.atoms.forEach((atom, j) => (this.atomsBefore[k][j] = atom(t, y, p) !== 0)));
  }

  /**
   * An accepted step: if any trigger changed value inside it, the earliest change (located on
   * the dense output) is where the integration stops, so process() can act there.
   */
  watch(tPrevious: number, t: number, y: Float64Array, p: Float64Array, dense: DenseOutput): number | undefined {
    if (this.events.length === 0) return undefined;
    let earliest: number | undefined;
    const scratch = this.scratchFor(y.length);
    /** A condition whose value at t differs from its value at the step's start: where it changed. */
    const consider = (condition: ScalarFunction, now: boolean) => {
      const side = (s: number) => {
        dense(s, scratch);
        return (condition(s, scratch, p) !== 0) === now ? 1 : -1;
      };
      const limit = earliest ?? t;
      // Only a change before the earliest one found so far matters.
      if (limit < t && side(limit) < 0) return;
      const { time, transition } = locateChange(side, tPrevious, limit, 1e-13 * Math.max(1, Math.abs(t)));
      if (earliest === undefined || time < earliest) {
        earliest = time;
        this.transition = transition;
      }
    };
    for (let k = 0; k < this.events.length; k++) {
      const event = this.events[k];
      const now = event.trigger(t, y, p) !== 0;
      if (now !== this.previous[k]) consider(event.trigger, now);
      const before = this.atomsBefore[k];
      for (let j = 0; j < event.atoms.length; j++) {
        const atomNow = event.atoms[j](t, y, p) !== 0;
        if (atomNow !== before[j]) consider(event.atoms[j], atomNow);
      }
    }
    // No stop: the step's end is the next step's start.
    if (earliest === undefined) this.begin(t, y, p);
    return earliest;
  }

  /** Act at time t: schedule and cancel on trigger changes, run what is due, repeat until nothing is. Returns true if anything ran. */
  process(t: number, y: Float64Array, p: Float64Array, log: Array<{ time: number; event: string }>): boolean {
    let ran = false;
    for (let executions = 0; ; executions++) {
      this.updateTriggers(t, y, p);
      const due = this.pending.filter((e) => e.at <= t);
      if (due.length === 0) {
        this.transition = undefined;
        return ran;
      }
      if (executions >= MAX_EXECUTIONS_PER_INSTANT) {
        throw numericalError(`events keep firing at t = ${t} (${MAX_EXECUTIONS_PER_INSTANT} executions without time advancing): ${[...new Set(due.map((d) => this.events[d.event].id))].join(', ')}`, { time: t },
          'an event whose assignments make its own trigger turn true again needs a condition that stays false after it runs');
      }
      const chosen = this.choose(due, t, y, p);
      this.pending = this.pending.filter((e) => e !== chosen);
      this.execute(chosen, t, y, p);
      log.push({ time: t, event: this.events[chosen.event].id });
      ran = true;
    }
  }

  /** Where the last located trigger change happened, in its simplest digits (it may be a rounding before the stop). */
  private transition: number | undefined;

  private updateTriggers(t: number, y: Float64Array, p: Float64Array): void {
    for (let k = 0; k < this.events.length; k++) {
      const event = this.events[k];
      const now = event.trigger(t, y, p) !== 0;
      if (now && !this.previous[k]) {
        const delay = event.delay ? event.delay(t, y, p) : 0;
        if (!(delay >= 0)) throw numericalError(`the delay of event "${event.id}" is ${delay} at t = ${t}; it must be zero or positive`, { time: t });
        const values = event.useValuesFromTriggerTime ? event.assignments.map((a) => a.value(t, y, p)) : undefined;
        // A delay counts from the transition itself (t > 1 turns true at 1), not from where the step stopped just after it.
        const from = this.transition !== undefined && Math.abs(this.transition - t) <= 1e-12 * Math.max(1, Math.abs(t)) ? this.transition : t;
        this.pending.push({ event: k, at: delay > 0 ? from + delay : t, values, order: this.sequence++ });
      } else if (!now && this.previous[k] && !event.persistent) {
        this.pending = this.pending.filter((e) => e.event !== k);
      }
      this.previous[k] = now;
    }
  }

  /**
   * Highest priority first; among events of equal priority SBML leaves the choice to chance, so
   * one is drawn (from a seeded generator: a run is reproducible). Events without a priority
   * rank below any with one and run in the order they were triggered.
   */
  private choose(due: Pending[], t: number, y: Float64Array, p: Float64Array): Pending {
    const priorities = due.map((entry) => this.priorityOf(entry, t, y, p));
    const top = Math.max(...priorities);
    const tied = due.filter((_, i) => priorities[i] === top);
    if (tied.length > 1 && top !== -Infinity) return tied[Math.floor(this.random() * tied.length)];
    return tied.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a));
  }

  /** mulberry32: a small, fast, seeded generator. */
  private random(): number {
    let x = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  private priorityOf(entry: Pending, t: number, y: Float64Array, p: Float64Array): number {
    const priority = this.events[entry.event].priority;
    if (!priority) return -Infinity;
    const value = priority(t, y, p);
    return Number.isNaN(value) ? -Infinity : value;
  }

  private execute(entry: Pending, t: number, y: Float64Array, p: Float64Array): void {
    const event = this.events[entry.event];
    const values = entry.values ?? event.assignments.map((a) => a.value(t, y, p));
    const write = (a: CompiledAssignment, value: number) => {
      if (a.species >= 0) y[a.species] = value;
      else p[a.parameter] = value;
    };
    // A concentration assigned to a species held as an amount is converted at the compartment's size before the
    // event (as the SBML Test Suite reads L3V2 4.12.7: an event that also resizes the compartment then dilutes it).
    const sizes = event.assignments.map((a) => (a.compartmentValue ? a.compartmentValue(t, y, p) : 1));
    event.assignments.forEach((a, i) => write(a, values[i] * sizes[i]));
  }

  private scratchFor(n: number): Float64Array {
    if (this.scratch.length !== n) this.scratch = new Float64Array(n);
    return this.scratch;
  }
}

/**
 * Where side() turns from -1 to +1 in (a, b], by bisection to `tolerance`: `time`, the point of
 * the final bracket with the fewest significant digits where the change has happened (t >= 1
 * holds at 1, not only at 1.0000000000000002), and `transition`, the simplest point of the bracket
 * (t > 1 turns true at 1, though it holds only after): a delay of 0.5 then runs the event at 1.5.
 */
function locateChange(side: (t: number) => number, a: number, b: number, tolerance: number): { time: number; transition: number } {
  for (let i = 0; i < 200 && b - a > tolerance; i++) {
    const mid = 0.5 * (a + b);
    if (side(mid) > 0) b = mid;
    else a = mid;
  }
  const simplest = (accept: (round: number) => boolean) => {
    for (let digits = 1; digits < 17; digits++) {
      const round = Number(b.toPrecision(digits));
      if (round >= a && round <= b && accept(round)) return round;
    }
    return b;
  };
  return { time: simplest((round) => round > a && side(round) > 0), transition: simplest(() => true) };
}
