import { z } from 'zod';
import { modelFileSchema } from '../model/schema.ts';
import { scenarioFileSchema } from '../simulate/scenarioSchema.ts';

/** The file kinds bonesim publishes a JSON Schema for (schemas/KIND.schema.json). */
export const SCHEMA_KINDS = ['model', 'scenario'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const SCHEMAS: Record<SchemaKind, { schema: z.ZodType; title: string; description: string }> = {
  model: { schema: modelFileSchema, title: 'bonesim model file', description: 'An ODE model of bone remodelling: species, parameters with units and sources, inputs, expressions, rates, observables. See docs/formats.md.' },
  scenario: { schema: scenarioFileSchema, title: 'bonesim scenario file', description: 'A run of a model: duration, start, parameter changes, time courses, events and the expected outcome. See docs/formats.md.' },
};

/**
 * The JSON Schema of a file kind, generated from the zod schema bonesim validates with (so editors
 * check files by the same rules; times, units and names are checked further when bonesim reads them).
 */
export function jsonSchemaOf(kind: SchemaKind): Record<string, unknown> {
  const { schema, title, description } = SCHEMAS[kind];
  // io: 'input' describes the file as written (fields with defaults are optional there).
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...generated, $id: `https://bonesim.dev/schemas/${kind}.schema.json`, title, description };
}

/** As the text of schemas/KIND.schema.json. */
export function jsonSchemaText(kind: SchemaKind): string {
  return JSON.stringify(jsonSchemaOf(kind), null, 2) + '\n';
}
