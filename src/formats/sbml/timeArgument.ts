import { inputError } from '../../errors.ts';
import { parseTime, type TimeUnit } from '../../model/timeUnits.ts';

/** A time given on the command line: "100 day", or a bare number in the model's own time unit. */
export function parseTimeOrNumber(text: string, unit: TimeUnit, field: string): number {
  const trimmed = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    if (!Number.isFinite(value)) throw inputError(`${field} ${text} is out of range`, { field });
    return value;
  }
  return parseTime(trimmed, unit, { path: [field] });
}
