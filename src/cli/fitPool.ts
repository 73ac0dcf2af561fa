import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FitWorkerSetup } from './fitWorker.ts';

/** Where this module is: its own file under tsx, the CLI bundle (dist/cli/bonesim.cjs) when bundled. */
function here(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/** bonesim's root (the folder with package.json), from this module or the bundle. */
function root(): string {
  let dir = dirname(here());
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The worker runs src/cli/fitWorker.ts through tsx's loader (the sources ship with the package). */
function workerSource(): string {
  const tsx = pathToFileURL(createRequire(here()).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = pathToFileURL(resolve(root(), 'src/cli/fitWorker.ts')).href;
  return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`;
}

export interface FitPool {
  /** Model values at each point, computed on the workers (each takes the next point when free). */
  evaluateMany(points: Float64Array[]): Promise<Float64Array[]>;
  close(): Promise<void>;
}

/**
 * Worker threads that each load the fit file and evaluate parameter points: the Jacobian's columns run side by
 * side. Each evaluation is a pure function of its point, so the fit is the same whatever the number of threads.
 */
export async function startFitPool(fitFile: string, threads: number): Promise<FitPool> {
  const setup: FitWorkerSetup = { bonesimFit: true, fitFile: resolve(fitFile) };
  const source = workerSource();
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: setup }));
  await Promise.all(workers.map((worker) => new Promise<void>((ready, fail) => {
    worker.once('error', fail);
    worker.once('message', () => ready());
  })));
  let nextId = 0;
  const evaluateMany = (points: Float64Array[]) => new Promise<Float64Array[]>((done, fail) => {
    const results = new Array<Float64Array>(points.length);
    let next = 0;
    let finished = 0;
    const give = (worker: Worker) => {
      if (next >= points.length) return;
      const k = next++;
      const id = nextId++;
      const onMessage = (message: { id: number; values: Float64Array }) => {
        if (message.id !== id) return;
        worker.off('message', onMessage);
        worker.off('error', fail);
        results[k] = message.values;
        if (++finished === points.length) done(results);
        else give(worker);
      };
      worker.on('message', onMessage);
      worker.once('error', fail);
      worker.postMessage({ id, x: points[k] });
    };
    if (!points.length) done(results);
    workers.forEach(give);
  });
  return { evaluateMany, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}
