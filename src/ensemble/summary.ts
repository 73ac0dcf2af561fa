import { STATE_CODES } from './chunkResult.ts';
import type { EnsembleDesign } from './design.ts';
import type { EnsembleLayout } from './ensemble.ts';
import { localCoefficients, type LocalSensitivity } from './localSensitivity.ts';
import type { MetricDefinition } from './memberMetrics.ts';
import { addMetric, createMetricSummary, metricDistribution, type MetricDistribution, type MetricSummary } from './metricSummary.ts';
import { morrisEffects, type MorrisEffects } from './morris.ts';
import { addMember, bandValues, createPercentileBands, DEFAULT_PERCENTILES, exactCapacityFor, type PercentileBands } from './percentileBands.ts';
import { sobolIndices, type SobolIndices } from './sobolIndices.ts';

/**
 * Everything an ensemble's outputs say in summary, as plain data: counts and failures, the
 * distribution of every metric, percentile bands over time (population designs), the sweep's grid
 * table, and the analysis (Sobol, Morris or local coefficients, for every metric). Built by feeding
 * the parts in member order (SummaryBuilder), so the numbers are the same however the work was split.
 */
export interface EnsembleSummary {
  members: number;
  ok: number;
  stopped: number;
  failed: number;
  /** Reasons members failed or stopped, most frequent first (at most 50 distinct). */
  reasons: Array<{ reason: string; count: number }>;
  /** The first failed members (at most 100), for a look at one. */
  failedMembers: Array<{ member: number; reason: string; time?: number }>;
  percentiles: number[];
  metrics: Array<{ metric: MetricDefinition; distribution: MetricDistribution }>;
  bands?: {
    times: number[];
    series: Array<{ name: string; unit: string; percentiles: Array<{ percentile: number; values: Float64Array }> }>;
    exact: boolean;
  };
  /** Population designs with a grid: per grid point, the axis values and each metric's median (and 5th and 95th percentiles). */
  grid?: {
    axes: Array<{ name: string; values: number[] }>;
    points: Array<{ point: number; values: number[]; metrics: Array<{ median: number; low: number; high: number; count: number }> }>;
  };
  sobol?: Array<{ metric: MetricDefinition; indices: SobolIndices }>;
  morris?: Array<{ metric: MetricDefinition; effects: MorrisEffects }>;
  local?: Array<{ metric: MetricDefinition; sensitivity: LocalSensitivity }>;
}

/** One part's columns, decoded: rows are members first .. first + count - 1. */
export interface PartColumns {
  first: number;
  count: number;
  state: Uint8Array;
  reasons: ReadonlyArray<string | null>;
  time: Float64Array;
  /** One array per metric (layout order), NaN where missing. */
  metrics: Float64Array[];
  /** One array per kept series (layout order), rows member-major then time; NaN where missing. */
  trajectories?: Float64Array[];
}

export interface SummaryBuilder {
  /** Add the next part (parts must come in member order). */
  add(part: PartColumns): void;
  /**
   * Every metric's values in member order (NaN where a member failed), once every member has been added:
   * what the analysis reads. Empty for population designs (they keep no per-member arrays).
   */
  metricOutputs(): Float64Array[];
  /**
   * The summary, once every member has been added (the analysis runs here). `sobol`: the indices of
   * every metric computed elsewhere from metricOutputs() (on worker threads: bonesim/node's
   * sobolOnThreads), the same numbers as computed here.
   */
  finish(precomputed?: { sobol?: readonly SobolIndices[] }): EnsembleSummary;
}

/** Most grid points the sweep table keeps per-point metric summaries for. */
const MAX_GRID_TABLE = 10_000;

/**
 * Start a summary. `memoryBytes` bounds the exact values the percentile bands keep (beyond it they
 * become t-digests, rank error under 2e-4).
 *
 * @example
 * ```ts
 * const builder = summaryBuilder(ensemble.design, ensemble.layout);
 * for (const part of parts) builder.add(part);   // decoded part files, in member order
 * const summary = builder.finish();              // summary.sobol?.[0].indices.total ...
 * ```
 */
