import { BonesimError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { parseScenario } from '../simulate/parseScenario.ts';
import type { SimulationResult } from '../simulate/result.ts';
import { prepareSimulation, type PreparedSimulation } from '../simulate/simulate.ts';
import { catalogResolver, type Catalog } from './catalog.ts';
import { withRegimens } from './drugs.ts';

/** One run the page asks for: a scenario's text, the drugs added, this individual's parameters. */
export interface RunRequest {
  id: number;
  /** The scenario's file name, for messages (scenarios/<id>.yaml, or scenario.yaml for typed text). */
  file: string;
  yaml: string;
  drugs: string[];
  parameters: Record<string, number>;
}

export type RunReply =
  | { id: number; ok: true; result: SimulationResult; milliseconds: { prepare: number; run: number } }
  /** `message` is what the CLI prints for the same file: "error: file:line:column (field): ..." */
  | { id: number; ok: false; message: string; kind: 'input' | 'numerical' | 'internal' };

/**
 * Runs the page's requests: parses and compiles a scenario once (with its drugs) and reruns the
 * prepared simulation for each new parameter set (RunVariation.parameters: the steady state is
 * found anew, then the scenario happens). Plain data in and out, so it runs in a Web Worker
 * (worker.ts) and in tests alike.
 */
export function createRunner(catalog: Catalog): (request: RunRequest) => RunReply {
  const models = new Map<string, Model>();
  const resolve = catalogResolver(catalog, models);
  const prepared = new Map<string, PreparedSimulation>();
  return (request) => {
    try {
      const started = performance.now();
      const key = `${request.file}\n${request.drugs.join(',')}\n${request.yaml}`;
      let simulation = prepared.get(key);
      if (!simulation) {
        const { scenario, model } = parseScenario(request.yaml, request.file, resolve);
        simulation = prepareSimulation(withRegimens(scenario, model, request.drugs), model);
        if (prepared.size >= 4) prepared.delete(prepared.keys().next().value!);
        prepared.set(key, simulation);
      }
      const ready = performance.now();
      const result = simulation.run({ parameters: request.parameters });
      return { id: request.id, ok: true, result, milliseconds: { prepare: ready - started, run: performance.now() - ready } };
    } catch (error) {
      if (error instanceof BonesimError) return { id: request.id, ok: false, message: `error: ${error.message}`, kind: error.kind };
      return { id: request.id, ok: false, message: `internal error (please report it with the scenario): ${(error as Error)?.message ?? String(error)}`, kind: 'internal' };
    }
  };
}
