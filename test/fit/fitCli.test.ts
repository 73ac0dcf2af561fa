import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// bonesim fit on the fixture model test/fixtures/trial/turnover.yaml: data made by the model itself at known
// parameters, so a correct fit must find them again.

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-fit-'));
const FIXTURES = resolve('test/fixtures/trial');
const MODEL = join(FIXTURES, 'turnover.yaml');
const TRUE = { IC50: 8, k_bone: 0.03 };

/** The small fixture trial with data the model gives at TRUE (from a bonesim trial run with those parameters). */
function syntheticTrial(dir: string): string {
  const base = readFileSync(join(FIXTURES, 'small.yaml'), 'utf8').replace('model: turnover.yaml', `model: ${MODEL}`).replace(/data:[\s\S]*$/, '');
  writeFileSync(join(dir, 'truth.yaml'), `parameters: { IC50: ${TRUE.IC50}, k_bone: ${TRUE.k_bone} }\n`);
  writeFileSync(join(dir, 'generate.yaml'), base.replace('model:', 'parameters: truth.yaml\nmodel:'));
  const out = join(dir, 'generated');
  expect(bonesim('trial', join(dir, 'generate.yaml'), '--out', out, '--quiet').code).toBe(0);
  const rows = readFileSync(join(out, 'endpoints.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));
  const value = (arm: string, endpoint: string, day: string) => Number(rows.find((r) => r[0] === arm && r[1] === endpoint && r[2] === day)![3]);
  const data = [
    `  - { arm: treated, endpoint: CTX, visit: 1 month, value: ${value('treated', 'CTX', '30.4375')}, tolerance: 1 }`,
    `  - { arm: treated, endpoint: CTX, visit: 6 month, value: ${value('treated', 'CTX', '182.625')}, tolerance: 1 }`,
    `  - { arm: treated, endpoint: BMD, visit: 12 month, value: ${value('treated', 'BMD', '365.25')}, tolerance: 0.2 }`,
    `  - { arm: treated, over: placebo, endpoint: BMD, visit: 6 month, value: ${value('treated', 'BMD', '182.625') - 100}, tolerance: 0.2 }`,
  ];
  const file = join(dir, 'synthetic.yaml');
  writeFileSync(file, `${base}data:\n${data.join('\n')}\n`);
  return file;
}

const FIT = `id: recover
trials: [synthetic.yaml]
parameters:
  - { name: IC50, low: 0.5, high: 50, scale: log }
  - { name: k_bone, low: 0.001, high: 0.2, scale: log }
seed: 11
multistart: 3
out: fitted.yaml
`;

describe('bonesim fit', () => {
  it('recovers the parameters that made the data, with 95 % intervals around them, the same on any number of threads, and the trial reads the fitted set', () => {
    const dir = freshDir();
    syntheticTrial(dir);
    writeFileSync(join(dir, 'fit.yaml'), FIT);
    const { code, stdout, stderr } = bonesim('fit', join(dir, 'fit.yaml'));
    expect(code).toBe(0);
    expect(stderr).toMatch(/start 1\/3 iteration 1: weighted SSR/);
    expect(stdout).toMatch(/fit recover: 2 parameters to 4 data points of small/);
    expect(stdout).toMatch(/trial evaluations in \d+\.\d s/);
    expect(stdout).toMatch(/95 % intervals from the Fisher information/);
    const fitted = parse(readFileSync(join(dir, 'fitted.yaml'), 'utf8'));
    expect(fitted.parameters.IC50).toBeCloseTo(TRUE.IC50, 2);
    expect(fitted.parameters.k_bone / TRUE.k_bone).toBeCloseTo(1, 3);
    for (const [name, truth] of Object.entries(TRUE)) {
      const e = fitted.fit.estimates[name];
      expect(e.low).toBeLessThan(truth);
      expect(e.high).toBeGreaterThan(truth);
      expect(e.identified).toBe(true);
    }
    expect(fitted.fit.ssr).toBeLessThan(1e-6);
    expect(fitted.fit.start_ssr).toBeGreaterThan(1);
    expect(fitted.fit.correlation[0][0]).toBe(1);
    expect(fitted.fit.residuals).toHaveLength(4);

    // The same seed gives the same fit, on worker threads (the default: every core) or on the main thread alone.
    const again = bonesim('fit', join(dir, 'fit.yaml'), '--out', join(dir, 'again.yaml'), '--quiet', '--threads', '0');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    const second = parse(readFileSync(join(dir, 'again.yaml'), 'utf8'));
    expect(second.parameters).toEqual(fitted.parameters);
    expect(second.fit.residuals).toEqual(fitted.fit.residuals);

    // A trial with parameters: fitted.yaml meets every data point.
    writeFileSync(join(dir, 'check.yaml'), readFileSync(join(dir, 'synthetic.yaml'), 'utf8').replace('model:', 'parameters: fitted.yaml\nmodel:'));
    const check = bonesim('trial', join(dir, 'check.yaml'), '--out', join(dir, 'check'));
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/data within spread 4\/4/);
  });

  const errors: Array<[string, (t: string) => string, RegExp]> = [
    ['unknown parameter', (t) => t.replace('name: IC50', 'name: IC5O'), /parameters\[0\]\.name\): "IC5O" is not a parameter of model turnover\n\s+what to do: did you mean "IC50"/],
    ['bounds in the wrong order', (t) => t.replace('low: 0.5, high: 50', 'low: 50, high: 0.5'), /parameters\[0\]\.low\): the bounds of IC50 must have low < high, got \[50, 0\.5\]/],
    ['a log scale from zero', (t) => t.replace('low: 0.5, high: 50, scale: log', 'low: 0, high: 50, scale: log'), /parameters\[0\]\.low\): a log-scale parameter needs low > 0/],
    ['a start outside the bounds', (t) => t.replace('low: 0.5, high: 50, scale: log }', 'low: 0.5, high: 50, scale: log, start: 60 }'), /parameters\[0\]\.start\): the start of IC50, 60, is outside \[0\.5, 50\]/],
    ['bounds outside the values the parameter may take', (t) => t.replace('low: 0.001, high: 0.2, scale: log', 'low: -1, high: 0.2, scale: linear'), /parameters\[1\]\.low\): the bounds \[-1, 0\.2\] of k_bone leave the values it may take/],
    ['a trial that does not exist', (t) => t.replace('[synthetic.yaml]', '[synthetc.yaml]'), /trials\[0\]\): the trial file "synthetc\.yaml" does not exist/],
    ['weights for an unknown trial', (t) => t.replace('seed: 11', 'weights: { smal: 2 }\nseed: 11'), /weights\.smal\): weights name the trial "smal", which this fit does not have/],
    ['no output file', (t) => t.replace('out: fitted.yaml\n', ''), /\(out\): the fit names no file to write\n\s+what to do: give out:/],
  ];
  it.each(errors)('%s: exit 2, file, field and what to do, nothing written', (_name, edit, message) => {
    const dir = freshDir();
    syntheticTrial(dir);
    writeFileSync(join(dir, 'fit.yaml'), edit(FIT));
    const { code, stdout, stderr } = bonesim('fit', join(dir, 'fit.yaml'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(join(dir, 'fit.yaml'));
    expect(stderr).toMatch(message);
    expect(existsSync(join(dir, 'fitted.yaml'))).toBe(false);
  });
});