export function summaryBuilder(design: EnsembleDesign, layout: EnsembleLayout, memoryBytes = 128 * 2 ** 20): SummaryBuilder {
  const N = layout.members;
  const percentiles = design.analysis.mode === 'population' ? design.analysis.percentiles : DEFAULT_PERCENTILES;
  const M = layout.metrics.length;
  const exact = Math.max(16, Math.min(N, 100_000));
  const summaries: MetricSummary[] = layout.metrics.map(() => createMetricSummary(exact));
  const keepAll = design.analysis.mode !== 'population';
  const full = keepAll ? layout.metrics.map(() => new Float64Array(N).fill(NaN)) : [];
  const S = layout.series.length;
  const T = layout.times.length;
  let bands: PercentileBands | undefined;
  if (layout.trajectories && S && T) {
    const cells = S * T;
    bands = createPercentileBands({ series: S, points: T, percentiles, exactCapacity: Math.max(16, Math.min(N, exactCapacityFor(cells, memoryBytes))) });
  }
  const member = new Float64Array(S * T);
  const gridPoints = design.grid.reduce((n, axis) => n * axis.values.length, 1);
  const gridTable = design.grid.length && gridPoints <= MAX_GRID_TABLE
    ? Array.from({ length: gridPoints }, () => layout.metrics.map(() => createMetricSummary(Math.max(16, Math.min(design.populationSize, 10_000)))))
    : undefined;
  const counts = { ok: 0, stopped: 0, failed: 0 };
  const reasons = new Map<string, number>();
  const failedMembers: EnsembleSummary['failedMembers'] = [];
  let next = 0;

  return {
    add(part) {
      if (part.first !== next) throw new RangeError(`parts must come in member order: expected member ${next}, got ${part.first}`);
      next += part.count;
      for (let j = 0; j < part.count; j++) {
        const i = part.first + j;
        const state = part.state[j];
        if (state === STATE_CODES.ok) counts.ok++;
        else {
          if (state === STATE_CODES.failed) counts.failed++;
          else counts.stopped++;
          const reason = part.reasons[j] ?? '(no reason given)';
          // Grouped without the time of each failure (it has its own column).
          const key = reason.replace(/\bt = [-+0-9.e]+(?: [a-z]+)?/g, 't = …').replace(/^(input: [\w.]+) = [-+0-9.e]+/, '$1 = …');
          if (reasons.has(key) || reasons.size < 1000) reasons.set(key, (reasons.get(key) ?? 0) + 1);
          if (state === STATE_CODES.failed && failedMembers.length < 100) {
            failedMembers.push({ member: i, reason, ...(Number.isNaN(part.time[j]) ? {} : { time: part.time[j] }) });
          }
        }
        for (let m = 0; m < M; m++) {
          const v = part.metrics[m][j];
          addMetric(summaries[m], v);
          if (keepAll) full[m][i] = v;
          if (gridTable) addMetric(gridTable[Math.floor(i / design.populationSize)][m], v);
        }
        if (bands && part.trajectories && state !== STATE_CODES.failed) {
          for (let s = 0; s < S; s++) member.set(part.trajectories[s].subarray(j * T, (j + 1) * T), s * T);
          addMember(bands, member);
        }
      }
    },
    metricOutputs() {
      if (next !== N) throw new RangeError(`the summary has ${next} of ${N} members`);
      return full;
    },
    finish(precomputed) {
      if (next !== N) throw new RangeError(`the summary has ${next} of ${N} members`);
      const metrics = layout.metrics.map((metric, m) => ({ metric, distribution: metricDistribution(summaries[m], percentiles) }));
      const summary: EnsembleSummary = {
        members: N,
        ...counts,
        reasons: [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 50).map(([reason, count]) => ({ reason, count })),
        failedMembers,
        percentiles: [...percentiles],
        metrics,
      };
      if (bands) {
        const values = bandValues(bands);
        summary.bands = {
          times: layout.times,
          series: layout.series.map((name, s) => ({
            name, unit: layout.units[s],
            percentiles: values.percentiles.map((percentile, k) => ({ percentile, values: values.values[k].slice(s * T, (s + 1) * T) })),
          })),
          exact: values.exact,
        };
      }
      if (gridTable) {
        const axes = design.grid.map((axis) => ({ name: axis.name, values: [...axis.values] }));
        summary.grid = {
          axes,
          points: gridTable.map((cells, point) => {
            // Point g's axis values: the last axis varies fastest (sampling.ts).
            const values: number[] = new Array(axes.length);
            let g = point;
            for (let a = axes.length - 1; a >= 0; a--) {
              const n = axes[a].values.length;
              values[a] = axes[a].values[g % n];
              g = Math.floor(g / n);
            }
            return {
              point, values,
              metrics: cells.map((cell) => {
                const d = metricDistribution(cell, [5, 50, 95]);
                return { median: d.percentiles[1].value, low: d.percentiles[0].value, high: d.percentiles[2].value, count: d.count };
              }),
            };
          }),
        };
      }
      const analysis = design.analysis;
      if (analysis.mode === 'sobol') summary.sobol = layout.metrics.map((metric, m) => ({ metric, indices: precomputed?.sobol?.[m] ?? sobolIndices(design, full[m]) }));
      if (analysis.mode === 'morris') summary.morris = layout.metrics.map((metric, m) => ({ metric, effects: morrisEffects(design, full[m]) }));
      if (analysis.mode === 'local') summary.local = layout.metrics.map((metric, m) => ({ metric, sensitivity: localCoefficients(design, full[m]) }));
      return summary;
    },
  };
}
