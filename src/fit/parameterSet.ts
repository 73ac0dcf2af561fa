import { z } from 'zod';
import { stringify } from 'yaml';
import { validateWith, type YamlSource } from '../io/yamlSource.ts';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });

/**
 * A parameter set file: `parameters:` (name -> value), what a trial's `parameters: FILE` reads, and the block a
 * scenario's or model's parameters can take. `bonesim fit` writes one with the fit's record beside it.
 */
export const parameterSetSchema = z.object({
  id: z.string().optional(),
  model: z.string().optional(),
  source: z.string().optional(),
  parameters: z.record(z.string(), finite),
}).passthrough();

/**
 * The parameters of a parameter-set file (its `parameters:` block; other fields are the fit's record).
 *
 * @example
 * ```ts
 * parameterSetFromSource(parseYaml('parameters: { s_TH: 1.2 }\n', 'set.yaml')); // { s_TH: 1.2 }
 * ```
 */
export function parameterSetFromSource(source: YamlSource): Record<string, number> {
  return { ...validateWith(source, parameterSetSchema, 'parameter set').parameters };
}

export interface ParameterSetDocument {
  id: string;
  model: string;
  source: string;
  parameters: Record<string, number>;
  /** The fit's record: SSR, intervals, correlations, per-point residuals (kept for the reader, ignored by trials). */
  fit?: unknown;
}

/**
 * The parameter set as YAML, values to 10 significant digits.
 *
 * @example
 * ```ts
 * parameterSetYaml({ id: 'mine', model: 'bone-rankl', source: 'by hand', parameters: { s_TH: 1.2 } });
 * ```
 */
export function parameterSetYaml(document: ParameterSetDocument): string {
  const rounded = Object.fromEntries(Object.entries(document.parameters).map(([k, v]) => [k, Number(v.toPrecision(10))]));
  const header = '# A parameter set written by `bonesim fit`: a trial reads it with `parameters: <this file>`; the\n'
    + '# `parameters:` block can be copied into a scenario or a model. `fit:` records how it was found.\n';
  return header + stringify({ ...document, parameters: rounded }, { lineWidth: 120 });
}
