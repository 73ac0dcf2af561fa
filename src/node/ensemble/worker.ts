// A worker thread of an ensemble: opens the ensemble once (model and scenario compiled once per
// thread), then runs the chunks it is handed, each into Parquet bytes that go back transferred.
import { parentPort, workerData } from 'node:worker_threads';
import { openEnsemble, type EnsembleInputs, type EnsembleOptions } from '../../ensemble/ensemble.ts';
import type { ChunkResult } from '../../ensemble/chunkResult.ts';
import { runChunkTask, type ChunkTask } from './chunkTask.ts';

export interface WorkerSetup {
  /** Marks a thread started by the pool (only such a thread listens). */
  bonesimEnsemble: true;
  inputs: EnsembleInputs;
  options: EnsembleOptions;
  design: string;
}

const PROGRESS_EVERY_MS = 200;

if (parentPort && (workerData as WorkerSetup | undefined)?.bonesimEnsemble === true) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  try {
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
        });
        const transfer = [done.files.members.buffer, ...(done.files.trajectories ? [done.files.trajectories.buffer] : [])] as ArrayBuffer[];
        port.postMessage({ type: 'done', done, members: task.count - reported }, transfer);
      } catch (error) {
        port.postMessage({ type: 'error', message: (error as Error).message, stack: (error as Error).stack });
      }
    });
    port.postMessage({ type: 'ready' });
  } catch (error) {
    port.postMessage({ type: 'error', message: (error as Error).message, stack: (error as Error).stack });
  }
}
