import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate } from '../src/simulate/simulate.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe.each(files)('scenarios/%s', (file) => {
  it('runs and meets every expectation it states', () => {
    const { scenario, model } = loadScenario(join('scenarios', file));
    expect(scenario.expectations.length, 'a shipped scenario states its expected outcome').toBeGreaterThan(0);
    // A scratch file may leave out title and description; a shipped one says what it is and why.
    expect(scenario.title, 'a shipped scenario has a title').not.toBe(scenario.id);
    expect(scenario.description.length, 'a shipped scenario has a description').toBeGreaterThan(20);
    const result = simulate(scenario, model);
    const failures = result.expectations.filter((e) => !e.passed).map((e) => `${e.text} [${e.detail}]`);
    expect(failures).toEqual([]);
    expect(result.times[result.times.length - 1]).toBe(scenario.duration);
  });
});
