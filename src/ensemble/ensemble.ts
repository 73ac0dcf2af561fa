import { inputError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { parseModel } from '../model/parseModel.ts';
import type { TimeUnit } from '../model/timeUnits.ts';
import { parseScenario } from '../simulate/parseScenario.ts';
import type { Scenario } from '../simulate/scenario.ts';
import type { MemberStatus } from '../simulate/member.ts';
import { prepareSimulation, type PreparedSimulation, type SimulationOptions } from '../simulate/simulate.ts';
import { outputGrid } from '../simulate/outputGrid.ts';
import type { EnsembleDesign } from './design.ts';
import { parseEnsembleDesign, resolveEnsembleDesign } from './loadDesign.ts';
import { memberMetrics, type MetricDefinition } from './memberMetrics.ts';
import { createSampler, type MemberSampler } from './sampling.ts';
import { createChunkResult, type ChunkResult, STATE_CODES } from './chunkResult.ts';

/** A file's name and text: what an ensemble is made from (read by the caller, hashed, sent to workers as they are). */
export interface SourceText {
  file: string;
  text: string;
}

/** The design, the scenario it names, that scenario's model, and the design's table of parameter sets if it has one. */
export interface EnsembleInputs {
  design: SourceText;
  scenario: SourceText;
  model: SourceText;
  table?: SourceText;
}

export interface EnsembleOptions {
  /** Output times of every member's trajectory (the scenario's grid thinned to about this many; milestones added). Default 200; 0 writes no trajectories. */
  points?: number;
  /** Species and observables to keep over time (default: all). */
  series?: readonly string[];
  /** Solver settings, as for simulate (default: the scenario's). */
  simulation?: SimulationOptions;
}

/**
 * What every member writes, the same for every chunk, thread and shard: plain data, kept in the
 * manifest, so an output folder says what its columns are.
 */
export interface EnsembleLayout {
  members: number;
  mode: EnsembleDesign['analysis']['mode'];
  /** The parameters members vary (the design's columns), in order. */
  parameters: string[];
  metrics: MetricDefinition[];
  /** Species and observables kept over time, their units, and the times (model time unit). */
  series: string[];
  units: string[];
  times: number[];
  timeUnit: TimeUnit;
  /** Whether the trajectories at `times` are written (population designs with points > 0). */
  trajectories: boolean;
  /** Population designs: members per grid point (member = grid point x this + population member). */
  populationSize: number;
  /** Labels of the table's rows, if the design's table has an id column. */
  labels?: string[];
}

/** An ensemble ready to run members by index: open one per worker thread. */
export interface Ensemble {
  design: EnsembleDesign;
  scenario: Scenario;
  model: Model;
  prepared: PreparedSimulation;
  layout: EnsembleLayout;
  /** Run members first .. first + count - 1 into a chunk result (reused when given; `progress` hears of each member done). Allocation-free per member beyond the runs themselves. */
  runChunk(first: number, count: number, into?: ChunkResult, progress?: (done: number) => void): ChunkResult;
}

export const DEFAULT_POINTS = 200;

/**
 * Open an ensemble from its files' texts: the model and scenario compiled once, the design resolved
 * against them, the output layout fixed. Portable: the caller reads the files (bonesim/node's
 * readEnsembleInputs does), so a worker thread or a web page can open the same ensemble.
 *
 * @example
 * ```ts
 * const ensemble = openEnsemble(readEnsembleInputs('ensembles/opg-knockout-sobol.yaml')); // bonesim/node reads the files
 * const chunk = ensemble.runChunk(0, 64);          // members 0..63
 * chunk.state;                                     // 0 ok, 1 stopped by a state event, 2 failed (chunk.reasons says why)
 * chunk.metrics;                                   // 64 x ensemble.layout.metrics.length, row-major
 * ```
 */
export function openEnsemble(inputs: EnsembleInputs, options: EnsembleOptions = {}): Ensemble {
  const model = parseModel(inputs.model.text, inputs.model.file);
  const { scenario } = parseScenario(inputs.scenario.text, inputs.scenario.file, () => model);
  const prepared = prepareSimulation(scenario, model, options.simulation);
  const compiled = prepared.compiled;
  const design = resolveEnsembleDesign(parseEnsembleDesign(inputs.design.text, inputs.design.file), {
    parameterNames: compiled.parameterNames,
    nominal: compiled.p0,
    readTable: (path) => {
      if (!inputs.table) throw new Error(`the table ${path} was not read`);
      return inputs.table.text;
    },
    fixed: model.invariants?.fixed,
    balancedBy: model.invariants?.balanced_by,
    scenarioSets: Object.keys(scenario.parameters),
    rtol: options.simulation?.rtol ?? scenario.solver.rtol,
  });
  const metrics = memberMetrics(model, scenario.duration);
  const points = options.points ?? DEFAULT_POINTS;
  if (!(Number.isInteger(points) && points >= 0 && points <= 100_000)) throw inputError(`points must be a whole number from 0 to 100000, got ${points}`, {}, 'e.g. --points 200');
  const allColumns = [...compiled.speciesNames, ...compiled.observableNames];
  const series = options.series ? [...options.series] : allColumns;
  for (const name of series) {
    if (prepared.columnIndex(name) < 0) throw inputError(`"${name}" is neither a species nor an observable of model ${model.id}`, { file: inputs.design.file }, `choose from ${allColumns.join(', ')}`);
  }
  const trajectories = design.analysis.mode === 'population' && points > 0;
  const times = memberTimes(scenario, points, metrics.times);
  const reads = [...new Set([...(trajectories ? series : []), ...metrics.reads])];
  const columns = Int32Array.from(reads, (name) => prepared.columnIndex(name));
  const position = (name: string) => reads.indexOf(name);
  const computeMetrics = metrics.bind(times, position);
  const layout: EnsembleLayout = {
    members: createSampler(design).count,
    mode: design.analysis.mode,
    parameters: design.columns.map((c) => c.name),
    metrics: metrics.definitions,
    series: trajectories ? series : [],
    units: trajectories ? series.map((name) => compiled.unitOf(name) ?? '1') : [],
    times: trajectories ? [...times] : [],
    timeUnit: model.timeUnit,
    trajectories,
    populationSize: design.populationSize,
    ...(design.table?.labels ? { labels: design.table.labels } : {}),
  };
  const sampler: MemberSampler = createSampler(design);
  const p = new Float64Array(compiled.parameterNames.length);
  const values = new Float64Array(columns.length * times.length);
  const start = new Float64Array(columns.length);
  const metricValues = new Float64Array(metrics.definitions.length);
  const member = { parameters: p, times, columns, values, start };
  const status: MemberStatus = { state: 'ok', kind: undefined, reason: undefined, time: undefined, steps: 0 };
  const parameterIndices = Int32Array.from(design.columns, (c) => c.index);
  const seriesCount = layout.series.length;
  const pointCount = layout.times.length;

  const runChunk = (first: number, count: number, into?: ChunkResult, progress?: (done: number) => void): ChunkResult => {
    if (!(Number.isInteger(first) && Number.isInteger(count) && first >= 0 && count >= 0 && first + count <= layout.members)) {
      throw new RangeError(`members ${first}..${first + count - 1} are outside 0..${layout.members - 1}`);
    }
    const chunk = into && into.capacity >= count ? into : createChunkResult(layout, count);
    chunk.first = first;
    chunk.count = count;
    chunk.reasons.clear();
    const M = metricValues.length;
    const P = parameterIndices.length;
    for (let j = 0; j < count; j++) {
      sampler.parameters(first + j, p);
      prepared.runMember(member, status);
      chunk.state[j] = STATE_CODES[status.state];
      chunk.time[j] = status.time ?? NaN;
      chunk.steps[j] = status.steps;
      if (status.state !== 'ok') chunk.reasons.set(j, status.state === 'failed' ? `${status.kind}: ${status.reason}` : `stopped: ${status.reason}`);
      for (let k = 0; k < P; k++) chunk.parameters[j * P + k] = p[parameterIndices[k]];
      if (status.state === 'failed') metricValues.fill(NaN);
      else computeMetrics(values, start, metricValues);
      chunk.metrics.set(metricValues, j * M);
      // The kept series are the first columns of the member's values: series-major, as percentile bands take them.
      if (seriesCount) chunk.trajectories.set(values.subarray(0, seriesCount * pointCount), j * seriesCount * pointCount);
      progress?.(j + 1);
    }
    return chunk;
  };
  return { design, scenario, model, prepared, layout, runChunk };
}

/** The scenario's output grid thinned to about `points` times, with the end and the milestones the metrics read. */
function memberTimes(scenario: Scenario, points: number, milestones: number[]): Float64Array {
  const { duration, outputEvery } = scenario;
  const steps = Math.floor(duration / outputEvery + 1e-9);
  const stride = points > 1 ? Math.max(1, Math.ceil(steps / (points - 1))) : Math.max(1, steps);
  return outputGrid(duration, stride * outputEvery, milestones);
}
