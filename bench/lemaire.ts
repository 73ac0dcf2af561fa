/**
 * bonesim in the peer performance harness (shared/peers/perf): W1 (one run, daily output) and
 * W2 (the sampled ensemble, final states), timed like every peer: median of --repeats repeats
 * of the whole workload after an untimed warm-up, input reading and output writing excluded.
 *
 *   node out/bench/dist/lemaire.mjs --workload W1|W2 --data DIR --outdir DIR --repeats N --runs N [--report states|grid] [--api member|run]
 *
 * W1 reports what the contract asks for, the daily species trajectory (report 'states'); with
 * --report grid it times the full report of `bonesim run` instead: also the 7 observables at every
 * day and the scenario's 5 expectations (npm run bench shows it as info-bonesim-dp5-full-report).
 * W2 runs its members through runMember, as `bonesim ensemble` does; --api run times them through
 * run() and its result objects instead (info-bonesim-dp5-run-api), and W1 then writes nothing.
 */
import { join } from 'node:path';
import { jsonLine, parseHarnessArgs, readSamples, writeRows, type HarnessArgs, type WorkloadResult } from './harnessContract.ts';
import { finalState, prepareLemaireBench, toHarnessBV, type LemaireBench } from './lemaireWorkloads.ts';

const LANG = `TypeScript (Node ${process.versions.node}, V8 ${process.versions.v8})`;
/**
 * W1 runs before timing. V8 needs a few hundred runs of this workload before its optimised code
 * settles (measured: ~10 ms per run at first, ~1-5 ms around run 50, ~0.3 ms from run ~300);
 * the cold start is what the whole-process `bonesim run` time measures.
 */
const W1_WARMUP_RUNS = 500;

function runW1(args: HarnessArgs, bench: LemaireBench): { result: WorkloadResult; trajectory: Float64Array } {
  const [sample] = readSamples(join(args.data, 'baseline.csv'), 1);
  const variation = { parameters: bench.parametersOf(sample), initialState: bench.startOf(sample), report: args.report };
  const secondsRepeats: number[] = [];
  // Untimed warm-up: the C peers' compilation happens before they run, V8's during the first runs.
  let last = bench.prepared.run(variation);
  for (let k = 1; k < W1_WARMUP_RUNS; k++) last = bench.prepared.run(variation);
  for (let repeat = 0; repeat < args.repeats; repeat++) {
    const started = performance.now();
    last = bench.prepared.run(variation);
    secondsRepeats.push((performance.now() - started) / 1000);
  }
  // Daily values: the output grid of the scenario is every day from 0 to 3650, with a row before and
  // after each event (PTH on and off change a parameter, not the state: the two rows agree); one row per day.
  const rows: number[] = [];
  last.times.forEach((t, row) => {
    if (row === 0 || t !== last.times[row - 1]) rows.push(row);
  });
  const days = rows.length;
  if (days !== 3651 || last.times[rows[days - 1]] !== 3650) throw new Error(`expected daily output on 0..3650, got ${days} days ending at ${last.times[rows[days - 1]]}`);
  const trajectory = new Float64Array(4 * days);
  for (let d = 0; d < days; d++) finalState(last.series, rows[d], trajectory, 4 * d);
  const finalStateValues = trajectory.slice(4 * (days - 1));
  return {
    result: {
      runs: 1,
      secondsRepeats,
      rhsEvaluations: last.stats.rhsEvaluations,
      steps: last.stats.steps,
      rejectedSteps: last.stats.rejectedSteps,
      finalState: finalStateValues,
      method: `bonesim ${last.solver.method} (scenario event loop, ${last.stats.segments} segments, report '${args.report}')`,
      extra: { warmup_runs: W1_WARMUP_RUNS, columns: last.columns.length, expectations_checked: last.expectations.length, expectations_passed: last.expectations.every((e) => e.passed) },
    },
    trajectory,
  };
}

function runW2(args: HarnessArgs, bench: LemaireBench): { result: WorkloadResult; finals: Float64Array } {
  const samples = readSamples(join(args.data, 'samples.csv'), args.runs);
  const variations = samples.map((sample) => ({ parameters: bench.parametersOf(sample), initialState: bench.startOf(sample), report: 'end' as const }));
  const finals = new Float64Array(4 * samples.length);
  const secondsRepeats: number[] = [];
  let steps = 0;
  let rhsEvaluations = 0;
  let rejectedSteps = 0;
  for (let repeat = -1; repeat < args.repeats; repeat++) { // repeat -1: untimed warm-up pass over the ensemble
    steps = rhsEvaluations = rejectedSteps = 0;
    const started = performance.now();
    for (let i = 0; i < variations.length; i++) {
      const result = bench.prepared.run(variations[i]);
      finalState(result.series, 0, finals, 4 * i);
      steps += result.stats.steps;
      rhsEvaluations += result.stats.rhsEvaluations;
      rejectedSteps += result.stats.rejectedSteps;
    }
    if (repeat >= 0) secondsRepeats.push((performance.now() - started) / 1000);
  }
  return w2Result(finals, secondsRepeats, { steps, rhsEvaluations, rejectedSteps },
    `bonesim ${bench.prepared.integrator.name} (scenario event loop, final state only)`, { warmup_runs: samples.length });
}

