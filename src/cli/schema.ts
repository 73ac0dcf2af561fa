import { EXIT, inputError } from '../errors.ts';
import { jsonSchemaText, SCHEMA_KINDS, type SchemaKind } from '../io/jsonSchemas.ts';
import { reportError } from './report.ts';
import { print } from './terminal.ts';

/** `bonesim schema KIND`: print the JSON Schema of a file kind (the published copies are in schemas/). */
export function schemaCommand(kind: string): number {
  try {
    if (!(SCHEMA_KINDS as readonly string[]).includes(kind)) {
      throw inputError(`no schema for "${kind}"`, { field: 'kind' }, `choose one of: ${SCHEMA_KINDS.join(', ')}`);
    }
    print(jsonSchemaText(kind as SchemaKind));
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
