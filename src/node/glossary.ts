import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Meaning } from '../model/suggest.ts';
import { BUILTIN_MODELS_DIR } from './modelFiles.ts';
import { readYamlFile } from './readYamlFile.ts';

let glossary: Map<string, Meaning> | undefined;

/**
 * What a name means in bonesim's shipped models (Lemaire's I_P: "PTH administration rate"), read
 * on first use, so that a name carried over from another model gets a suggestion by meaning.
 */
export function meaningInShippedModels(name: string): Meaning | undefined {
  if (!glossary) {
    glossary = new Map();
    for (const file of readdirSync(BUILTIN_MODELS_DIR).filter((f) => f.endsWith('.yaml'))) {
      try {
        const data = readYamlFile(join(BUILTIN_MODELS_DIR, file)).data as Record<string, Record<string, { description?: unknown; unit?: unknown }> | undefined>;
        for (const section of ['species', 'parameters', 'inputs', 'observables']) {
          for (const [symbol, entry] of Object.entries(data[section] ?? {})) {
            if (typeof entry?.description !== 'string' || glossary.has(symbol)) continue;
            glossary.set(symbol, { description: entry.description, unit: typeof entry.unit === 'string' ? entry.unit : undefined, section });
          }
        }
      } catch {
        // an unreadable shipped model only loses its suggestions
      }
    }
  }
  return glossary.get(name);
}
