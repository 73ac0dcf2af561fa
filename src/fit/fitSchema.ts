import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });
const text = z.string().min(1, { message: 'must not be empty' });

const fitParameter = z.strictObject({
  /** A parameter (or input) of the trials' model. */
  name: text,
  low: finite,
  high: finite,
  /** log: fitted as its logarithm (positive parameters spanning orders of magnitude); linear: as is. */
  scale: z.enum(['log', 'linear']).default('log'),
  /** Default: the value the trials use (their parameters: overrides, else the model's). */
  start: finite.optional(),
});

export const fitFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
  title: text.optional(),
  description: text.optional(),
  /** Trial files (paths relative to this file) or trial ids, all on one model. */
  trials: z.array(text).min(1, { message: 'a fit needs at least one trial' }),
  parameters: z.array(fitParameter).min(1, { message: 'a fit needs at least one parameter' }),
  /** Standard deviation for data points that give no spread (low/high or tolerance), in their own units. */
  default_sigma: z.number().positive().optional(),
  /** Extra weight of a trial's (`freedom`) or a trial endpoint's (`freedom.BMD_total_hip`) squared residuals; default 1. */
  weights: z.record(z.string(), z.number().nonnegative()).default({}),
  seed: z.number().int().nonnegative().default(1),
  /** Starts in all: the first from `start`, the others drawn from the bounds with the seed. */
  multistart: z.number().int().positive().max(1000).default(1),
  max_iterations: z.number().int().positive().max(10_000).default(40),
  /** Tolerance of the simulations during the fit (tighter than a trial's default, so differences are smooth). */
  solver: z.strictObject({ rtol: z.number().positive().max(1e-3).optional(), atol: z.number().positive().optional() }).optional(),
  /** The parameter-set file to write, relative to this file. */
  out: text.optional(),
});

export type FitFile = z.infer<typeof fitFileSchema>;
