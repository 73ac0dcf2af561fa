import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });
const text = z.string().min(1, { message: 'must not be empty' });
/** A time with a unit, e.g. "30 day" (checked and converted by the loader). */
const time = z.union([text, z.number()]);
/** A value to set or add: a number, or an expression evaluated when the event fires. */
const value = z.union([finite, text]);

const eventSchema = z.strictObject({
  at: time.optional(),
  every: time.optional(),
  from: time.optional(),
  until: time.optional(),
  when: text.optional(),
  once: z.boolean().optional(),
  set: z.record(z.string(), value).optional(),
  add: z.record(z.string(), value).optional(),
  record: text.optional(),
  stop: z.boolean().optional(),
  description: text.optional(),
});

const expectationSchema = z.union([
  text,
  z.strictObject({ that: text, why: text.optional() }),
]);

export const scenarioFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
  title: text.optional(),
  description: text.optional(),
  source: text.optional(),
  model: text,
  duration: time,
  output_every: time.optional(),
  start: z.enum(['steady_state', 'initial']).default('steady_state'),
  parameters: z.record(z.string(), finite).default({}),
  initial: z.record(z.string(), finite).default({}),
  inputs: z.record(z.string(), text).default({}),
  events: z.array(eventSchema).default([]),
  expect: z.array(expectationSchema).default([]),
  solver: z.strictObject({
    method: text.optional(),
    rtol: z.number().positive().max(0.1).optional(),
    atol: z.number().positive().optional(),
    max_steps: z.number().int().positive().max(1e8).optional(),
  }).optional(),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type EventFile = z.infer<typeof eventSchema>;
