import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { openEnsemble, type EnsembleInputs, type EnsembleOptions } from '../../ensemble/ensemble.ts';
import type { ChunkResult } from '../../ensemble/chunkResult.ts';
import { runChunkTask, type ChunkDone, type ChunkTask } from './chunkTask.ts';
import type { WorkerSetup } from './worker.ts';

export type { ChunkDone, ChunkTask } from './chunkTask.ts';
export type { ChunkFiles } from './parquetParts.ts';

export interface EnsemblePoolOptions {
  inputs: EnsembleInputs;
  options?: EnsembleOptions;
  /** The design's hash, written into every part (see designHash). */
  design: string;
  /** Worker threads (default: all cores); 0 runs the chunks on this thread. */
  threads?: number;
}

export interface ChunkHandlers {
  /** A chunk is done: its part files are ready to write. Called on the main thread, one at a time. */
  chunk(done: ChunkDone): void;
  /** Members finished since the last call (for a progress bar). */
  progress?(members: number): void;
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
  const script = workerScript();
  const setup: WorkerSetup = { bonesimEnsemble: true, inputs: pool.inputs, options: pool.options ?? {}, design: pool.design };
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
      const worker = script.source
        ? new Worker(script.source, { eval: true, workerData: setup })
        : new Worker(script.file!, { workerData: setup });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (finished) return;
        if (message.type === 'ready') next(worker);
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

type WorkerMessage =
  | { type: 'ready' }
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
