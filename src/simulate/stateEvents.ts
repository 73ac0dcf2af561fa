import type { CompiledModel, ScalarFunction } from '../model/compile.ts';
import type { Expr } from '../model/expr.ts';
import { parseExpression } from '../model/parseExpression.ts';
import { findSignChange } from '../solve/rootFinding.ts';
import type { DenseOutput } from '../solve/types.ts';
import { numericalError } from '../errors.ts';
import type { StateEvent } from './scenario.ts';
import type { EventRecord } from './result.ts';

/** Interior points of a step checked while an event re-arms (its condition, still true after it acted, heads to false). */
const REARM_SAMPLES = 16;
/** A state event firing ever faster: this many firings with shrinking intervals, or intervals this small, is a Zeno sequence. */
const ZENO_FIRINGS = 50;
const ZENO_INTERVAL = 1e-9;
/**
 * A margin within this fraction of its sides' size (|a| + |b| for a > b) is rounding: there a condition
 * keeps the truth it had, so a state resting on a threshold (x converging to x_bar, with rounding noise
 * about it) is not a series of crossings at the resolution of time.
 */
const ROUNDING_BAND = 1e-12;

/** A state event's condition as a margin g(t, y, p): the condition holds when g > 0 (or g >= 0). */
export interface WatchedEvent {
  event: StateEvent;
  margin: ScalarFunction;
  /** The size of the margin's two sides (|a| + |b|), for its rounding band; absent for a true/false condition. */
  scale?: ScalarFunction;
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
      const scale: Expr = { type: 'binary', op: '+', left: { type: 'call', fn: 'abs', args: [high] }, right: { type: 'call', fn: 'abs', args: [low] } };
      return {
        event,
        strict: condition.op === '<' || condition.op === '>',
        margin: model.compileScalar(margin, { timeUnits: true, constants, path }),
        scale: model.compileScalar(scale, { timeUnits: true, constants, path }),
      };
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
  /**
   * After an event acted, its condition can still hold at the new state by a rounding margin while the
   * dynamics carry it back to false at once (a bounce: h < 0 stays true at h = -1e-12 as the ball rises).
   * Such an event re-arms: a whole false interval inside one step must not hide its next crossing.
   */
  private readonly rearming: boolean[];
  private readonly slopeBefore: Float64Array;
  private readonly marginBefore: Float64Array;
  /** Times an acting event fired, the last few, to recognise a sequence that accumulates (Zeno). */
  private readonly firings: number[][];
  private started = false;
  private readonly scratch: Float64Array;
  private readonly probe: Float64Array;

  constructor(events: WatchedEvent[], n: number, private readonly where: { file?: string } = {}, private readonly end = Infinity) {
    this.events = events;
    this.holds = events.map(() => false);
    this.finished = events.map(() => false);
    this.rearming = events.map(() => false);
    this.slopeBefore = new Float64Array(events.length);
    this.marginBefore = new Float64Array(events.length);
    this.firings = events.map(() => []);
    this.scratch = new Float64Array(n);
    this.probe = new Float64Array(n);
  }

  /** True when the scenario has no state events to watch. */
  get none(): boolean {
    return this.events.length === 0;
  }

  /** Each margin, and how it moves, just before an event acts at t (see afterEvent). */
  beforeEvent(t: number, y: Float64Array, p: Float64Array, rhs: (t: number, y: Float64Array, dydt: Float64Array) => void, span: number): void {
    if (this.events.length === 0) return;
    this.events.forEach((e, k) => {
      this.marginBefore[k] = e.margin(t, y, p);
      this.slopeBefore[k] = this.marginSlope(e, t, y, p, rhs, span);
    });
  }

  /**
   * The state just after event `fired` acted at t. The event that fired stays true unless its action
   * moved its margin: its time is located to a tolerance, so the margin there may still be a hair on
   * the false side, and reading it again would fire it twice at one crossing. Others are read afresh
   * (within the rounding band they keep their truth). An event whose condition still holds but that the
   * action turned back towards false (its margin rose before and falls now: a bounce) re-arms, so its
   * next crossing is found even inside one step; an action that leaves a margin's course alone re-arms nothing.
   */
  afterEvent(t: number, y: Float64Array, p: Float64Array, rhs: (t: number, y: Float64Array, dydt: Float64Array) => void, span: number): void {
    if (this.events.length === 0) return;
    this.events.forEach((e, k) => {
      const g = e.margin(t, y, p);
      const band = e.scale ? ROUNDING_BAND * e.scale(t, y, p) : 0;
      if (e === this.fired && g === this.marginBefore[k]) this.holds[k] = true;
      else if (!(Math.abs(g) <= band)) this.holds[k] = this.isTrue(e, g);
      this.rearming[k] = this.holds[k] && this.slopeBefore[k] >= 0 && this.marginSlope(e, t, y, p, rhs, span) < 0;
    });
  }

