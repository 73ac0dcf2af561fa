import { inputError, type ErrorLocation } from '../errors.ts';

/** Most occurrences a repeating event may expand to (daily dosing for 100 years fits). */
export const MAX_OCCURRENCES = 50_000;

/** Most timed events a scenario may hold in all (each one restarts the integrator). */
export const MAX_SCHEDULED_EVENTS = 200_000;

/**
 * The times of a repeating event: from, from + every, ... up to and including until.
 * Computed by index, not by accumulation, so 365 daily doses land on whole days.
 */
export function occurrences(every: number, from: number, until: number, location: ErrorLocation): number[] {
  if (!(every > 0)) throw inputError('`every` must be a positive time', location, 'e.g. every: 1 day');
  if (until < from) throw inputError('`until` is before `from`', location, 'swap them or fix one of the times');
  const count = Math.floor((until - from) / every + 1e-9) + 1;
  if (count > MAX_OCCURRENCES) {
    throw inputError(`the event repeats ${count} times; the limit is ${MAX_OCCURRENCES}`, location,
      'use a longer interval, a shorter window, or a time-dependent input instead');
  }
  return Array.from({ length: count }, (_, k) => from + k * every);
}
