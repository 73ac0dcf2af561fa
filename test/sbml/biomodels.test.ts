import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSbml } from '../../src/formats/sbml/importModel.ts';
import { outputFor } from '../../src/formats/sbml/outputs.ts';
import { readSbml } from '../../src/formats/sbml/readSbml.ts';
import { simulateSbml } from '../../src/formats/sbml/simulateSbml.ts';
import type { SbmlSystem } from '../../src/formats/sbml/system.ts';
import { importedFiles } from '../../src/formats/sbml/toYaml.ts';
import { parseModel } from '../../src/model/parseModel.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { parseScenario } from '../../src/simulate/parseScenario.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { outputGrid } from '../../src/simulate/outputGrid.ts';

const shared = (name: string) => {
  for (const dir of [join(process.cwd(), '../shared/biomodels'), '/work/shared/biomodels']) {
    try {
      return { file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') };
    } catch {
      // try the next place
    }
  }
  throw new Error(`${name} not found in shared/biomodels`);
};
const fixture = (name: string) => join(process.cwd(), 'test/fixtures/biomodels', name);

function importFile(name: string, timeUnit?: 'day'): SbmlSystem {
  const { file, text } = shared(name);
  return importSbml(readSbml(text, file), { timeUnit });
}

/** Run the bonesim model file from its initial values (with changes to them) on a daily grid. */
function runYaml(modelFile: string, duration: number, initial: Record<string, number> = {}) {
  const model = loadModel(join(process.cwd(), 'models', modelFile));
  const text = [
    'id: sbml-comparison', 'title: SBML comparison', 'description: the published model from its initial values',
    `model: ${modelFile}`, `duration: ${duration} day`, 'output_every: 1 day', 'start: initial',
    `initial: ${JSON.stringify(initial)}`, 'solver: { rtol: 1.0e-10, atol: 1.0e-14 }',
  ].join('\n');
  const { scenario } = parseScenario(text, join(process.cwd(), 'scenarios', 'comparison.yaml'), () => model);
  return simulate(scenario, model);
}

function runSbml(system: SbmlSystem, duration: number, ids: string[]) {
  return simulateSbml(system, { duration, outputTimes: outputGrid(duration, 1), outputs: ids.map((id) => outputFor(system, id)) });
}

/** A copy of the system with some initial values changed (states or parameters, by SBML id). */
function withInitial(system: SbmlSystem, values: Record<string, number>): SbmlSystem {
  const symbolOf = (id: string) => system.variables.get(id)!.symbol;
  const changed = new Map(Object.entries(values).map(([id, v]) => [symbolOf(id), v]));
  return {
    ...system,
    model: {
      ...system.model,
      species: system.model.species.map((s) => (changed.has(s.name) ? { ...s, initial: changed.get(s.name)! } : s)),
      parameters: system.model.parameters.map((p) => (changed.has(p.name) ? { ...p, value: changed.get(p.name)! } : p)),
    },
  };
}

function worstRelative(a: Float64Array, b: Float64Array, floor: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}

describe('BIOMD0000000278 (Lemaire 2004) imported', () => {
  const system = importFile('BIOMD0000000278_url.xml', 'day');
  const yaml = loadModel(join(process.cwd(), 'models', 'lemaire2004.yaml'));

  it('has the parameters and initial values of models/lemaire2004.yaml', () => {
    const names: Record<string, string> = { K_L_P: 'K_LP', K_O_P: 'K_OP', kO: 'k_O' };
    const inputs = new Map(yaml.inputs.map((i) => [i.name, i.default]));
    let compared = 0;
    for (const p of system.model.parameters) {
      if (p.name === 'Compartment') continue;
      const name = names[p.name] ?? p.name;
      const value = yaml.parameters.find((q) => q.name === name)?.value ?? inputs.get(name);
      expect(value, p.name).toBeDefined();
      expect(p.value, p.name).toBe(value);
      compared++;
    }
    expect(compared).toBe(23);
    for (const id of ['R', 'B', 'C']) {
      expect(system.model.species.find((s) => s.name === id)!.initial).toBe(yaml.species.find((s) => s.name === id)!.initial);
    }
  });

  it('declares no time unit: read in seconds (SBML\'s default) unless told, and says so', () => {
    const plain = importFile('BIOMD0000000278_url.xml');
    expect(plain.model.timeUnit).toBe('second');
    expect(plain.notes.join(' ')).toMatch(/declares no time unit.*seconds/);
    expect(system.model.timeUnit).toBe('day');
  });

  it('gives the same trajectories as the bonesim model, from the published steady state and from a perturbed start', () => {
    const starts: Array<Record<string, number>> = [{}, { C: 2 * 0.9127e-3, R: 0.5 * 0.7734e-3 }];
    for (const start of starts) {
      const sbml = runSbml(withInitial(system, start), 140, ['R', 'B', 'C']);
      const bonesim = runYaml('lemaire2004.yaml', 140, start);
      expect(sbml.times).toEqual(bonesim.times);
      for (const id of ['R', 'B', 'C']) expect(worstRelative(sbml.series[id], bonesim.series[id], 1e-6), id).toBeLessThan(1e-7);
    }
    // The perturbed start moves: the comparison is not of two constant lines.
    const moving = runSbml(withInitial(system, { C: 2 * 0.9127e-3 }), 140, ['C']);
    expect(Math.min(...moving.series.C)).toBeLessThan(0.55 * moving.series.C[0]);
  });
});

describe('BIOMD0000000148 (Komarova 2003) imported', () => {
  const system = importFile('BIOMD0000000148_url.xml');
  const ids = ['x1', 'x2', 'z'];
  const exact = { x1: 11.0606601717798, x2: 212.132034355964 };
  /** The four flag events with initialValue="false": a trigger already true at t = 0 fires there. */
  const firingAtStart = (s: SbmlSystem): SbmlSystem => ({ ...s, events: s.events.map((e) => ({ ...e, initialValue: false })) });

  it('reads its time unit (day, a unit definition of 86400 s) and the Fig. 2 parameters of models/komarova2003.yaml', () => {
    expect(system.model.timeUnit).toBe('day');
    const yaml = loadModel(join(process.cwd(), 'models', 'komarova2003.yaml'));
    for (const p of yaml.parameters) expect(system.model.parameters.find((q) => q.name === p.name)?.value, p.name).toBe(p.value);
    // The curators round the initial cells: x1(0) = 11 for x1_bar + 10 = 11.0607, x2(0) = 212 for x2_bar = 212.132.
    expect(system.model.species.find((s) => s.name === 'x1')!.initial).toBe(11);
    expect(system.model.species.find((s) => s.name === 'x2')!.initial).toBe(212);
    expect(system.events.map((e) => e.initialValue)).toEqual([true, true, true, true]);
  });

  it('with the exact initial values and its events firing at t = 0, gives the same trajectories as the bonesim model', () => {
    const sbml = runSbml(firingAtStart(withInitial(system, exact)), 400, ids);
    const bonesim = runYaml('komarova2003.yaml', 400);
    for (const id of ids) expect(worstRelative(sbml.series[id], bonesim.series[id], 1), id).toBeLessThan(1e-6);
    // One remodelling cycle: bone is resorbed first (z dips), then rebuilt.
    expect(Math.min(...bonesim.series.z)).toBeLessThan(99);
  });

  it('the rounded initial values alone change the trajectories by what the rounding predicts', () => {
    const sbml = runSbml(firingAtStart(system), 400, ids);
    const rounded = runYaml('komarova2003.yaml', 400, { x1: 11, x2: 212 });
    for (const id of ids) expect(worstRelative(sbml.series[id], rounded.series[id], 1), id).toBeLessThan(1e-6);
    const exactRun = runYaml('komarova2003.yaml', 400);
    // 0.06 fewer osteoclasts at the start (0.6 % of the burst) resorb a little less bone.
    const dip = (z: Float64Array) => 100 - Math.min(...z);
    expect(dip(rounded.series.z)).toBeLessThan(dip(exactRun.series.z));
    expect(dip(rounded.series.z)).toBeGreaterThan(0.97 * dip(exactRun.series.z));
  });

  it('as the file says (Level 2: a trigger true at t = 0 does not fire), the first burst of osteoclasts resorbs nothing', () => {
    const sbml = runSbml(system, 400, [...ids, 'flag_resorption']);
    const bonesim = runYaml('komarova2003.yaml', 400, { x1: 11, x2: 212 });
    const x1Bar = 1.0606601717798212;
    // x1 starts above x1_bar, but flag_resorption stays 0 until x1 has fallen below x1_bar and risen above it again.
    const firstBelow = sbml.series.x1.findIndex((x) => x <= x1Bar);
    expect(firstBelow).toBeGreaterThan(0);
    for (let k = 0; k < firstBelow; k++) expect(sbml.series.flag_resorption[k]).toBe(0);
    // So bone only grows in that phase, where the bonesim model (max(0, x1 - x1_bar)) resorbs it.
    for (let k = 1; k < firstBelow; k++) expect(sbml.series.z[k]).toBeGreaterThanOrEqual(sbml.series.z[k - 1]);
    expect(bonesim.series.z[firstBelow]).toBeLessThan(99);
    expect(sbml.series.z[firstBelow]).toBeGreaterThan(100);
  });

  it('imports as a bonesim model and a scenario whose state events run it as the SBML file does', () => {
    const files = importedFiles(system, { modelReference: 'komarova-sbml.yaml', scenarioId: 'komarova-sbml', duration: 400, outputEvery: 1 });
    expect(files.scenario).toBeDefined();
    const model = parseModel(files.model, join(process.cwd(), 'models', 'komarova-sbml.yaml'));
    const { scenario } = parseScenario(files.scenario!.replace('output_every: 1 day', 'output_every: 1 day\nsolver: { rtol: 1.0e-10, atol: 1.0e-14 }'),
      join(process.cwd(), 'scenarios', 'komarova-sbml.yaml'), () => model);
    expect(scenario.stateEvents).toHaveLength(4);
    const yamlRun = simulate(scenario, model);
    const sbml = runSbml(system, 400, ids);
    for (const id of ids) expect(worstRelative(yamlRun.series[id], sbml.series[id], 1), id).toBeLessThan(1e-6);
  });
});

describe('BIOMD0000000401 (Ayati 2010, normal bone) imported', () => {
  it('matches an independent scipy simulation of the paper\'s equations (DOP853, rtol 1e-12) every 10 days for 1000 days', () => {
    const file = fixture('BIOMD0000000401.xml');
    const system = importSbml(readSbml(readFileSync(file, 'utf8'), file), { timeUnit: 'day' });
    const lines = readFileSync(fixture('BIOMD0000000401-scipy.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const times = Float64Array.from(lines, (l) => l[0]);
    const run = simulateSbml(system, { duration: 1000, outputTimes: times, outputs: ['C', 'B', 'z'].map((id) => outputFor(system, id)) });
    ['C', 'B', 'z'].forEach((id, c) => {
      const reference = Float64Array.from(lines, (l) => l[c + 1]);
      expect(worstRelative(run.series[id], reference, 1), id).toBeLessThan(1e-6);
    });
    // A single remodelling cycle: resorption first, then formation back to within 0.02 % of the start.
    const z = run.series.z;
    expect(Math.min(...z)).toBeLessThan(90);
    expect(Math.abs(z[z.length - 1] - 100)).toBeLessThan(0.03);
  });
});
