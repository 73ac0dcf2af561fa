import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanCommand } from '../../src/cli/scan.ts';
import { steadyCommand } from '../../src/cli/steady.ts';
import { loadModel } from '../../src/node/modelFiles.ts';

/** Run a command in-process and capture what it prints. */
function capture(run: () => number) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-scan-'));
const scanOptions = (overrides: Record<string, string>) => ({ param: 'g11', from: '0.5', to: '1.3', steps: '40', out: freshDir(), format: 'csv,svg', ...overrides });
const MODEL_FILES = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);

afterEach(() => vi.restoreAllMocks());

describe('bonesim steady', () => {
  it.each(MODEL_FILES)('finds and classifies the steady state of %s', (file) => {
    const { code, stdout } = capture(() => steadyCommand(file, { json: true }));
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.steadyStates).toHaveLength(1);
    const [state] = json.steadyStates;
    expect(state.method).toBe('newton');
    // Stable, except that a tumour not yet seeded (T = 0) grows from any seed: the healthy state
    // of the mechanism model is a saddle along the tumour alone.
    const tumour = loadModel(file).roles.tumour;
    if (state.stability.stable) expect(state.stability.classification).toMatch(/^stable (focus|node)$/);
    else expect(state.stability.unstableIn.map((m: { species: string }) => m.species)).toEqual([tumour]);
    // A steady state: every dynamic species' rate is ~0 relative to its size.
    json.species.forEach((name: string, i: number) => {
      if (!json.readouts.includes(name)) expect(Math.abs(state.rates[i])).toBeLessThan(1e-10 * Math.abs(state.y[i]) + 1e-20);
    });
  });

  it('reports Lemaire as a stable focus, in words', () => {
    const { code, stdout } = capture(() => steadyCommand('models/lemaire2004.yaml', {}));
    expect(code).toBe(0);
    expect(stdout).toContain("steady state with the model's parameters: found by Newton from the model's initial state");
    expect(stdout).toMatch(/eigenvalues \(1\/day\) of R, B, C: -0\.085838, -0\.2528 ± 0\.23301i/);
    expect(stdout).toMatch(/stable focus: oscillation period 26\.965 day/);
    expect(stdout).toMatch(/BV .* readout \(held fixed\); dBV\/dt = 0 %\/day here/);
  });

  it('gives one steady state per parameter set a scenario goes through', () => {
    const { code, stdout } = capture(() => steadyCommand('scenarios/lemaire-pth-injection.yaml', { json: true }));
    expect(code).toBe(0);
    const states = JSON.parse(stdout).steadyStates;
    expect(states.map((s: { label: string }) => s.label)).toEqual([
      "with the model's parameters",
      'from 20 day on (PTH infusion starts: I_P = 1000)',
      'from 80 day on (PTH infusion stops: I_P = 0)',
    ]);
    expect(states[1].changes).toEqual({ I_P: 1000 });
    expect(states[1].startedFrom).toBe('the previous steady state');
    // Sustained PTH: more osteoclasts, and bone is lost at that steady state (dBV/dt < 0).
    expect(states[1].y[2]).toBeGreaterThan(3 * states[0].y[2]);
    expect(states[1].rates[3]).toBeLessThan(0);
    expect(states[2].y[2]).toBeCloseTo(states[0].y[2], 12);
  });

  it('exits 2 for a file that does not exist', () => {
    const { code, stderr } = capture(() => steadyCommand('models/no-such-model.yaml', {}));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
  });

  it('runs end to end from the command line', () => {
    const run = spawnSync(process.execPath, ['bin/bonesim.mjs', 'steady', 'models/komarova2003.yaml'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/eigenvalues \(1\/day\) of x1, x2: -0\.06 ± 0\.02i/);
    expect(run.stdout).toMatch(/stable focus: oscillation period 314\.16 day/);
    expect(run.stdout).toContain('piecewise  expressions.y1: max(0, x1 - x1_bar) -> the derivative of the largest argument');
  });
});

describe('bonesim scan', () => {
  it('finds the Hopf point of Komarova 2003 along g11 and writes a CSV and a chart', () => {
    const options = scanOptions({});
    const { code, stdout } = capture(() => scanCommand('models/komarova2003.yaml', options));
    expect(code).toBe(0);
    expect(stdout).toMatch(/g11 = 1\.1(0000\d*)? \(between 1\.08 and 1\.12\): Hopf point, the steady state loses stability, oscillation period 157\.08 day/);
    expect(readdirSync(options.out).sort()).toEqual(['komarova2003-scan-g11.csv', 'komarova2003-scan-g11.svg']);
    const csv = readFileSync(join(options.out, 'komarova2003-scan-g11.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('g11 [1],x1 [cell],x2 [cell],dz/dt [%/day],leading eigenvalue re [1/day],leading eigenvalue im [1/day],stability,found by');
    expect(csv).toHaveLength(42);
    expect(csv[1]).toMatch(/^0\.5,1\.06066017177982\d*,212\.13203435596\d*,0,-0\.06\d*,0\.02\d*,stable focus,newton$/);
    const svg = readFileSync(join(options.out, 'komarova2003-scan-g11.svg'), 'utf8');
    expect(svg).toContain('Hopf at 1.1');
    expect((svg.match(/class="panel"/g) ?? []).length).toBe(3);
    expect(svg).toMatch(/class="unstable"/);
  });

  it.each(MODEL_FILES)('follows %s along its first parameter', (file) => {
    const model = loadModel(file);
    const first = model.parameters[0];
    const options = scanOptions({ param: first.name, from: String(0.8 * first.value), to: String(1.2 * first.value), steps: '4', format: 'csv' });
    const { code, stdout } = capture(() => scanCommand(file, options));
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 of 5 steady states found/);
  });

  it('exits 2 with a suggestion for an unknown parameter, and for bad numbers', () => {
    const unknown = capture(() => scanCommand('models/komarova2003.yaml', scanOptions({ param: 'g12x' })));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('(--param): "g12x" is not a parameter or input of model komarova2003');
    expect(unknown.stderr).toContain('did you mean "g12"?');
    expect(capture(() => scanCommand('models/komarova2003.yaml', scanOptions({ from: 'abc' }))).code).toBe(2);
    expect(capture(() => scanCommand('models/komarova2003.yaml', scanOptions({ steps: '0' }))).code).toBe(2);
    expect(capture(() => scanCommand('models/komarova2003.yaml', scanOptions({ format: 'xls' }))).code).toBe(2);
  });
});
