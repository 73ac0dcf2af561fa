import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { outcomeOf } from './badInput.ts';

interface Case {
  what: string;
  exit: 2 | 3;
  error: string;
}

const manifest = parse(readFileSync('test/fixtures/bad-input.yaml', 'utf8')) as Record<string, Case>;
const files = readdirSync('test/fixtures/bad').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

describe('the bad-input corpus', () => {
  it('has at least 40 cases, and every broken file states the error it must produce', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(manifest).sort()).toEqual(files);
  });

  it.each(files)('%s: exact error (file, field, line, problem, what to do) and exit code', (name) => {
    const expected = manifest[name];
    const outcome = outcomeOf(`test/fixtures/bad/${name}.yaml`);
    expect(outcome.message).toBe(expected.error);
    expect(outcome.code).toBe(expected.exit);
  });

  it('names the file in every message and says what to do in every one', () => {
    for (const name of files) {
      const { error } = manifest[name];
      expect(error.startsWith(`test/fixtures/bad/${name}.yaml`), name).toBe(true);
      expect(error, name).toMatch(/\n {2}what to do: \S/);
    }
  });
});