  /** The change of an event's margin over a short probe along dy/dt from (t, y). */
  private marginSlope(e: WatchedEvent, t: number, y: Float64Array, p: Float64Array, rhs: (t: number, y: Float64Array, dydt: Float64Array) => void, span: number): number {
    rhs(t, y, this.scratch);
    const dt = 1e-6 * Math.max(span, Number.MIN_VALUE);
    for (let i = 0; i < y.length; i++) this.probe[i] = y[i] + dt * this.scratch[i];
    return e.margin(t + dt, this.probe, p) - e.margin(t, y, p);
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
      const band = e.scale ? ROUNDING_BAND * e.scale(t, y, p) : 0;
      const holds = Math.abs(g) <= band ? this.holds[k] : this.isTrue(e, g);
      const gAt = (s: number) => {
        dense(s, this.scratch);
        const value = e.margin(s, this.scratch, p);
        return this.isTrue(e, value) ? Math.max(value, Number.MIN_VALUE) : Math.min(value, -Number.MIN_VALUE);
      };
      // Re-arming and true at both ends of the step: did it go false in between (and come back)?
      let from = tPrevious;
      if (holds && this.holds[k] && this.rearming[k]) {
        for (let j = 1; j < REARM_SAMPLES; j++) {
          const s = tPrevious + ((t - tPrevious) * j) / REARM_SAMPLES;
          if (gAt(s) < -band) {
            from = s;
            this.holds[k] = false;
          }
        }
        if (this.holds[k]) return;
      }
      if (holds && !this.holds[k]) {
        this.rearming[k] = false;
        const gFrom = gAt(from);
        // Already true at the step's start (it crossed within the rounding band): it fires there.
        const time = gFrom > 0 ? from : findSignChange(gAt, from, t, gFrom, g > 0 ? g : Number.MIN_VALUE, 1e-10 * Math.max(1, Math.abs(t)));
        const acts = e.event.set.length > 0 || e.event.add.length > 0 || e.event.stop;
        if (acts) {
          if (!earliest || time < earliest.time) earliest = { k, time };
        } else {
          recordOnly.push({ k, time });
        }
      } else if (!holds && this.holds[k]) {
        this.holds[k] = false;
        this.rearming[k] = false;
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
    this.refuseZeno(earliest.k, earliest.time);
    this.fired = e;
    return earliest.time;
  }

  /**
   * An event that fires ever faster (a bouncing ball losing height) reaches infinitely many firings
   * at a finite time; past it the model says nothing. Stop there and say so, never step across it.
   */
  private refuseZeno(k: number, time: number): void {
    const times = this.firings[k];
    times.push(time);
    if (times.length > ZENO_FIRINGS + 1) times.shift();
    const n = times.length;
    if (n < 3) return;
    const last = times[n - 1] - times[n - 2];
    const tiny = last <= ZENO_INTERVAL * Math.max(1, Math.abs(time));
    let shrinking = n === ZENO_FIRINGS + 1;
    for (let i = 2; shrinking && i < n; i++) shrinking = times[i] - times[i - 1] < times[i - 1] - times[i - 2];
    if (!tiny && !shrinking) return;
    // For a geometric sequence of intervals (ratio r) the firings accumulate at t + last * r / (1 - r).
    const ratio = last / (times[n - 2] - times[n - 3]);
    const limit = ratio > 0 && ratio < 1 ? time + (last * ratio) / (1 - ratio) : time;
    // Intervals that shrink but add up to more than the run has left are no accumulation within it.
    if (!tiny && limit > this.end) return;
    const e = this.events[k].event;
    throw numericalError(
      `the event "${e.record}" (when ${e.condition}) fired ever faster, the last two ${last.toPrecision(3)} apart at t = ${time.toPrecision(8)}: ` +
        `a Zeno sequence accumulating near t = ${limit.toPrecision(8)}, past which the model has no state`,
      { ...this.where, field: `events[${e.source}]`, line: e.line, time },
      'end the sequence in the model: stop the run there (stop: true), or add a condition that turns the event off (e.g. a bounce only while the speed exceeds a threshold)');
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
