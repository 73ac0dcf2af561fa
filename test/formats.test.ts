// Issue 16: the formats work as printed. Every YAML example in README.md and docs/formats.md
// validates (and a scenario runs and meets its expectations); the published JSON Schemas are
// the ones the zod schemas generate; every field of them is documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jsonSchemaText, SCHEMA_KINDS } from '../src/io/jsonSchemas.ts';
import { parseModel } from '../src/model/parseModel.ts';
import { modelFromDisk } from '../src/node/scenarioFiles.ts';
import { parseScenario } from '../src/simulate/parseScenario.ts';
import { simulate } from '../src/simulate/simulate.ts';

const DOCUMENTS = ['README.md', 'docs/formats.md'];

/** The ```yaml blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(file: string): Array<{ text: string; line: number }> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```yaml') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    blocks.push({ text: lines.slice(start, i + 1).join('\n'), line: start });
    i++;
  }
  return blocks;
}

/** What a block is: a model has rates:, a scenario a model: and a duration:, anything else is a snippet. */
function kindOf(text: string): 'model' | 'scenario' | 'comment' | 'unknown' {
  const data = parse(text) as Record<string, unknown> | null;
  if (data === null) return 'comment';
  if ('rates' in data) return 'model';
  if ('model' in data && 'duration' in data) return 'scenario';
  return 'unknown';
}

const cases = DOCUMENTS.flatMap((file) => yamlBlocks(file).map((block) => ({ name: `${file}:${block.line}`, file, ...block })));

describe('every YAML example in the documentation works as printed', () => {
  it('finds the examples (a model and a scenario in each document)', () => {
    for (const file of DOCUMENTS) {
      const kinds = yamlBlocks(file).map((b) => kindOf(b.text));
      expect(kinds, file).toContain('model');
      expect(kinds, file).toContain('scenario');
    }
  });

  it.each(cases)('$name', ({ file, text }) => {
    const kind = kindOf(text);
    expect(kind, 'a documentation example is a whole model or scenario file, or a comment line').not.toBe('unknown');
    if (kind === 'model') {
      expect(parseModel(text, file).id).toBeTruthy();
    } else if (kind === 'scenario') {
      const { scenario, model } = parseScenario(text, file, modelFromDisk);
      const result = simulate(scenario, model);
      expect(result.expectations.filter((e) => !e.passed).map((e) => `${e.text}: ${e.detail}`)).toEqual([]);
    }
  });
});

describe('the published JSON Schemas', () => {
  it.each(SCHEMA_KINDS)('schemas/%s.schema.json is what the zod schema generates (regenerate: npm run schemas)', (kind) => {
    expect(readFileSync(`schemas/${kind}.schema.json`, 'utf8')).toBe(jsonSchemaText(kind));
  });

  it('every field they name is documented in docs/formats.md', () => {
    const documented = readFileSync('docs/formats.md', 'utf8');
    const fields = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const object = node as Record<string, unknown>;
        if (object.properties && typeof object.properties === 'object') Object.keys(object.properties).forEach((k) => fields.add(k));
        Object.values(object).forEach(walk);
      }
    };
    for (const kind of SCHEMA_KINDS) walk(JSON.parse(jsonSchemaText(kind)));
    expect(fields.size).toBeGreaterThan(40);
    const missing = [...fields].filter((field) => !documented.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });
});
