/**
 * Reading a sampled trajectory (output times and values): values between samples,
 * extremes, crossings, settling. Linear interpolation between output points; every
 * function is pure and allocation-light.
 */
export interface Trajectory {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface Extreme {
  value: number;
  time: number;
}

/** The value at time t, linear between samples; clamped to the first and last sample outside the run. */
export function valueAt({ times, values }: Trajectory, t: number): number {
  const n = times.length;
  if (n === 0) return Number.NaN;
  if (t <= times[0]) return values[0];
  if (t >= times[n - 1]) return values[n - 1];
  let low = 0;
  let high = n - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (times[middle] <= t) low = middle;
    else high = middle;
  }
  const span = times[high] - times[low];
  if (t === times[low]) return values[low];
  if (span <= 0) return values[high];
  const w = (t - times[low]) / span;
  return values[low] + w * (values[high] - values[low]);
}

/** The largest (or smallest) sample and when it occurs (the first time, if it repeats). */
export function extreme({ times, values }: Trajectory, kind: 'max' | 'min'): Extreme {
  let best = { value: Number.NaN, time: Number.NaN };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(best.value) || (kind === 'max' ? v > best.value : v < best.value)) best = { value: v, time: times[i] };
  }
  return best;
}

/**
 * When a trajectory reaches its extreme for practical purposes: the first time it comes within
 * `fraction` of its excursion (|extreme - start|) of the extreme. A curve that rises to a plateau
 * has its peak where the plateau begins, not wherever rounding puts the largest sample.
 */
export function timeExtremeReached(trajectory: Trajectory, extremum: Extreme, start: number, fraction = 0.01): number {
  const { times, values } = trajectory;
  const tolerance = fraction * Math.abs(extremum.value - start);
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i] - extremum.value) <= tolerance) return times[i];
  return extremum.time;
}

/**
 * The first time the trajectory has moved at least `distance` away from `origin`
 * (in either direction), interpolated between samples; undefined if it never does.
 */
export function firstDeparture({ times, values }: Trajectory, origin: number, distance: number): number | undefined {
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const away = Math.abs(values[i] - origin);
    if (away >= distance) {
      if (i === 0) return times[0];
      const w = (distance - previous) / (away - previous);
      return times[i - 1] + w * (times[i] - times[i - 1]);
    }
    previous = away;
  }
  return undefined;
}

/**
 * The last time the trajectory was outside the band target +- tolerance: after this it
 * stays inside to the end. 0 if it never leaves; undefined if it ends outside.
 */
export function settlingTime({ times, values }: Trajectory, target: number, tolerance: number): number | undefined {
  const n = values.length;
  if (n === 0 || Math.abs(values[n - 1] - target) > tolerance) return undefined;
  for (let i = n - 2; i >= 0; i--) {
    if (Math.abs(values[i] - target) > tolerance) return times[i + 1];
  }
  return times[0];
}