/** A W2 record: the final states (4 per run, the harness's order), their mean, and how they were timed. */
function w2Result(finals: Float64Array, secondsRepeats: number[], counts: { steps: number; rhsEvaluations: number; rejectedSteps: number },
  method: string, extra: Record<string, unknown>): { result: WorkloadResult; finals: Float64Array } {
  const runs = finals.length / 4;
  const mean = new Float64Array(4);
  for (let i = 0; i < runs; i++) for (let k = 0; k < 4; k++) mean[k] += finals[4 * i + k] / runs;
  return { result: { runs, secondsRepeats, ...counts, finalState: finals.slice(0, 4), finalStateMean: mean, method, extra }, finals };
}

/**
 * W2 through the member API (PreparedSimulation.runMember, what `bonesim ensemble` runs): each member's
 * parameter vector, start state and final-state slots are Float64Arrays made before timing, and the run
 * writes its four final values into them instead of building a result object. The integration is the
 * same as run()'s (same steps, same values: checked against the untimed run() pass).
 */
function runW2Members(args: HarnessArgs, bench: LemaireBench): { result: WorkloadResult; finals: Float64Array } {
  const samples = readSamples(join(args.data, 'samples.csv'), args.runs);
  const { prepared } = bench;
  const { compiled } = prepared;
  const finals = new Float64Array(4 * samples.length);
  const columns = Int32Array.from(['R', 'B', 'C', 'BV'], (name) => prepared.columnIndex(name));
  const times = Float64Array.of(prepared.scenario.duration);
  const members = samples.map((sample, i) => {
    const parameters = new Float64Array(compiled.p0);
    for (const [name, value] of Object.entries(bench.parametersOf(sample))) parameters[compiled.parameterIndex(name)] = value;
    return { parameters, times, columns, values: finals.subarray(4 * i, 4 * i + 4), initialState: bench.startOf(sample) };
  });
  // Untimed: run() once per member, for the step counts and as the reference the member path must equal.
  let steps = 0;
  let rhsEvaluations = 0;
  let rejectedSteps = 0;
  const reference = new Float64Array(4 * samples.length);
  samples.forEach((sample, i) => {
    const result = prepared.run({ parameters: bench.parametersOf(sample), initialState: bench.startOf(sample), report: 'end' });
    finalState(result.series, 0, reference, 4 * i);
    steps += result.stats.steps;
    rhsEvaluations += result.stats.rhsEvaluations;
    rejectedSteps += result.stats.rejectedSteps;
  });
  const status = { state: 'ok' as const, kind: undefined, reason: undefined, time: undefined, steps: 0 } as Parameters<typeof prepared.runMember>[1];
  const secondsRepeats: number[] = [];
  for (let repeat = -1; repeat < args.repeats; repeat++) { // repeat -1: untimed warm-up pass over the ensemble
    const started = performance.now();
    for (let i = 0; i < members.length; i++) {
      prepared.runMember(members[i], status);
      if (status!.state !== 'ok') throw new Error(`W2 member ${i} ${status!.state}: ${status!.reason}`);
    }
    if (repeat >= 0) secondsRepeats.push((performance.now() - started) / 1000);
  }
  for (let i = 0; i < samples.length; i++) finals[4 * i + 3] = toHarnessBV(finals[4 * i + 3]);
  for (let k = 0; k < finals.length; k++) {
    if (finals[k] !== reference[k]) throw new Error(`W2 member path differs from run() at member ${Math.floor(k / 4)}: ${finals[k]} against ${reference[k]}`);
  }
  return w2Result(finals, secondsRepeats, { steps, rhsEvaluations, rejectedSteps },
    `bonesim ${prepared.integrator.name} (scenario event loop through runMember, final state only)`, { warmup_runs: samples.length, api: 'runMember' });
}

function main(argv: string[]): void {
  const args = parseHarnessArgs(argv, `bonesim-dp5`);
  const bench = prepareLemaireBench(args.rtol, args.atol);
  if (args.workload === 'W1' && args.api === 'member') {
    const { result, trajectory } = runW1(args, bench);
    process.stdout.write(jsonLine(args, result, LANG) + '\n');
    writeRows(args, 'W1_traj', 't,R,B,C,BV', trajectory, (row) => String(row));
  } else if (args.workload === 'W2' && args.report === 'states') {
    // W2 reports final states only: the full-report variant adds nothing there; W1 has one API (run()).
    const { result, finals } = args.api === 'run' ? runW2(args, bench) : runW2Members(args, bench);
    process.stdout.write(jsonLine(args, result, LANG) + '\n');
    writeRows(args, 'W2_final', 'id,R,B,C,BV', finals, (row) => String(row));
  }
}

main(process.argv.slice(2));
