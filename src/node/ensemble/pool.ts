import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { openEnsemble, type EnsembleInputs, type EnsembleOptions } from '../../ensemble/ensemble.ts';
import { saltelliIndices } from '../../ensemble/sobolIndices.ts';
import type { ChunkResult } from '../../ensemble/chunkResult.ts';
import { epochMilliseconds, runChunkTask, type ChunkDone, type ChunkTask } from './chunkTask.ts';
import type { SobolIndices, SaltelliOptions } from '../../ensemble/sobolIndices.ts';
import type { SobolSetup, WorkerSetup } from './worker.ts';

export type { ChunkDone, ChunkTask } from './chunkTask.ts';
export type { ChunkFiles } from './parquetParts.ts';

export interface EnsemblePoolOptions {
  inputs: EnsembleInputs;
  options?: EnsembleOptions;
  /** The design's hash, written into every part (see designHash). */
  design: string;
  /** Worker threads (default: all cores); 0 runs the chunks on this thread. */
  threads?: number;
  /**
   * The worker threads' script (default: the bundle beside the CLI's, the compiled library's, or the
   * TypeScript sources through tsx's loader). A program bundled on its own (the bench) names the CLI's
   * bundled worker here, so that its threads do not load bonesim from the sources.
   */
  workerScript?: string;
}

export interface ChunkHandlers {
  /** A chunk is done: its part files are ready to write. Called on the main thread, one at a time. */
  chunk(done: ChunkDone): void;
  /** Members finished since the last call (for a progress bar). */
  progress?(members: number): void;
  /** A worker thread is ready: loaded, the ensemble opened (times as in ChunkDone, milliseconds since the epoch). */
  ready?(info: WorkerReady): void;
}

/** A worker thread's start-up: created (on the main thread), bonesim loaded and the ensemble opened (on the worker). */
export interface WorkerReady {
  worker: number;
  createdAt: number;
  /** When the worker began opening the ensemble: its script loaded. */
  openedAt: number;
  readyAt: number;
  /** The worker thread's CPU milliseconds by then (NaN where unknown). */
  cpuMilliseconds: number;
}

/**
 * Every core the process may use (the default number of worker threads).
 *
 * @example
 * ```ts
 * defaultThreads(); // 2 on a 2-core machine
 * ```
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Run chunks of an ensemble on worker threads: each thread opens the ensemble once, then takes the
 * next chunk whenever it is free (dynamic hand-out: a slow chunk never holds up the others). Results
 * are the same bytes whatever the number of threads. Resolves 'done', or 'stopped' when the signal
 * aborts (chunks in flight are dropped: their members run again on a resume).
 *
 * @example
 * ```ts
 * const inputs = readEnsembleInputs('ensembles/opg-knockout-sobol.yaml');
 * const tasks = [{ chunk: 0, first: 0, count: 256 }, { chunk: 1, first: 256, count: 256 }];
 * await runChunks(tasks, { inputs, design: 'my-run', threads: 2 }, { chunk: (done) => console.log(done.chunk, done.failed) });
 * ```
 */
export async function runChunks(tasks: readonly ChunkTask[], pool: EnsemblePoolOptions, handlers: ChunkHandlers, signal?: AbortSignal): Promise<'done' | 'stopped'> {
  const threads = Math.min(pool.threads ?? defaultThreads(), tasks.length);
  if (!tasks.length) return 'done';
  if (threads <= 0) return runHere(tasks, pool, handlers, signal);
  const queue = [...tasks];
  const script = pool.workerScript ? { file: pool.workerScript } : workerScript();
  const setup: Omit<WorkerSetup, 'worker'> = { bonesimEnsemble: true, inputs: pool.inputs, options: pool.options ?? {}, design: pool.design };
  const workers: Worker[] = [];
  return new Promise<'done' | 'stopped'>((resolve, reject) => {
    let finished = false;
    let running = 0;
    const finish = (outcome: 'done' | 'stopped' | Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      Promise.all(workers.map((w) => w.terminate())).finally(() => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
    };
    const onAbort = () => finish('stopped');
    if (signal?.aborted) return finish('stopped');
    signal?.addEventListener('abort', onAbort);
    const next = (worker: Worker) => {
      const task = queue.shift();
      if (!task) {
        if (running === 0) finish('done');
        return;
      }
      running++;
      worker.postMessage(task);
    };
    for (let k = 0; k < threads; k++) {
      const workerData: WorkerSetup = { ...setup, worker: k };
      const createdAt = epochMilliseconds();
      const worker = script.source
        ? new Worker(script.source, { eval: true, workerData })
        : new Worker(script.file!, { workerData });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (finished) return;
        if (message.type === 'ready') {
          try {
            handlers.ready?.({ worker: k, createdAt, openedAt: message.openedAt, readyAt: message.readyAt, cpuMilliseconds: message.cpuMilliseconds });
          } catch (error) {
            finish(error as Error);
            return;
          }
          next(worker);
        }
        else if (message.type === 'progress') handlers.progress?.(message.members);
        else if (message.type === 'done') {
          running--;
          const done = message.done;
          done.files.members = new Uint8Array(done.files.members.buffer, done.files.members.byteOffset, done.files.members.byteLength);
          try {
            handlers.progress?.(message.members);
            handlers.chunk(done);
          } catch (error) {
            finish(error as Error);
            return;
          }
          next(worker);
        } else if (message.type === 'error') {
          const error = new Error(`an ensemble worker failed: ${message.message}`);
          error.stack = message.stack;
          finish(error);
        }
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!finished && code !== 0) finish(new Error(`an ensemble worker stopped (exit code ${code})`));
      });
    }
  });
}

