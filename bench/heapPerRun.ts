/**
 * Heap allocated per W2 run (V8 heap statistics): after a warm-up, the growth of the used heap
 * over a batch of runs with no garbage collection in between (run with --expose-gc and a young
 * generation large enough for the batch; a batch during which a collection happened is retried
 * smaller). Reports bytes per run and per accepted step.
 *
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 out/bench/dist/heapPerRun.mjs --data DIR
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { readSamples } from './harnessContract.ts';
import { finalState, prepareLemaireBench } from './lemaireWorkloads.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const at = process.argv.indexOf('--data');
const data = at >= 0 ? process.argv[at + 1] : '.';

const samples = readSamples(`${data}/samples.csv`, 2000);
const bench = prepareLemaireBench(1e-6, 1e-12);
const variations = samples.map((s) => ({ parameters: bench.parametersOf(s), initialState: bench.startOf(s), report: 'end' as const }));
const finals = new Float64Array(4 * samples.length);
const runBatch = (count: number) => {
  let steps = 0;
  for (let i = 0; i < count; i++) {
    const result = bench.prepared.run(variations[i % variations.length]);
    finalState(result.series, 0, finals, 4 * (i % variations.length));
    steps += result.stats.steps;
  }
  return steps;
};
for (let k = 0; k < 3; k++) runBatch(variations.length); // warm-up: compiled and optimised

let count = 1000;
for (;;) {
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  const steps = runBatch(count);
  const after = getHeapStatistics().used_heap_size;
  const collections = profiler.stop()?.statistics.length ?? 0;
  if (collections === 0 || count <= 10) {
    process.stdout.write(JSON.stringify({
      runs: count,
      bytes_per_run: (after - before) / count,
      bytes_per_step: (after - before) / steps,
      steps_per_run: steps / count,
      clean: collections === 0,
    }) + '\n');
    break;
  }
  count = Math.floor(count / 2);
}
