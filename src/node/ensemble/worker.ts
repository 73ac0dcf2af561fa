// A worker thread of an ensemble: opens the ensemble once (model and scenario compiled once per
// thread), then runs the chunks it is handed, each into Parquet bytes that go back transferred.
// Or (SobolSetup) a thread of the summary: Sobol indices of the metrics it is handed.
import { parentPort, workerData } from 'node:worker_threads';
import { openEnsemble, type EnsembleInputs, type EnsembleOptions } from '../../ensemble/ensemble.ts';
import type { ChunkResult } from '../../ensemble/chunkResult.ts';
import { saltelliIndices, type SaltelliOptions } from '../../ensemble/sobolIndices.ts';
import { epochMilliseconds, runChunkTask, threadCpuMilliseconds, type ChunkTask } from './chunkTask.ts';

export interface WorkerSetup {
  /** Marks a thread started by the pool (only such a thread listens). */
  bonesimEnsemble: true;
  inputs: EnsembleInputs;
  options: EnsembleOptions;
  design: string;
  /** This thread's number in the pool (0, 1, ...), returned with every chunk. */
  worker: number;
}

/** A thread of sobolOnThreads: Saltelli's estimators, with these options, on each metric's outputs it is sent. */
export interface SobolSetup {
  bonesimSobol: true;
  options: SaltelliOptions;
}

const PROGRESS_EVERY_MS = 200;

if (parentPort && (workerData as SobolSetup | undefined)?.bonesimSobol === true) {
  const port = parentPort;
  const { options } = workerData as SobolSetup;
  port.on('message', (task: { metric: number; outputs: Float64Array }) => {
    try {
      port.postMessage({ type: 'sobol', metric: task.metric, indices: saltelliIndices(task.outputs, options) });
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error).message, stack: (error as Error).stack });
    }
  });
  port.postMessage({ type: 'ready' });
}

if (parentPort && (workerData as WorkerSetup | undefined)?.bonesimEnsemble === true) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  try {
    const opening = epochMilliseconds();
    const ensemble = openEnsemble(setup.inputs, setup.options);
    const reuse: { chunk?: ChunkResult } = {};
    port.on('message', (task: ChunkTask) => {
      try {
        let reported = 0;
        let last = performance.now();
        const done = runChunkTask(ensemble, task, setup.design, reuse, (members) => {
          const now = performance.now();
          if (now - last < PROGRESS_EVERY_MS) return;
          port.postMessage({ type: 'progress', members: members - reported });
          reported = members;
          last = now;
        }, setup.worker);
        const transfer = [done.files.members.buffer, ...(done.files.trajectories ? [done.files.trajectories.buffer] : [])] as ArrayBuffer[];
        port.postMessage({ type: 'done', done, members: task.count - reported }, transfer);
      } catch (error) {
        port.postMessage({ type: 'error', message: (error as Error).message, stack: (error as Error).stack });
      }
    });
    // Start-up as this thread saw it: from its first line (bonesim loaded) through opening the ensemble.
    port.postMessage({ type: 'ready', openedAt: opening, readyAt: epochMilliseconds(), cpuMilliseconds: threadCpuMilliseconds() });
  } catch (error) {
    port.postMessage({ type: 'error', message: (error as Error).message, stack: (error as Error).stack });
  }
}
