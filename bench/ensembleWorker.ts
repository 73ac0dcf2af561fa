/**
 * A worker thread of the parallel ensemble (piscina): runs a slice of W2 on bonesim's real path,
 * the same code as one thread does, and hands back the final states (transferred, not copied).
 */
import { prepareLemaireBench, finalState, type LemaireBench } from './lemaireWorkloads.ts';
import type { Sample } from './harnessContract.ts';

export interface EnsembleTask {
  rtol: number;
  atol: number;
  samples: Sample[];
  /** Times to run the slice (the final states are the last pass's): a timed window long enough to measure. */
  passes?: number;
}

let bench: LemaireBench | undefined;

export default function runEnsembleSlice(task: EnsembleTask): Float64Array {
  bench ??= prepareLemaireBench(task.rtol, task.atol);
  let finals = runEnsemble(bench, task.samples);
  for (let pass = 1; pass < (task.passes ?? 1); pass++) finals = runEnsemble(bench, task.samples);
  return finals;
}

export function runEnsemble(bench: LemaireBench, samples: Sample[]): Float64Array {
  const finals = new Float64Array(4 * samples.length);
  for (let i = 0; i < samples.length; i++) {
    const result = bench.prepared.run({ parameters: bench.parametersOf(samples[i]), initialState: bench.startOf(samples[i]), report: 'end' });
    finalState(result.series, 0, finals, 4 * i);
  }
  return finals;
}
