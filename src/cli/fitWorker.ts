import { parentPort, workerData } from 'node:worker_threads';
import { fitModelValues } from '../fit/runFit.ts';
import { loadFit } from './fitFiles.ts';

/** What a fit worker is started with: the fit file it loads for itself (trials, model, tolerances). */
export interface FitWorkerSetup {
  bonesimFit: true;
  fitFile: string;
}

// A worker thread of `bonesim fit`: the Jacobian's columns are independent runs of every trial, evaluated here.
if (parentPort && (workerData as FitWorkerSetup | undefined)?.bonesimFit === true) {
  const port = parentPort;
  const model = fitModelValues(loadFit((workerData as FitWorkerSetup).fitFile));
  port.on('message', (message: { id: number; x: Float64Array }) => {
    const values = new Float64Array(model.m);
    model.evaluate(message.x, values);
    port.postMessage({ id: message.id, values });
  });
  port.postMessage({ ready: true });
}
