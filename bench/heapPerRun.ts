/**
 * Heap allocated per W2 run, from V8's sampling heap profiler counting every allocation, also the
 * objects already collected (the used-heap difference of getHeapStatistics() would count more than
 * was allocated: it moves with V8's own bookkeeping). After a warm-up, over a batch of runs.
 * Reports bytes per run and per accepted step, and the largest allocating functions.
 *
 *   node out/bench/dist/heapPerRun.mjs --data DIR
 */
import { Session } from 'node:inspector/promises';
import { readSamples } from './harnessContract.ts';
import { finalState, prepareLemaireBench } from './lemaireWorkloads.ts';

interface ProfileNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: ProfileNode[];
}

const at = process.argv.indexOf('--data');
const data = at >= 0 ? process.argv[at + 1] : '.';
const RUNS = 1000;

const samples = readSamples(`${data}/samples.csv`, RUNS);
const bench = prepareLemaireBench(1e-6, 1e-12);
const variations = samples.map((s) => ({ parameters: bench.parametersOf(s), initialState: bench.startOf(s), report: 'end' as const }));
const finals = new Float64Array(4 * samples.length);
const runAll = () => {
  let steps = 0;
  for (let i = 0; i < variations.length; i++) {
    const result = bench.prepared.run(variations[i]);
    finalState(result.series, 0, finals, 4 * i);
    steps += result.stats.steps;
  }
  return steps;
};
for (let k = 0; k < 3; k++) runAll(); // warm-up: compiled and optimised

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const steps = runAll();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
session.disconnect();

let total = 0;
const byFunction = new Map<string, number>();
const visit = (node: ProfileNode) => {
  total += node.selfSize;
  const name = node.callFrame.functionName || '(anonymous)';
  byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
  node.children.forEach(visit);
};
visit(profile.head);
const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, bytes]) => ({ name, bytes_per_run: Math.round(bytes / RUNS) }));
process.stdout.write(JSON.stringify({
  runs: RUNS,
  bytes_per_run: total / RUNS,
  bytes_per_step: total / steps,
  steps_per_run: steps / RUNS,
  top,
}) + '\n');
