/**
 * Child process of heapPerRun.test.ts (run with --expose-gc and a young generation large enough that
 * no collection happens while measuring): heap allocated per W2 run of scenarios/lemaire-pth-10-years.yaml
 * (Lemaire 2004 with the PTH window as events, final state only, parameters varied per run), at the
 * rtol given, as the used-heap growth over a batch of runs between two forced collections.
 *
 *   node --import tsx --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 test/solve/heapProbe.ts RTOL [kernel|generic|odex]
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { prepareSimulation } from '../../src/simulate/simulate.ts';
import { dp5Integrator } from '../../src/solve/dp5.ts';
import { odexIntegrator } from '../../src/solve/odex.ts';
import type { Integrator } from '../../src/solve/types.ts';

const rtol = Number(process.argv[2] ?? '1e-6');
// 'kernel' (dp5 through the model's generated kernel, the default path) or 'generic' (src/solve/dp5.ts's own loop).
const path = process.argv[3] ?? 'kernel';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const { scenario, model } = loadScenario(fileURLToPath(new URL('../../scenarios/lemaire-pth-10-years.yaml', import.meta.url)));
const generic: Integrator = { name: 'dp5', solve: (problem, options, observer) => dp5Integrator.solve({ ...problem, generated: undefined }, options, observer) };
const prepared = prepareSimulation(scenario, model, { rtol, atol: 1e-12, integrator: path === 'generic' ? generic : path === 'odex' ? odexIntegrator : dp5Integrator });
const RUNS = 200;
// Each run its own parameters (as W2's samples), made before measuring.
const variations = Array.from({ length: RUNS }, (_, i) => ({ parameters: { k_B: 0.189 * (0.9 + 0.2 * (i / RUNS)), D_R: 7e-4 * (1.1 - 0.2 * (i / RUNS)) }, report: 'end' as const }));
let steps = 0;
const runAll = () => {
  steps = 0;
  for (const v of variations) steps += prepared.run(v).stats.steps;
};
// Warm: optimised code, workspaces made. On a loaded machine V8's optimising compiler (a background
// thread) can lag, and code not yet optimised boxes numbers: hence a long warm-up, and the least of three batches.
for (let k = 0; k < 15; k++) runAll();

const collections: number[] = [];
const observer = new PerformanceObserver((list) => collections.push(...list.getEntries().map((e) => e.startTime)));
observer.observe({ entryTypes: ['gc'] });
const measure = async () => {
  gc();
  const from = performance.now();
  const start = getHeapStatistics().used_heap_size;
  runAll();
  const end = getHeapStatistics().used_heap_size;
  const to = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { bytes: end - start, clean: !collections.some((t) => t >= from && t <= to) };
};
// Batches without a collection in between (one would hide what the batch allocated): the least of three.
let result = { bytes: Infinity, clean: false };
for (let attempt = 0, kept = 0; attempt < 10 && kept < 3; attempt++) {
  const batch = await measure();
  if (!batch.clean) continue;
  kept++;
  if (batch.bytes < result.bytes) result = batch;
}
observer.disconnect();
process.stdout.write(JSON.stringify({ path, rtol, runs: RUNS, steps_per_run: steps / RUNS, bytes_per_run: result.bytes / RUNS, clean: result.clean }) + '\n');
