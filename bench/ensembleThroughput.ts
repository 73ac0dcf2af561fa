/**
 * W2 throughput on one thread and on worker threads (piscina), measured back to back in one
 * process on the same samples, warm, in windows of about a second: the parallel speed-up of an
 * ensemble on this machine once its workers run at speed (start-up and warm-up are the ensemble
 * bench's whole-command numbers).
 *
 *   node out/bench/dist/ensembleThroughput.mjs --data DIR --runs N --repeats N [--threads 2]
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { median, readSamples } from './harnessContract.ts';
import { runEnsemble } from './ensembleWorker.ts';
import { prepareLemaireBench } from './lemaireWorkloads.ts';

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const data = option('data', '.');
const runs = Number(option('runs', '2000'));
const repeats = Math.max(1, Number(option('repeats', '3')));
const threads = Number(option('threads', String(Math.min(2, availableParallelism()))));
const rtol = 1e-6;
const atol = 1e-12;

const samples = readSamples(`${data}/samples.csv`, runs);
const bench = prepareLemaireBench(rtol, atol);

// Each timed window runs the samples `passes` times, so that it lasts about WINDOW_SECONDS whatever RUNS is:
// a few hundred W2 runs take milliseconds, too short beside a worker's message round trip and timer.
const WINDOW_SECONDS = 1;
// One thread: the main thread, after warm-up passes (V8 optimises the generated kernels meanwhile).
let single = runEnsemble(bench, samples);
let started = performance.now();
single = runEnsemble(bench, samples);
const passes = Math.max(1, Math.ceil(WINDOW_SECONDS / ((performance.now() - started) / 1000)));
const runAll = () => {
  for (let pass = 0; pass < passes; pass++) single = runEnsemble(bench, samples);
};
runAll();
const singleSeconds: number[] = [];
for (let r = 0; r < repeats; r++) {
  started = performance.now();
  runAll();
  singleSeconds.push((performance.now() - started) / 1000);
}

// Worker threads: the ensemble cut into one slice per thread, each run `passes` times per window; a warm-up
// window first, so that every worker has optimised its kernels before timing (as a long ensemble would).
// The worker's bundle sits next to this program's bundle (out/bench/dist/).
const pool = new Piscina({ filename: new URL('./ensembleWorker.mjs', pathToFileURL(process.argv[1])).href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
const slices = Array.from({ length: threads }, (_, k) => samples.slice(Math.floor((k * samples.length) / threads), Math.floor(((k + 1) * samples.length) / threads)));
const runParallel = () => Promise.all(slices.map((slice) => pool.run({ rtol, atol, samples: slice, passes }) as Promise<Float64Array>));
await runParallel();
const parallelSeconds: number[] = [];
let parallel: Float64Array[] = [];
for (let r = 0; r < repeats; r++) {
  started = performance.now();
  parallel = await runParallel();
  parallelSeconds.push((performance.now() - started) / 1000);
}
await pool.destroy();

// Same numbers from every thread: the parallel run must reproduce the single-thread final states exactly.
const joined = new Float64Array(single.length);
let offset = 0;
for (const part of parallel) {
  joined.set(part, offset);
  offset += part.length;
}
const identical = joined.every((value, i) => Object.is(value, single[i]));
const singleRate = (passes * runs) / median(singleSeconds);
const parallelRate = (passes * runs) / median(parallelSeconds);
process.stdout.write(JSON.stringify({
  runs,
  passes,
  repeats,
  threads,
  single_runs_per_sec: singleRate,
  parallel_runs_per_sec: parallelRate,
  speedup: parallelRate / singleRate,
  identical_final_states: identical,
  single_seconds_repeats: singleSeconds,
  parallel_seconds_repeats: parallelSeconds,
}) + '\n');
