import type { MetricKind, MetricRow } from '../analysis/metricRows.ts';
import { DAYS_PER, type TimeUnit } from '../model/timeUnits.ts';

/** How numbers read in tables and prose: signed percentages, fold changes, times in days or years. */
const MINUS = '\u2212';

export function formatPercent(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)} %`;
  return `${value < 0 ? MINUS : '+'}${text} %`;
}

/** 18.0×, 0.254×; "< 0.001×" and "> 1000×" beyond what a ratio can usefully say. */
export function formatFold(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '> 1000\u00d7' : '\u2013';
  if (value === 0) return '0\u00d7';
  if (value < 1e-3) return '< 0.001\u00d7';
  if (value > 1e3) return '> 1000\u00d7';
  // Near 1, three digits would round a real change away (1.004 is not 1.00).
  const nearOne = Math.abs(value - 1) >= 5e-4 && Math.abs(value - 1) < 0.01;
  return `${value.toPrecision(nearOne ? 4 : 3)}\u00d7`;
}

export function formatValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(3))).replace('-', MINUS);
  return value.toExponential(2).replace('-', MINUS);
}

/** Times in the unit a reader thinks in: days for short runs, years for runs of two years or more. */
export interface TimeFormat {
  unit: TimeUnit;
  /** Show years (true) or the data's own unit. */
  years: boolean;
}

export function timeFormatFor(unit: TimeUnit, longestRun: number): TimeFormat {
  return { unit, years: longestRun * DAYS_PER[unit] >= 730 };
}

export function formatTime(value: number, format: TimeFormat): string {
  if (value === 0) return '0';
  const days = value * DAYS_PER[format.unit];
  // In a long run, effects within the first three months still read best in days.
  if (format.years && days >= 91) {
    const years = days / DAYS_PER.year;
    return `${years < 10 ? years.toFixed(2) : years.toFixed(1)} y`;
  }
  const [amount, short] = format.years || format.unit === 'day' ? [days, 'd'] : [value, { second: 's', minute: 'min', hour: 'h', day: 'd', week: 'wk', month: 'mo', year: 'y' }[format.unit]];
  return `${Number(amount.toPrecision(amount < 10 ? 2 : 3))} ${short}`;
}

export function formatMetric(value: number | undefined, kind: MetricKind, time: TimeFormat): string {
  if (value === undefined || Number.isNaN(value)) return '\u2013';
  switch (kind) {
    case 'percent':
      return formatPercent(value);
    case 'fold':
      return formatFold(value);
    case 'time':
      return formatTime(value, time);
    case 'yes/no':
      return value ? 'yes' : 'no';
    default:
      return formatValue(value);
  }
}

/** The text of one cell: the value, and when it happened for peaks and troughs. */
export function formatCell(row: MetricRow, index: number, time: TimeFormat): { value: string; when?: string } {
  const value = formatMetric(row.values[index], row.kind, time);
  const at = row.times?.[index];
  return at === undefined || row.values[index] === undefined ? { value } : { value, when: `at ${formatTime(at, time)}` };
}
