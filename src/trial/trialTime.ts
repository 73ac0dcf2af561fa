import { inputError, type ErrorLocation } from '../errors.ts';
import { parseTime, timeFactor, timeUnitNamed, type TimeUnit } from '../model/timeUnits.ts';

/** A calendar month, 365.25 / 12 = 30.44 days: what a trial month is unless the file says `month_days`. */
export const CALENDAR_MONTH_DAYS = 365.25 / 12;

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*$/;

/**
 * A trial time ("6 month", "9 day") in the model's time unit. Months are `monthDays` days (a trial
 * digitised in 28-day months says so); every other unit is read as in scenarios.
 */
export function parseTrialTime(text: unknown, monthDays: number, to: TimeUnit, location: ErrorLocation): number {
  if (typeof text === 'string') {
    const match = QUANTITY.exec(text);
    if (match && timeUnitNamed(match[2]) === 'month') return Number(match[1]) * monthDays * timeFactor('day', to);
  }
  return parseTime(text, to, location);
}

/** A time as days, for tables and CSV columns (visit_day). */
export function toDays(value: number, unit: TimeUnit): number {
  return value * timeFactor(unit, 'day');
}

export function checkNonNegative(value: number, text: unknown, location: ErrorLocation, what: string): void {
  if (value < 0) throw inputError(`${what} ${String(text)} is before day 0 of the trial`, location, 'times count from the first day of the trial (0 day)');
}
