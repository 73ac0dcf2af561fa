import { inputError, type ErrorLocation } from '../errors.ts';

export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Length of each time unit in days. A year is the Julian year (365.25 d); a month is a twelfth of it. */
export const DAYS_PER: Readonly<Record<TimeUnit, number>> = {
  // SBML's default time unit is the second (models imported from SBML keep their own unit).
  second: 1 / 86400,
  minute: 1 / 1440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 365.25 / 12,
  year: 365.25,
};

const ALIASES: Record<string, TimeUnit> = {
  s: 'second', sec: 'second', second: 'second', seconds: 'second',
  min: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  wk: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

export function timeUnitNamed(name: string): TimeUnit | undefined {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

/** How many `to` units one `from` unit is. */
export function timeFactor(from: TimeUnit, to: TimeUnit): number {
  return DAYS_PER[from] / DAYS_PER[to];
}

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*$/;

/**
 * Read a time such as "10 year", "6 months" or "30 day" into the model's time unit.
 * Throws an input error naming the field when the text is not a time.
 *
 * @example
 * ```ts
 * parseTime('2 week', 'day'); // 14
 * ```
 */
export function parseTime(text: unknown, to: TimeUnit, location: ErrorLocation = {}): number {
  if (typeof text === 'number') {
    throw inputError(`the time ${text} has no unit`, location, `write it with a unit, e.g. "${text} day" or "${text} year"`);
  }
  if (typeof text !== 'string') throw inputError('expected a time such as "30 day"', location, 'write a number and a unit: hour, day, week, month or year');
  const match = QUANTITY.exec(text);
  const unit = match ? timeUnitNamed(match[2]) : undefined;
  if (!match || !unit) {
    throw inputError(`"${text}" is not a time`, location, 'write a number and a unit: second, minute, hour, day, week, month or year (e.g. "6 month")');
  }
  const value = Number(match[1]) * timeFactor(unit, to);
  if (!Number.isFinite(value)) throw inputError(`the time "${text}" is out of range`, location, 'write a finite time, e.g. "100 year"');
  return value;
}

export function formatTime(value: number, unit: TimeUnit): string {
  return `${Number(value.toPrecision(10))} ${unit}`;
}