/**
 * Sobol indices of several metrics (each one's outputs in member order) on worker threads, one metric
 * at a time to whichever thread is free: the summary's bootstrap (d^2 / 2 products per base row and
 * replicate) is the serial end of a Sobol run otherwise. The same numbers as saltelliIndices here.
 *
 * @example
 * ```ts
 * const builder = summaryBuilder(ensemble.design, ensemble.layout);   // parts added ...
 * const sobol = await sobolOnThreads(builder.metricOutputs(), saltelliOptions(ensemble.design), 2);
 * const summary = builder.finish({ sobol });
 * ```
 */
export async function sobolOnThreads(outputs: readonly Float64Array[], options: SaltelliOptions, threads: number, workerScriptFile?: string): Promise<SobolIndices[]> {
  const results: SobolIndices[] = new Array(outputs.length);
  const count = Math.min(threads, outputs.length);
  if (count <= 0) return outputs.map((o) => saltelliIndices(o, options));
  const script = workerScriptFile ? { file: workerScriptFile } : workerScript();
  const setup: SobolSetup = { bonesimSobol: true, options };
  let nextMetric = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      const worker = script.source ? new Worker(script.source, { eval: true, workerData: setup }) : new Worker(script.file!, { workerData: setup });
      workers.push(worker);
      const send = () => {
        if (nextMetric >= outputs.length) return resolve();
        const metric = nextMetric++;
        worker.postMessage({ metric, outputs: outputs[metric] });
      };
      worker.on('message', (message: { type: 'ready' } | { type: 'sobol'; metric: number; indices: SobolIndices } | { type: 'error'; message: string; stack?: string }) => {
        if (message.type === 'ready') send();
        else if (message.type === 'sobol') {
          results[message.metric] = message.indices;
          send();
        } else {
          const error = new Error(`a summary worker failed: ${message.message}`);
          error.stack = message.stack;
          reject(error);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`a summary worker stopped (exit code ${code})`))));
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

type WorkerMessage =
  | { type: 'ready'; openedAt: number; readyAt: number; cpuMilliseconds: number }
  | { type: 'progress'; members: number }
  | { type: 'done'; done: ChunkDone; members: number }
  | { type: 'error'; message: string; stack?: string };

/** On this thread: the same chunks, one after another, yielding between them so a signal is heard. */
async function runHere(tasks: readonly ChunkTask[], pool: EnsemblePoolOptions, handlers: ChunkHandlers, signal?: AbortSignal): Promise<'done' | 'stopped'> {
  const ensemble = openEnsemble(pool.inputs, pool.options);
  const reuse: { chunk?: ChunkResult } = {};
  for (const task of tasks) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) return 'stopped';
    let reported = 0;
    const done = runChunkTask(ensemble, task, pool.design, reuse, (members) => {
      if (members - reported >= 16) {
        handlers.progress?.(members - reported);
        reported = members;
      }
    });
    handlers.progress?.(task.count - reported);
    handlers.chunk(done);
  }
  return 'done';
}

declare const __filename: string | undefined;

/**
 * The worker's script: beside the CLI bundle (dist/cli/ensembleWorker.cjs), beside the compiled
 * library (dist/node/ensemble/worker.js), or, from the TypeScript sources (tests, tsx), a bootstrap
 * that registers tsx's loader in the thread and imports worker.ts.
 */
function workerScript(): { file?: string; source?: string } {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    const bundled = join(dirname(__filename), 'ensembleWorker.cjs');
    if (existsSync(bundled)) return { file: bundled };
  }
  const here = fileURLToPath(import.meta.url);
  const compiled = join(dirname(here), 'worker.js');
  if (here.endsWith('.js') && existsSync(compiled)) return { file: compiled };
  // The ES module entry of tsx's API (require.resolve finds its CommonJS twin beside it).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = pathToFileURL(join(dirname(here), 'worker.ts')).href;
  return { source: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });` };
}
