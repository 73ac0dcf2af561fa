import type { WatchedSwitch } from '../model/timeSwitches.ts';
import { findSignChange } from '../solve/rootFinding.ts';
import type { DenseOutput } from '../solve/types.ts';

/**
 * Watches the switches of time that also read the state (e.g. `x > t`): after each accepted step,
 * a switch whose value differs from the one at the step's start has crossed inside it, and the
 * crossing is located on the step's dense output, like a state event's. The run then restarts
 * there, so no step integrates across the switch.
 */
export class SwitchWatcher {
  private readonly values: Float64Array;
  private readonly scratch: Float64Array;

  constructor(private readonly switches: readonly WatchedSwitch[], n: number) {
    this.values = new Float64Array(switches.length);
    this.scratch = new Float64Array(n);
  }

  get none(): boolean {
    return this.switches.length === 0;
  }

  /** Start of a segment: the value each switch holds there. */
  begin(t: number, y: Float64Array, p: Float64Array): void {
    this.switches.forEach((s, k) => (this.values[k] = valueOf(s, t, y, p)));
  }

  /** The earliest crossing inside (tPrevious, t], or undefined (then the values move on to t). */
  step(tPrevious: number, t: number, y: Float64Array, p: Float64Array, dense: DenseOutput): number | undefined {
    let earliest: number | undefined;
    this.switches.forEach((s, k) => {
      if (valueOf(s, t, y, p) === this.values[k]) return;
      const before = this.values[k];
      const g = (time: number) => {
        dense(time, this.scratch);
        return valueOf(s, time, this.scratch, p) === before ? -1 : 1;
      };
      const time = findSignChange(g, tPrevious, t, -1, 1, 1e-10 * Math.max(1, Math.abs(t)));
      if (earliest === undefined || time < earliest) earliest = time;
    });
    if (earliest === undefined) this.switches.forEach((s, k) => (this.values[k] = valueOf(s, t, y, p)));
    return earliest;
  }
}

function valueOf(s: WatchedSwitch, t: number, y: Float64Array, p: Float64Array): number {
  const m = s.margin(t, y, p);
  return s.crossing === 'zero' ? Math.sign(m) : Math.floor(m);
}
