import { describe, expect, it } from 'vitest';
import { parseEnsembleDesign, resolveEnsembleDesign } from '../../src/ensemble/loadDesign.ts';
import { memberCount } from '../../src/ensemble/sampling.ts';
import { allMembers, designFrom, errorOf } from './designs.ts';

const names = ['k_form', 'k_res', 'D_A', 'P_OPG', 'on_tumour'];
const nominal = [40, 0.7, 0.7, 2e-4, 0];
const design = (body: string, context = {}) => designFrom(body, names, nominal, context);

describe('ensemble design files', () => {
  it('a population design: distributions, samples, seed, percentiles', () => {
    const d = design('seed: 42\nsamples: 500\nparameters:\n  k_form: { distribution: log-normal, cv: 0.2 }\n  D_A: { distribution: uniform, lower: 0.5, upper: 0.9 }\nanalysis: { mode: population, percentiles: [95, 5, 50] }\n');
    expect(d.seed).toBe(42);
    expect(d.sampled.map((s) => [s.name, s.index])).toEqual([['k_form', 0], ['D_A', 2]]);
    expect(memberCount(d)).toBe(500);
    expect(d.analysis).toEqual({ mode: 'population', percentiles: [5, 50, 95] });
    expect(d.columns).toEqual([{ name: 'k_form', index: 0 }, { name: 'D_A', index: 2 }]);
  });

  it('a 2-D grid sweep, linear and log, crossed with a population of common random numbers', () => {
    const d = design('samples: 3\nparameters:\n  D_A: { distribution: uniform, spread: 0.1 }\ngrid:\n  k_form: { from: 20, to: 60, steps: 5 }\n  P_OPG: { from: 1e-5, to: 1e-3, steps: 3, spacing: log }\n');
    expect([...d.grid[0].values]).toEqual([20, 30, 40, 50, 60]);
    expect(d.grid[1].values[0]).toBe(1e-5);
    expect(d.grid[1].values[1]).toBeCloseTo(1e-4, 18);
    expect(d.grid[1].values[2]).toBe(1e-3);
    expect(memberCount(d)).toBe(5 * 3 * 3);
    const m = allMembers(d);
    const row = (i: number) => [...m.subarray(i * 5, i * 5 + 5)];
    // Member i: grid point floor(i / 3) (k_form outer, P_OPG inner), population member i mod 3.
    expect(row(0)[0]).toBe(20);
    expect(row(3)[3]).toBeCloseTo(1e-4, 18);
    expect(row(9)[0]).toBe(30);
    // The same virtual patient (D_A) at every grid point.
    for (let g = 0; g < 15; g++) for (let s = 0; s < 3; s++) expect(row(g * 3 + s)[2]).toBe(row(s)[2]);
    expect(new Set([row(0)[2], row(1)[2], row(2)[2]]).size).toBe(3);
  });

  it('a table of given parameter sets from CSV, with ids, and distributions drawn per row', () => {
    const csv = 'id,k_form,k_res\npatient-1,38,0.71\n\npatient-2,44.5,0.69\npatient-3,41,7e-1\n';
    const d = design('table: patients.csv\nparameters:\n  D_A: { distribution: normal, cv: 0.1 }\n', { readTable: (path: string) => (path === 'patients.csv' ? csv : '') });
    expect(d.table?.names).toEqual(['k_form', 'k_res']);
    expect(d.table?.labels).toEqual(['patient-1', 'patient-2', 'patient-3']);
    expect(memberCount(d)).toBe(3);
    const m = allMembers(d);
    expect([m[0], m[1], m[5], m[6], m[10], m[11]]).toEqual([38, 0.71, 44.5, 0.69, 41, 0.7]);
    expect(m[2]).not.toBe(0.7);
  });

  it('table errors name the CSV file, line and column', () => {
    const read = (csv: string) => ({ readTable: () => csv });
    expect(errorOf(() => design('table: p.csv\n', read('k_form,k_rs\n1,2\n')))).toMatch(/^p.csv:1 \(k_rs\): "k_rs" is not a parameter of the model\n  what to do: did you mean "k_res"\?/);
    expect(errorOf(() => design('table: p.csv\n', read('k_form,k_res\n1,2\n3,x\n')))).toMatch(/^p.csv:3 \(k_res\): k_res is "x", not a number/);
    expect(errorOf(() => design('table: p.csv\n', read('k_form,k_res\n1,2\n3\n')))).toMatch(/^p.csv:3: this row has 1 values; the header has 2 columns/);
    expect(errorOf(() => design('table: p.csv\n', read('k_form\n')))).toMatch(/no rows/);
    expect(errorOf(() => design('table: p.csv\nsamples: 4\n', read('k_form\n1\n')))).toMatch(/a table gives one member per row/);
    expect(errorOf(() => design('table: p.csv\n'))).toMatch(/no way to read it/);
  });

  it('names must be the model\'s, with a suggestion, at the field\'s line', () => {
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_frm: { distribution: uniform, spread: 0.1 }\n')))
      .toBe('test.yaml:6:3 (parameters.k_frm): "k_frm" is not a parameter of the model\n  what to do: did you mean "k_form"?');
    expect(errorOf(() => design('grid:\n  D_a: { values: [1, 2] }\n'))).toMatch(/test.yaml:5:3 \(grid.D_a\): "D_a" is not a parameter.*\n.*did you mean "D_A"/);
  });

  it('shapes: unknown fields, bad kinds, missing mode, bad numbers', () => {
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: gamma }\n'))).toMatch(/\(parameters.k_form.distribution\): must be one of "uniform", "log-uniform", "normal", "log-normal"/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: normal, sigma: 1 }\n'))).toMatch(/unknown field `sigma`/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: uniform, mean: 1 }\n'))).toMatch(/\(parameters.k_form.mean\): a uniform distribution has no `mean`/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: normal }\n'))).toMatch(/a normal distribution needs `sd` or `cv`/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: uniform, lower: 3, upper: 1 }\n'))).toMatch(/lower \(3\) must be below upper \(1\)/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: log-uniform, lower: 0, upper: 1 }\n'))).toMatch(/a log-uniform range must be positive/);
    expect(errorOf(() => design('samples: 5\nparameters:\n  k_form: { distribution: normal, mean: 0, sd: 1, lower: 40, upper: 41 }\n'))).toMatch(/the bounds keep a probability of .* of this distribution/);
    expect(errorOf(() => design('analysis:\n  percentiles: [5]\n'))).toMatch(/\(analysis\): the analysis needs a `mode`\n  what to do: one of population, local, morris, sobol/);
    expect(errorOf(() => design('analysis: { mode: sobbol }\n'))).toMatch(/\(analysis.mode\): must be one of "population", "local", "morris", "sobol", got the text "sobbol"/);
    expect(errorOf(() => design('samples: -3\n'))).toMatch(/\(samples\): must be greater than 0/);
    expect(errorOf(() => design('parameters: 3\n'))).toMatch(/parameters must be a mapping/);
    expect(errorOf(() => design('samples: 4\nparameters:\n  k_form: { distribution: uniform, spread: 0.1 }\ngrid:\n  k_form: { values: [1, 2] }\n'))).toMatch(/k_form is given both by parameters and by grid/);
    expect(errorOf(() => design(''))).toMatch(/this design varies nothing/);
    expect(errorOf(() => design('parameters:\n  k_form: { distribution: uniform, spread: 0.1 }\n'))).toMatch(/how many members\? `samples` is missing/);
    expect(errorOf(() => design('grid:\n  k_form: { from: 1, to: 2 }\n'))).toMatch(/`steps` is missing/);
    expect(errorOf(() => design('grid:\n  k_form: { values: [1] }\n  k_res: { values: [1] }\n  D_A: { values: [1] }\n'))).toMatch(/a grid sweeps one or two parameters, this one has 3/);
  });

  it('correlations: pairs or a matrix, positive definite, or a clear error', () => {
    const base = 'samples: 8\nparameters:\n  k_form: { distribution: normal, cv: 0.1 }\n  k_res: { distribution: normal, cv: 0.1 }\n  D_A: { distribution: normal, cv: 0.1 }\n';
    const pairs = design(`${base}correlations:\n  - { between: [k_form, k_res], rho: 0.5 }\n`);
    expect([...pairs.copula!.positions]).toEqual([0, 1]);
    expect([...pairs.copula!.matrix]).toEqual([1, 0.5, 0.5, 1]);
    const matrix = design(`${base}correlations:\n  parameters: [D_A, k_form]\n  matrix: [[1, -0.3], [-0.3, 1]]\n`);
    expect([...matrix.copula!.positions]).toEqual([2, 0]);
    expect(errorOf(() => design(`${base}correlations:\n  - { between: [k_form, k_res], rho: 0.9 }\n  - { between: [k_res, D_A], rho: 0.9 }\n  - { between: [k_form, D_A], rho: -0.5 }\n`)))
      .toMatch(/test.yaml:\d+:1 \(correlations\): these correlations cannot hold together: the matrix is not positive definite \(smallest eigenvalue -0.\d+\)\n  what to do: some correlations contradict each other/);
    expect(errorOf(() => design(`${base}correlations:\n  parameters: [D_A, k_form]\n  matrix: [[1, 0.3], [0.2, 1]]\n`))).toMatch(/not symmetric/);
    expect(errorOf(() => design(`${base}correlations:\n  - { between: [k_form, P_OPG], rho: 0.2 }\n`))).toMatch(/"P_OPG" has no distribution in parameters, so it cannot be correlated/);
    expect(errorOf(() => design(`${base}correlations:\n  - { between: [k_form, k_res], rho: 1 }\n`))).toMatch(/strictly between -1 and 1/);
  });

  it('Sobol designs: N (d + 2) or N (2d + 2) members, N a power of 2, at most 512 parameters, no correlations', () => {
    const body = (extra: string) => `samples: 256\nparameters:\n  k_form: { distribution: uniform, spread: 0.1 }\n  k_res: { distribution: uniform, spread: 0.1 }\n  D_A: { distribution: normal, cv: 0.1 }\nanalysis: { mode: sobol${extra} }\n`;
    expect(memberCount(design(body('')))).toBe(256 * 5);
    expect(memberCount(design(body(', second_order: true')))).toBe(256 * 8);
    expect(errorOf(() => design(body('').replace('256', '300')))).toMatch(/samples must be a power of 2 for a Sobol analysis, got 300\n  what to do: .* use 256/);
    expect(errorOf(() => design(`${body('')}correlations:\n  - { between: [k_form, k_res], rho: 0.5 }\n`))).toMatch(/a sobol analysis takes no `correlations`/);
    const many = Array.from({ length: 513 }, (_, k) => `p${k}`);
    expect(errorOf(() => designFrom(`samples: 4\nparameters:\n${many.map((n) => `  ${n}: { distribution: uniform, lower: 0, upper: 1 }`).join('\n')}\nanalysis: { mode: sobol }\n`, many)))
      .toMatch(/Saltelli sampling of 513 parameters needs 1026 Sobol dimensions; bonesim has 1024/);
  });

  it('refuses to vary the parameter that balances bone volume at rest', () => {
    expect(errorOf(() => design('samples: 2\nparameters:\n  k_res: { distribution: uniform, spread: 0.1 }\n', { balancedBy: 'k_res' })))
      .toMatch(/test.yaml:6:3 \(parameters.k_res\): k_res is re-derived for every member so that bone volume is balanced at rest/);
  });

  it('notes a varied parameter that the scenario also sets', () => {
    const d = design('samples: 2\nparameters:\n  P_OPG: { distribution: log-uniform, factor: 2 }\n', { scenarioSets: ['P_OPG'] });
    expect(d.notes[0]).toMatch(/the scenario also sets P_OPG/);
  });

  it('parses in two steps: the scenario is known before the model', () => {
    const parsed = parseEnsembleDesign('id: x\ntitle: t\nscenario: ../scenarios/opg-knockout.yaml\nsamples: 2\nparameters:\n  k_form: { distribution: uniform, spread: 0.1 }\n', 'ensembles/x.yaml');
    expect(parsed.data.scenario).toBe('../scenarios/opg-knockout.yaml');
    const resolved = resolveEnsembleDesign(parsed, { parameterNames: names, nominal });
    expect(resolved.file).toBe('ensembles/x.yaml');
    expect(structuredClone(resolved)).toEqual(resolved); // plain data: it can go to a worker as it is
  });
});
