import type { ScenarioMetrics } from './metrics.ts';

/**
 * Metrics flattened into named rows (one value per scenario), the single definition the
 * HTML table, the terminal summary and the CSV all read, so they never disagree.
 */
export type MetricKind =
  /** A change in % (bone volume change, trend). */
  | 'percent'
  /** A ratio to the healthy reference (1 = unchanged). */
  | 'fold'
  /** A time in the comparison's time unit. */
  | 'time'
  /** A value in the row's unit. */
  | 'value'
  | 'yes/no';

export interface MetricRow {
  key: string;
  group: string;
  label: string;
  kind: MetricKind;
  /** The unit of the values (for 'time' rows, the comparison's time unit). */
  unit: string;
  values: (number | undefined)[];
  /** When the value occurs (peaks, troughs), per scenario, in the comparison's time unit. */
  times?: (number | undefined)[];
  /** A short note on how the value is defined, for table headers and tooltips. */
  note?: string;
}

/**
 * The metrics of several runs as table rows (one value per run), in the report's order and groups.
 *
 * @example
 * ```ts
 * const rows = metricRows(comparison.runs.map((run) => runMetrics(run, comparison.timeUnit)));
 * rows.find((r) => r.key === 'bv_change_10y')?.values; // one value per run
 * ```
 */
export function metricRows(metrics: readonly ScenarioMetrics[]): MetricRow[] {
  if (!metrics.length) return [];
  const timeUnit = metrics[0].timeUnit;
  const rows: MetricRow[] = [];
  const row = (r: Omit<MetricRow, 'values' | 'times'>, value: (m: ScenarioMetrics) => number | undefined, time?: (m: ScenarioMetrics) => number | undefined) => {
    const values = metrics.map(value);
    if (values.every((v) => v === undefined)) return;
    rows.push({ ...r, values, times: time ? metrics.map(time) : undefined });
  };

  const bone = 'Bone volume';
  const changeLabels = [...new Set(metrics.flatMap((m) => m.boneVolume?.changes.map((c) => c.label) ?? []))];
  for (const label of changeLabels) {
    row({ key: `bv_change_${label.replace(/\s+years?/, 'y')}`, group: bone, label: label === 'end' ? 'change at the end of the run' : `change at ${label}`, kind: 'percent', unit: '%',
      note: '100 \u00d7 (BV(t) / BV(0) \u2212 1)' },
    (m) => m.boneVolume?.changes.find((c) => c.label === label)?.changePercent,
    // Milestones say their time in the label; the end of the run gets its own.
    label === 'end' ? (m) => m.boneVolume?.changes.find((c) => c.label === label)?.time : undefined);
  }
  row({ key: 'bv_half_effect_time', group: bone, label: 'time to half of the final change', kind: 'time', unit: timeUnit,
    note: 'first time |BV(t) \u2212 BV(0)| reaches half of |BV(end) \u2212 BV(0)|' }, (m) => m.boneVolume?.halfEffectTime);
  row({ key: 'bv_end_trend', group: bone, label: 'trend at the end', kind: 'percent', unit: '%/year', note: 'over the last year (or tenth) of the run' },
    (m) => m.boneVolume?.endRatePercentPerYear);

  const populations = [...new Map(metrics.flatMap((m) => m.populations.map((p) => [p.role, p.title] as const))).entries()];
  for (const [role, title] of populations) {
    const find = (m: ScenarioMetrics) => m.populations.find((p) => p.role === role);
    // A population absent from the healthy reference (a tumour) has no fold change: show its size.
    const absent = metrics.every((m) => !(Math.abs(find(m)?.reference ?? 0) > 0));
    const declared = metrics.map(find).find((p) => p)?.unit ?? '';
    const unit = declared === '1' ? '' : declared;
    const fold = absent ? { kind: 'value' as const, unit, note: 'absent from the healthy reference, so in its own unit' }
      : { kind: 'fold' as const, unit: '\u00d7 baseline', note: 'relative to the healthy reference' };
    // A peak only where the population rose, a trough only where it fell (a knockout has no peak).
    const moved = (e: { time?: number; value: number; fold: number } | undefined) => (e?.time === undefined ? undefined : absent ? e.value : e.fold);
    row({ key: `${role}_peak`, group: title, label: 'peak', ...fold, note: 'the highest value, and when it came within 1 % of its rise of it' }, (m) => moved(find(m)?.peak), (m) => find(m)?.peak.time);
    row({ key: `${role}_trough`, group: title, label: 'trough', ...fold, note: 'the lowest value, and when it came within 1 % of its fall of it' }, (m) => moved(find(m)?.trough), (m) => find(m)?.trough.time);
    row({ key: `${role}_end`, group: title, label: 'at the end', ...fold }, (m) => (absent ? find(m)?.end.value : find(m)?.end.fold));
    row({ key: `${role}_half_effect_time`, group: title, label: 'time to half of the final change', kind: 'time', unit: timeUnit }, (m) => find(m)?.halfEffectTime);
  }

  const steady = 'New steady state';
  // One measure, two readings that cannot contradict each other: settled within 1 % of the final
  // values from some time on, and how much is still changing over the last stretch.
  row({ key: 'steady_state_settled_at', group: steady, label: 'settled within 1 % from', kind: 'time', unit: timeUnit,
    note: 'after this time every cell population and signal stays within 1 % of its final value' }, (m) => m.steadyState.settledAt);
  row({ key: 'steady_state_recent_change', group: steady, label: 'still changing at the end by', kind: 'percent', unit: '%',
    note: 'the largest change of a cell population or signal over the last year (or tenth) of the run; below 0.1 % counts as a steady state' },
  (m) => 100 * m.steadyState.recentChange);

  const turnover = 'Turnover at the end';
  row({ key: 'formation_end', group: turnover, label: 'formation rate', kind: 'value', unit: unitOf(metrics, (m) => m.turnover.formation?.unit) }, (m) => m.turnover.formation?.end);
  row({ key: 'resorption_end', group: turnover, label: 'resorption rate', kind: 'value', unit: unitOf(metrics, (m) => m.turnover.resorption?.unit) }, (m) => m.turnover.resorption?.end);
  row({ key: 'balance_end', group: turnover, label: 'formation / resorption', kind: 'fold', unit: 'ratio', note: '1 when formation balances resorption' }, (m) => m.turnover.balance?.end);

  const markers = 'Biomarker proxies';
  const note = 'relative to the healthy reference at the same time';
  row({ key: 'ctx_end', group: markers, label: 'CTX (resorption) at the end', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.ctx?.end);
  row({ key: 'ctx_peak', group: markers, label: 'CTX peak', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.ctx?.peak.value, (m) => m.biomarkers.ctx?.peak.time);
  row({ key: 'ctx_trough', group: markers, label: 'CTX trough', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.ctx?.trough.value, (m) => m.biomarkers.ctx?.trough.time);
  row({ key: 'p1np_end', group: markers, label: 'P1NP (formation) at the end', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.p1np?.end);
  row({ key: 'p1np_peak', group: markers, label: 'P1NP peak', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.p1np?.peak.value, (m) => m.biomarkers.p1np?.peak.time);
  row({ key: 'p1np_trough', group: markers, label: 'P1NP trough', kind: 'fold', unit: '\u00d7 baseline', note }, (m) => m.biomarkers.p1np?.trough.value, (m) => m.biomarkers.p1np?.trough.time);
  return rows;
}

function unitOf(metrics: readonly ScenarioMetrics[], unit: (m: ScenarioMetrics) => string | undefined): string {
  return [...new Set(metrics.map(unit).filter((u): u is string => u !== undefined))].join(' | ');
}
