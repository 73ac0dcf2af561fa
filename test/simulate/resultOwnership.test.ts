import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { prepareSimulation } from '../../src/simulate/simulate.ts';

describe('results belong to the caller', () => {
  it('two runs of one prepared simulation share no arrays (a result can be changed or moved to another thread)', () => {
    const { scenario, model } = loadScenario('scenarios/lemaire-baseline.yaml');
    const prepared = prepareSimulation(scenario, model);
    const first = prepared.run();
    const second = prepared.run();
    expect(first.times.buffer).not.toBe(second.times.buffer);
    for (const column of first.columns) expect(first.series[column].buffer).not.toBe(second.series[column].buffer);
    // Moving the first result's buffers away (as postMessage with a transfer list does) leaves later runs intact.
    structuredClone(first.times, { transfer: [first.times.buffer] });
    const third = prepared.run();
    expect(third.times[third.times.length - 1]).toBe(scenario.duration);
  });
});
