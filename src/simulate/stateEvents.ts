import type { CompiledModel, ScalarFunction } from '../model/compile.ts';
import type { Expr } from '../model/expr.ts';
import { parseExpression } from '../model/parseExpression.ts';
import { findSignChange } from '../solve/rootFinding.ts';
import type { DenseOutput } from '../solve/types.ts';
import type { StateEvent } from './scenario.ts';
import type { EventRecord } from './result.ts';

/** A state event's condition as a margin g(t, y, p): the condition holds when g > 0 (or g >= 0). */
export interface WatchedEvent {
  event: StateEvent;
  margin: ScalarFunction;
  strict: boolean;
}

export function compileStateEvents(model: CompiledModel, events: readonly StateEvent[], constants: ReadonlyMap<string, number>): WatchedEvent[] {
  return events.map((event) => {
    const condition = parseExpression(event.condition);
    const path = ['events', event.source, 'when'];
    if (condition.type === 'binary' && ['<', '<=', '>', '>='].includes(condition.op)) {
      // a < b holds when b - a > 0, a > b when a - b > 0: a smooth margin for root finding.
      const [low, high] = condition.op === '<' || condition.op === '<=' ? [condition.left, condition.right] : [condition.right, condition.left];
      const margin: Expr = { type: 'binary', op: '-', left: high, right: low };
      return { event, strict: condition.op === '<' || condition.op === '>', margin: model.compileScalar(margin, { timeUnits: true, constants, path }) };
    }
    // Any other condition: +1 when true, -1 when false, located by bisection.
    const truth = model.compileScalar(condition, { timeUnits: true, constants, path, condition: true });
    return { event, strict: true, margin: (t, y, p) => 2 * truth(t, y, p) - 1 };
  });
}

/**
 * Watches conditions over accepted steps. An event fires when its condition turns from false
 * to true; the crossing is located on the step's dense output. Record-only events are logged
 * and integration goes on; an event that changes the state stops the step at the crossing.
 */
export class StateEventWatcher {
  fired: WatchedEvent | undefined;
  private readonly events: WatchedEvent[];
  private readonly holds: boolean[];
  private readonly finished: boolean[];
  private started = false;
  private readonly scratch: Float64Array;

  constructor(events: WatchedEvent[], n: number) {
    this.events = events;
    this.holds = events.map(() => false);
    this.finished = events.map(() => false);
    this.scratch = new Float64Array(n);
  }

  /** Start of an integration segment: conditions already true at the very start of a run do not fire. */
  begin(t: number, y: Float64Array, p: Float64Array): void {
    this.fired = undefined;
    if (this.started) return;
    this.started = true;
    this.events.forEach((e, k) => (this.holds[k] = this.isTrue(e, e.margin(t, y, p))));
  }

  step(tPrevious: number, t: number, y: Float64Array, p: Float64Array, dense: DenseOutput, log: EventRecord[]): number | undefined {
    if (this.events.length === 0) return undefined; // called after every step: no work, no allocation
    let earliest: { k: number; time: number } | undefined;
    const recordOnly: Array<{ k: number; time: number }> = [];
    this.events.forEach((e, k) => {
      if (this.finished[k]) return;
      const g = e.margin(t, y, p);
      const holds = this.isTrue(e, g);
      if (holds && !this.holds[k]) {
        const gAt = (s: number) => {
          dense(s, this.scratch);
          const value = e.margin(s, this.scratch, p);
          return this.isTrue(e, value) ? Math.max(value, Number.MIN_VALUE) : Math.min(value, -Number.MIN_VALUE);
        };
        const time = findSignChange(gAt, tPrevious, t, gAt(tPrevious), g > 0 ? g : Number.MIN_VALUE, 1e-10 * Math.max(1, Math.abs(t)));
        const acts = e.event.set.length > 0 || e.event.add.length > 0 || e.event.stop;
        if (acts) {
          if (!earliest || time < earliest.time) earliest = { k, time };
        } else {
          recordOnly.push({ k, time });
        }
      } else if (!holds && this.holds[k]) {
        this.holds[k] = false;
      }
    });
    for (const r of recordOnly.sort((a, b) => a.time - b.time)) {
      if (earliest && r.time > earliest.time) continue;
      const e = this.events[r.k];
      this.holds[r.k] = true;
      if (e.event.once) this.finished[r.k] = true;
      log.push({ time: r.time, kind: 'state', label: e.event.record, source: e.event.source });
    }
    if (!earliest) return undefined;
    const e = this.events[earliest.k];
    this.holds[earliest.k] = true;
    if (e.event.once) this.finished[earliest.k] = true;
    this.fired = e;
    return earliest.time;
  }

  /** When component i crossed zero inside the step (for a species driven negative). */
  locateZero(i: number, tPrevious: number, t: number, dense: DenseOutput): number {
    const value = (s: number) => {
      dense(s, this.scratch);
      return this.scratch[i];
    };
    const start = value(tPrevious);
    const end = value(t);
    if (start < 0 || end >= 0) return tPrevious;
    return findSignChange(value, tPrevious, t, start, end, 1e-10 * Math.max(1, Math.abs(t)));
  }

  private isTrue(e: WatchedEvent, g: number): boolean {
    return e.strict ? g > 0 : g >= 0;
  }
}
