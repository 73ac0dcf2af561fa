import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });
const text = z.string().min(1, { message: 'must not be empty' });
/** A time with a unit, e.g. "6 month" (checked and converted by the loader: a trial month is month_days days). */
const time = z.union([text, z.number()]);
/** A dose with its unit, e.g. "60 mg" (checked against the drug's dose_unit by the loader). */
const dose = z.union([text, z.number()]);

const regimenItem = z.strictObject({
  /** A drug the model declares under `drugs:`. */
  drug: text,
  dose,
  at: time.optional(),
  every: time.optional(),
  from: time.optional(),
  until: time.optional(),
  description: text.optional(),
});

const arm = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: 'must be letters, digits, "-", "_" or "."' }),
  title: text.optional(),
  description: text.optional(),
  regimen: z.array(regimenItem).default([]),
  /** Parameters or inputs changed at day 0 of the arm, after the patient's rest state (natural history: menopause, ...). */
  set: z.record(z.string(), finite).default({}),
});

const endpoint = z.union([
  text,
  z.strictObject({
    name: text,
    title: text.optional(),
    /** true (default): percent of the arm's baseline; false: the observable's own value and unit (e.g. drug exposure). */
    relative: z.boolean().optional(),
  }),
]);

const dataPoint = z.strictObject({
  arm: text,
  endpoint: text,
  visit: time,
  /** Percent of the arm's baseline (100 = baseline), or with `over:` percentage points above that arm. */
  value: finite,
  /** The 95 % confidence interval of the mean (or the range the source gives, see `spread`). */
  low: finite.optional(),
  high: finite.optional(),
  /** Instead of low/high: an accepted deviation in the value's own units (e.g. a goal "within 1 point"). */
  tolerance: z.number().positive().optional(),
  /** The value is the difference from this arm (e.g. "+9 points over placebo"). */
  over: text.optional(),
  note: text.optional(),
});

export const trialFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
  title: text,
  description: text.optional(),
  source: text,
  model: text,
  /** `typical`: one patient with the model's parameters; or the path of a population design (ensembles/), relative to this file. */
  population: text.default('typical'),
  /** Days per month in this file's times (default 30.4375: a calendar month, 365.25 / 12). */
  month_days: z.number().positive().max(31).optional(),
  /** Parameter overrides for every arm (a fitted set): name -> value, or the path of a parameter-set file (bonesim fit writes one). */
  parameters: z.union([z.record(z.string(), finite), text]).optional(),
  /** How long each arm runs (default: the last visit). */
  duration: time.optional(),
  /** Step of the model curves in the report (default: about 400 points over the run). */
  output_every: time.optional(),
  arms: z.array(arm).min(1, { message: 'a trial needs at least one arm' }),
  visits: z.array(time).min(1, { message: 'a trial needs at least one visit' }),
  endpoints: z.array(endpoint).min(1, { message: 'a trial needs at least one endpoint' }),
  data: z.array(dataPoint).default([]),
  solver: z.strictObject({
    method: text.optional(),
    rtol: z.number().positive().max(0.1).optional(),
    atol: z.number().positive().optional(),
  }).optional(),
});

export type TrialFile = z.infer<typeof trialFileSchema>;
export type RegimenItemFile = z.infer<typeof regimenItem>;
