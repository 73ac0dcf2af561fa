import type { EnsembleDesign } from '../../src/ensemble/design.ts';
import { loadEnsembleDesign, type DesignContext } from '../../src/ensemble/loadDesign.ts';
import { createSampler } from '../../src/ensemble/sampling.ts';

/** A design from YAML lines (header fields added), against a made-up model with these parameters. */
export function designFrom(body: string, names: string[], nominal: number[] = names.map(() => 1), context: Partial<DesignContext> = {}): EnsembleDesign {
  const text = `id: test\ntitle: test design\nscenario: none\n${body}`;
  return loadEnsembleDesign(text, 'test.yaml', { parameterNames: names, nominal, ...context });
}

/** Every member's parameter vector, row-major members x parameters. */
export function allMembers(design: EnsembleDesign): Float64Array {
  const sampler = createSampler(design);
  const width = design.parameterNames.length;
  const out = new Float64Array(sampler.count * width);
  for (let i = 0; i < sampler.count; i++) sampler.parameters(i, out.subarray(i * width, (i + 1) * width));
  return out;
}

/** The message of the error `f` throws (fails the test when it throws none). */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}
