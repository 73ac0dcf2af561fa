import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { loadModel } from '../../src/node/modelFiles.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { parseScenario } from '../../src/simulate/parseScenario.ts';
import { prepareSimulation, simulate } from '../../src/simulate/simulate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenario = (id: string) => loadScenario(join(root, 'scenarios', `${id}.yaml`));

/** The ensemble seam: PreparedSimulation.runMember writes into the caller's arrays and returns a status. */
describe('runMember', () => {
  it('writes the same numbers as run() at the same times, species and observables alike, and the rest state', () => {
    const { scenario: s, model } = scenario('opg-knockout');
    const prepared = prepareSimulation(s, model);
    const full = prepared.run();
    const times = Float64Array.from([0, 365.25, 1826.25, 3652.5]);
    const names = ['BV', 'OCa', 'resorption', 'RANKL'];
    const columns = Int32Array.from(names, (n) => prepared.columnIndex(n));
    const values = new Float64Array(columns.length * times.length);
    const start = new Float64Array(columns.length);
    const status = prepared.runMember({ parameters: prepared.compiled.p0, times, columns, values, start });
    expect(status).toMatchObject({ state: 'ok', kind: undefined, reason: undefined });
    expect(status.steps).toBeGreaterThan(0);
    names.forEach((name, c) => times.forEach((t, k) => expect(values[c * times.length + k], `${name} at ${t}`).toBe(full.series[name][full.times.indexOf(t)])));
    // At rest: the steady state before beta_OPG = 0; bone volume is the same, osteoclasts are fewer than after OPG loss.
    expect(start[0]).toBe(100);
    expect(start[1]).toBeLessThan(values[1 * times.length + 1]);
    expect(prepared.columnIndex('no such column')).toBe(-1);
  });

  it('a value the model refuses is a failed member (kind input), not an exception; its values are NaN', () => {
    const { scenario: s, model } = scenario('opg-knockout');
    const prepared = prepareSimulation(s, model);
    const p = prepared.compiled.p0.slice();
    p[prepared.compiled.parameterIndex('A_OCa')] = -1;
    const times = Float64Array.of(0, 100);
    const values = new Float64Array(2).fill(7);
    const status = prepared.runMember({ parameters: p, times, columns: Int32Array.of(prepared.columnIndex('BV')), values });
    expect(status.state).toBe('failed');
    expect(status.kind).toBe('input');
    expect(status.reason).toMatch(/^A_OCa = -1 is outside the values it may take/);
    expect([...values]).toEqual([NaN, NaN]);
  });

  it('a population driven negative is a failed member with the time it happened; the same run through simulate() still throws (exit 3)', () => {
    const { scenario: s, model } = loadScenario(join(root, 'test', 'fixtures', 'ensembles', 'lemaire-removal.yaml'));
    const prepared = prepareSimulation(s, model);
    const p = prepared.compiled.p0.slice();
    p[prepared.compiled.parameterIndex('D_R')] *= 0.3;
    const times = Float64Array.from({ length: 15 }, (_, k) => 10 * k);
    const values = new Float64Array(times.length);
    const status = prepared.runMember({ parameters: p, times, columns: Int32Array.of(prepared.columnIndex('R')), values });
    expect(status.state).toBe('failed');
    expect(status.kind).toBe('numerical');
    expect(status.reason).toMatch(/^R \(responding \(precursor\) osteoblasts \(ROB\)\) became negative at t = /);
    expect(status.time).toBeGreaterThan(20);
    expect(status.time).toBeLessThan(80);
    expect(values.every(Number.isNaN)).toBe(true);
    // The nominal member passes; the scenario as a single run passes too.
    expect(prepared.runMember({ parameters: prepared.compiled.p0, times, columns: Int32Array.of(0), values }).state).toBe('ok');
    const lc8 = loadScenario(join(root, 'test', 'fixtures', 'lemaire-lc8-infeasible.yaml'));
    let thrown: unknown;
    try {
      simulate(lc8.scenario, lc8.model);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BonesimError);
    expect((thrown as BonesimError).kind).toBe('numerical');
    expect((thrown as BonesimError).location.time).toBeGreaterThan(20);
  });

  it('a state event with stop ends the member early: state stopped, its record and time, NaN after', () => {
    const model = loadModel(join(root, 'models', 'lemaire2004.yaml'));
    const text = [
      'id: stop-at-loss', 'title: stop when bone is lost', 'description: OPG knockout until bone volume falls below 99 %', 'model: lemaire2004',
      'duration: 2 year', 'output_every: 1 week', 'start: steady_state', 'parameters: { K_OP: 0 }',
      'events:', '  - when: BV < 99', '    record: one percent lost', '    stop: true',
    ].join('\n');
    const { scenario: s } = parseScenario(text, 'stop.yaml', () => model);
    const prepared = prepareSimulation(s, model);
    const times = Float64Array.from({ length: 105 }, (_, k) => 7 * k);
    const values = new Float64Array(times.length);
    const status = prepared.runMember({ parameters: prepared.compiled.p0, times, columns: Int32Array.of(prepared.columnIndex('BV')), values });
    expect(status.state).toBe('stopped');
    expect(status.reason).toBe('one percent lost');
    const stoppedAt = status.time!;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(730.5);
    times.forEach((t, k) => {
      if (t < stoppedAt) expect(values[k]).toBeGreaterThanOrEqual(99 - 1e-6);
      else expect(values[k]).toBeNaN();
    });
  });

  it('a member with parameters of its own re-derives balanced_by at its own rest: its bone volume does not drift (and does without it)', () => {
    const { scenario: s, model } = scenario('healthy-baseline');
    const prepared = prepareSimulation(s, model);
    const p = prepared.compiled.p0.slice();
    p[prepared.compiled.parameterIndex('A_OCa')] *= 0.8;
    const times = Float64Array.of(0, s.duration);
    const columns = Int32Array.of(prepared.columnIndex('BV'));
    const values = new Float64Array(2);
    expect(prepared.runMember({ parameters: p, times, columns, values }).state).toBe('ok');
    expect(Math.abs(values[1] - 100)).toBeLessThan(1e-3);
    expect(prepared.runMember({ parameters: p, times, columns, values, balance: false }).state).toBe('ok');
    expect(Math.abs(values[1] - 100)).toBeGreaterThan(1);
  });

  it('refuses times outside the run and arrays too small (a programming error: RangeError)', () => {
    const { scenario: s, model } = scenario('opg-knockout');
    const prepared = prepareSimulation(s, model);
    const member = { parameters: prepared.compiled.p0, columns: Int32Array.of(0) };
    expect(() => prepared.runMember({ ...member, times: Float64Array.of(0, 1e9), values: new Float64Array(2) })).toThrow(RangeError);
    expect(() => prepared.runMember({ ...member, times: Float64Array.of(0, 10), values: new Float64Array(1) })).toThrow(RangeError);
  });
});

describe('arrays of the wrong length', () => {
  const { scenario: s, model } = scenario('lemaire-pth-10-years');
  const prepared = prepareSimulation(s, model);

  it('a start state with too few values is an input error naming both counts, and the next run is unharmed', () => {
    const n = prepared.compiled.speciesNames.length;
    expect(() => prepared.run({ initialState: new Float64Array(n - 1), report: 'end' })).toThrow(/the start state has 3 values; model lemaire2004 has 4 species/);
    const after = prepared.run({ report: 'end' });
    expect(after.series.BV[0]).toBe(prepared.run({ report: 'end' }).series.BV[0]);
  });

  it('a member parameter vector of the wrong length is refused (a caller bug: RangeError, not a member status)', () => {
    const times = Float64Array.of(10);
    const columns = Int32Array.of(prepared.columnIndex('BV'));
    const parameters = new Float64Array(prepared.compiled.p0.length + 1);
    expect(() => prepared.runMember({ parameters, times, columns, values: new Float64Array(1) })).toThrow(RangeError);
  });
});
