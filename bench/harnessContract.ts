/**
 * The command-line and file contract of the peer performance harness (shared/peers/perf/README.md):
 * arguments, the shared CSV inputs, the JSON line every implementation prints, and the CSV
 * outputs the agreement check reads (17 significant digits).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HarnessArgs {
  workload: 'W1' | 'W2';
  data: string;
  outdir?: string;
  repeats: number;
  runs: number;
  rtol: number;
  atol: number;
  impl: string;
  /** bonesim's own option: what a W1 run reports (see RunVariation.report). */
  report: 'states' | 'grid';
  /** bonesim's own option: W2 through the member API (runMember, the ensemble engine's) or through run() and its result objects. */
  api: 'member' | 'run';
}

export function parseHarnessArgs(argv: string[], defaultImpl: string): HarnessArgs {
  const args: HarnessArgs = { workload: 'W1', data: '.', repeats: 5, runs: 2000, rtol: 1e-6, atol: 1e-12, impl: defaultImpl, report: 'states', api: 'member' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    switch (key) {
      case '--workload':
        if (value !== 'W1' && value !== 'W2') throw new Error(`--workload must be W1 or W2, got ${value}`);
        args.workload = value;
        break;
      case '--data': args.data = value; break;
      case '--outdir': args.outdir = value; break;
      case '--repeats': args.repeats = Math.max(1, Number.parseInt(value, 10)); break;
      case '--runs': args.runs = Number.parseInt(value, 10); break;
      case '--rtol': args.rtol = Number(value); break;
      case '--atol': args.atol = Number(value); break;
      case '--impl': args.impl = value; break;
      case '--report':
        if (value !== 'states' && value !== 'grid') throw new Error(`--report must be states or grid, got ${value}`);
        args.report = value;
        break;
      case '--api':
        if (value !== 'member' && value !== 'run') throw new Error(`--api must be member or run, got ${value}`);
        args.api = value;
        break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  return args;
}

/** One row of baseline.csv / samples.csv: factors for DR, DB, DC, kB, DA, KLP and the start state R, B, C, BV. */
export interface Sample {
  factors: Float64Array;
  start: Float64Array;
}

export function readSamples(file: string, limit: number): Sample[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const rows = limit > 0 ? lines.slice(0, limit) : lines;
  return rows.map((line) => {
    const values = line.split(',').slice(1).map(Number);
    if (values.length !== 10 || values.some((v) => !Number.isFinite(v))) throw new Error(`bad row in ${file}: ${line}`);
    return { factors: Float64Array.from(values.slice(0, 6)), start: Float64Array.from(values.slice(6)) };
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
}

export interface WorkloadResult {
  runs: number;
  secondsRepeats: number[];
  rhsEvaluations: number;
  steps: number;
  rejectedSteps: number;
  finalState: ArrayLike<number>;
  finalStateMean?: ArrayLike<number>;
  method: string;
  extra?: Record<string, unknown>;
}

/** The JSON line of the contract (plus extra fields, which the agreement check ignores). */
export function jsonLine(args: HarnessArgs, result: WorkloadResult, lang: string): string {
  const seconds = median(result.secondsRepeats);
  return JSON.stringify({
    impl: args.impl,
    workload: args.workload,
    runs: result.runs,
    seconds_total: seconds,
    seconds_per_run: seconds / result.runs,
    runs_per_sec: result.runs / seconds,
    rhs_evals: result.rhsEvaluations,
    steps: result.steps,
    rejected_steps: result.rejectedSteps,
    rhs_evals_per_run: result.rhsEvaluations / result.runs,
    steps_per_run: result.steps / result.runs,
    final_state: Array.from(result.finalState),
    ...(result.finalStateMean ? { final_state_mean: Array.from(result.finalStateMean) } : {}),
    repeats: result.secondsRepeats.length,
    seconds_repeats: result.secondsRepeats,
    method: result.method,
    rtol: args.rtol,
    atol: args.atol,
    lang,
    ...result.extra,
  });
}

/** 17 significant digits, as C's %.17g. */
const g17 = (x: number) => x.toPrecision(17).replace(/\.?0+(e|$)/, '$1');

/** rows: a flat array of 4 values per row. */
export function writeRows(args: HarnessArgs, suffix: 'W1_traj' | 'W2_final', header: string, rows: Float64Array, ids: (row: number) => string): void {
  if (!args.outdir) return;
  const lines = [header];
  for (let r = 0; r < rows.length / 4; r++) {
    lines.push(`${ids(r)},${g17(rows[4 * r])},${g17(rows[4 * r + 1])},${g17(rows[4 * r + 2])},${g17(rows[4 * r + 3])}`);
  }
  writeFileSync(join(args.outdir, `${args.impl}_${suffix}.csv`), lines.join('\n') + '\n');
}
