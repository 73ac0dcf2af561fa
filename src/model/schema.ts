import { z } from 'zod';
import { drugFileSchema } from './drugs.ts';

/** Names become symbols in expressions: letters, digits and underscores, not starting with a digit. */
export const SYMBOL_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });
const text = z.string().min(1, { message: 'must not be empty' });
const unit = z.string().min(1, { message: 'must name a unit (use "1" for dimensionless)' });

const species = z.strictObject({
  initial: finite,
  unit,
  description: text,
  /** Where the initial value comes from (e.g. a published steady state). */
  source: text.optional(),
  /** Cell populations and concentrations cannot be negative; a run that drives one below zero stops. */
  nonnegative: z.boolean().optional(),
});

const parameter = z.strictObject({
  value: finite,
  unit,
  description: text,
  source: text,
  /** Admissible range for property tests and scans, [low, high] in the parameter's unit. */
  range: z.tuple([finite, finite]).optional(),
});

const input = z.strictObject({
  default: finite,
  unit,
  description: text,
});

const expression = z.union([
  text,
  z.strictObject({ expr: text, unit: unit.optional(), description: text.optional() }),
]);

const observable = z.strictObject({ expr: text, unit, description: text });

const annotation = z.strictObject({
  hgnc: text.optional(),
  entrez: z.union([text, z.number().int()]).optional(),
  uniprot: text.optional(),
  mirbase: text.optional(),
  note: text.optional(),
});

const record = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/**
 * What plays each part in this model, so reports and analyses can compare models whose
 * symbols differ (Lemaire's C and Pivonka's OCa are both the active osteoclasts).
 */
export const ROLE_NAMES = [
  'bone_volume', 'active_osteoblasts', 'active_osteoclasts', 'osteoblast_precursors', 'osteoclast_precursors',
  'formation', 'resorption', 'rankl', 'opg', 'rank_occupancy', 'pth', 'tgf_beta', 'tumour',
] as const;
export type Role = (typeof ROLE_NAMES)[number];

/**
 * What must hold for any admissible parameters: the property tests draw parameters from
 * their ranges and check these for every shipped model.
 */
const monotoneResponse = z.strictObject({
  parameter: text,
  /** The span to compare over; default: the parameter's range. */
  from: finite.optional(),
  to: finite.optional(),
  /** Steady-state quantities (roles, species, observables, or bone_balance = dBV/dt) that must not fall / not rise as it grows. */
  raises: z.array(text).default([]),
  lowers: z.array(text).default([]),
  /** Parameters held at these values for this claim (e.g. a module switched off), where it holds only then. */
  given: z.record(z.string(), finite).default({}),
});

const invariants = z.strictObject({
  /** Default admissible range of every parameter as factors of its nominal value, e.g. [0.5, 2]. */
  parameter_range: z.tuple([finite, finite]).default([0.5, 2]),
  /** Parameters the property tests never vary (structural switches). */
  fixed: z.array(text).default([]),
  /**
   * A parameter re-derived for every parameter set so that bone volume is balanced at that
   * set's own baseline steady state (the convention its nominal value follows), e.g. k_res.
   */
  balanced_by: text.optional(),
  monotone: z.array(monotoneResponse).default([]),
  /** Setting the parameter to 0 drives the named quantity to 0. */
  knockout: z.array(z.strictObject({ parameter: text, vanishes: text })).default([]),
  /**
   * Where binding is explicit: a pool (e.g. membrane RANKL) whose free and bound species add up to a
   * total that changes only by its turnover (an observable: made minus lost). Binding and unbinding
   * move the pool between its parts and must cancel in the sum.
   */
  conservation: z.array(z.strictObject({ pool: text, parts: z.array(text).min(2), turnover: text })).default([]),
});

/** A bound of parameter_limits: a number, or .inf / -.inf for none. */
const bound = z.union([z.number(), z.literal(Infinity), z.literal(-Infinity)]);

export const modelFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
  title: text,
  citation: text,
  description: text.optional(),
  time_unit: z.enum(['second', 'minute', 'hour', 'day', 'week', 'year']),
  species: record(species).refine((s) => Object.keys(s).length > 0, { message: 'a model needs at least one species' }),
  parameters: record(parameter).default({}),
  inputs: record(input).default({}),
  expressions: record(expression).default({}),
  rates: record(text),
  observables: record(observable).default({}),
  roles: z.partialRecord(z.enum(ROLE_NAMES), z.string()).optional(),
  invariants: invariants.optional(),
  /**
   * The values a parameter or input may take, [low, high] (.inf for none), where they differ from the
   * default: non-negative, and [0, 1] for on_* switches. Values outside are refused.
   */
  parameter_limits: record(z.tuple([bound, bound])).default({}),
  annotations: record(annotation).optional(),
  /** Drugs a trial's regimen may name: the species a dose adds to and the unit doses convert to (src/model/drugs.ts). */
  drugs: record(drugFileSchema).optional(),
  notes: text.optional(),
});

export type ModelFile = z.infer<typeof modelFileSchema>;
export type Invariants = z.infer<typeof invariants>;
