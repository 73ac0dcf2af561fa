import type { Comparison } from '../analysis/compare.ts';
import type { MetricRow } from '../analysis/metricRows.ts';
import type { ScenarioMetrics } from '../analysis/metrics.ts';

/** The comparison's metrics as JSON: what was compared, the reference of each run, every metric. */
/** `versions`: of bonesim and the libraries that shape its numbers (src/node/versions.ts in Node). */
export function metricsToJson(comparison: Comparison, metrics: readonly ScenarioMetrics[], rows: readonly MetricRow[], versions: Readonly<Record<string, string>>): string {
  const document = {
    format: 'bonesim-metrics/1',
    timeUnit: comparison.timeUnit,
    versions,
    runs: comparison.runs.map((run) => ({
      key: run.key,
      scenario: run.result.scenario.id,
      title: run.result.scenario.title,
      file: run.result.scenario.file,
      model: run.result.model.id,
      isBaseline: run.isBaseline,
      reference: run.reference.scenario.id,
      expectationsPassed: run.result.expectations.every((e) => e.passed),
    })),
    quantities: comparison.quantities.map((q) => ({ key: q.key, role: q.role, title: q.title, unit: q.unit, columns: q.columns })),
    metrics,
    table: rows.map((r) => ({ key: r.key, group: r.group, label: r.label, unit: r.unit, values: r.values, times: r.times })),
  };
  return JSON.stringify(document, (_, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 1) + '\n';
}
