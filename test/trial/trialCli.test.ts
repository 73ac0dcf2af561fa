import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// bonesim trial on the fixture model test/fixtures/trial/turnover.yaml (a linear PK depot -> plasma and an
// indirect-response marker), whose drug amounts have a closed form to check the regimen and dose units against.

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-trial-'));
const FIXTURES = resolve('test/fixtures/trial');
const SMALL = readFileSync(join(FIXTURES, 'small.yaml'), 'utf8').replace('model: turnover.yaml', `model: ${join(FIXTURES, 'turnover.yaml')}`);

/** A trial file written to a fresh folder: the small fixture trial with some text replaced. */
function trialFile(edit: (text: string) => string = (t) => t, name = 'trial.yaml'): { dir: string; file: string } {
  const dir = freshDir();
  const file = join(dir, name);
  writeFileSync(file, edit(SMALL));
  return { dir, file };
}

function readCsv(path: string): Array<Record<string, string>> {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], v])));
}

/** The fixture's plasma amount after doses D at times t_k: F D k_a/(k_a - k_el) (e^{-k_el s} - e^{-k_a s}) summed, s = t - t_k. */
function plasma(t: number, doses: Array<[number, number]>): number {
  const [ka, kel, F] = [0.2, 0.03, 0.64];
  return doses.filter(([tk]) => tk <= t).reduce((sum, [tk, D]) => sum + (F * D * ka / (ka - kel)) * (Math.exp(-kel * (t - tk)) - Math.exp(-ka * (t - tk))), 0);
}

describe('bonesim trial: outputs', () => {
  it('writes endpoints.csv, trial.json and report.html: per arm, endpoint and visit, with the data beside the model', () => {
    const { file } = trialFile();
    const out = freshDir();
    const { code, stdout, stderr } = bonesim('trial', file, '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok\s+small\s+\(turnover, 2 arms, .* data within spread \d\/3/);
    expect(readdirSync(out).sort()).toEqual(['endpoints.csv', 'report.html', 'trial.json']);

    const rows = readCsv(join(out, 'endpoints.csv'));
    expect(Object.keys(rows[0])).toEqual(['arm', 'endpoint', 'visit_day', 'value']);
    expect(rows).toHaveLength(2 * 3 * 3);
    // A calendar month is 365.25/12 days.
    expect([...new Set(rows.map((r) => Number(r.visit_day)))]).toEqual([30.4375, 182.625, 365.25]);
    // Placebo stays at its baseline; the relative endpoints are percent of it.
    for (const r of rows.filter((r) => r.arm === 'placebo' && r.endpoint !== 'drug_plasma')) expect(Number(r.value)).toBeCloseTo(100, 6);
    // The exposure (relative: false) against the closed form: 60 mg on day 0 and at 6 months, both ends of until included.
    const doses: Array<[number, number]> = [[0, 60], [182.625, 60]];
    for (const r of rows.filter((r) => r.arm === 'treated' && r.endpoint === 'drug_plasma')) {
      expect(Number(r.value)).toBeCloseTo(plasma(Number(r.visit_day), doses), 4);
    }
    const ctx = rows.find((r) => r.arm === 'treated' && r.endpoint === 'CTX' && r.visit_day === '30.4375')!;
    expect(Number(ctx.value)).toBeLessThan(40);

    const json = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    expect(json.format).toBe('bonesim-trial/1');
    expect(json.model.id).toBe('turnover');
    expect(json.solver).toMatchObject({ method: 'auto', rtol: 1e-6 });
    expect(json.arms[1].doses).toEqual([
      { day: 0, drug: 'blocker', dose: '60 mg', into: 'depot', amount: 60 },
      { day: 182.625, drug: 'blocker', dose: '60 mg', into: 'depot', amount: 60 },
    ]);
    expect(json.data).toHaveLength(3);
    // The difference over placebo is the treated arm's value minus placebo's (placebo is 100).
    const bmd = rows.find((r) => r.arm === 'treated' && r.endpoint === 'BMD' && r.visit_day === '365.25')!;
    expect(json.data[2].over).toBe('placebo');
    expect(json.data[2].model).toBeCloseTo(Number(bmd.value) - 100, 6);
    for (const d of json.data) expect(d.within).toBe(d.model >= d.low && d.model <= d.high);
    expect(json.data[1]).toMatchObject({ low: 102, high: 104 });
    expect(json.data[0].sigma).toBeCloseTo(10 / 3.919927969, 8);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(3);
    expect((html.match(/class="data-point"/g) ?? []).length).toBe(3);
    expect((html.match(/<tr data-index=/g) ?? []).length).toBe(3);
    expect(html).toMatch(/<td class="(yes|no)">(yes|no)<\/td>/);
    expect(html).toContain('Data against the model');
  });

  it('converts doses to the drug\'s unit (60000 ug = 60 mg) and through per_dose_unit, and reads 28-day months', () => {
    const { file } = trialFile((t) => t
      .replace('{ drug: blocker, dose: 60 mg, every: 6 month, from: 0 month, until: 6 month }', '{ drug: blocker_ug, dose: 60000 ug, every: 6 month, until: 6 month }')
      .replace('model:', 'month_days: 28\nmodel:'));
    const out = freshDir();
    expect(bonesim('trial', file, '--out', out).code).toBe(0);
    const rows = readCsv(join(out, 'endpoints.csv'));
    expect([...new Set(rows.map((r) => Number(r.visit_day)))]).toEqual([28, 168, 336]);
    const json = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    expect(json.arms[1].doses.map((d: { day: number; amount: number }) => [d.day, d.amount])).toEqual([[0, 60], [168, 60]]);
  });

  it('switches and combines drugs: a depot dose, then a dose into plasma through a per_dose_unit parameter', () => {
    const { file } = trialFile((t) => t.replace('{ drug: blocker, dose: 60 mg, every: 6 month, from: 0 month, until: 6 month }',
      '{ drug: blocker, dose: 60 mg, at: 0 day }\n      - { drug: blocker_iv, dose: 40 mg, every: 10 day, from: 100 day, until: 120 day }'));
    const out = freshDir();
    expect(bonesim('trial', file, '--out', out).code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    expect(json.arms[1].doses.map((d: { day: number; into: string; amount: number | string }) => [d.day, d.into, d.amount])).toEqual([
      [0, 'depot', 60], [100, 'plasma', '40 * F'], [110, 'plasma', '40 * F'], [120, 'plasma', '40 * F'],
    ]);
    // At 6 months: the depot dose's closed form plus three plasma doses F x 40 mg, each decaying at k_el.
    const rows = readCsv(join(out, 'endpoints.csv'));
    const at = Number(rows.find((r) => r.arm === 'treated' && r.endpoint === 'drug_plasma' && r.visit_day === '182.625')!.value);
    const iv = [100, 110, 120].reduce((sum, tk) => sum + 0.64 * 40 * Math.exp(-0.03 * (182.625 - tk)), 0);
    expect(at).toBeCloseTo(plasma(182.625, [[0, 60]]) + iv, 4);
  });

  it('applies a parameter set file (parameters: FILE) to every arm, and an arm\'s set: at day 0', () => {
    const { dir, file } = trialFile((t) => t.replace('model:', 'parameters: fitted.yaml\nmodel:').replace('  - id: placebo\n    regimen: []', '  - id: placebo\n    regimen: []\n    set: { menopause: 0.5 }'));
    writeFileSync(join(dir, 'fitted.yaml'), 'parameters:\n  IC50: 20\n');
    const out = freshDir();
    expect(bonesim('trial', file, '--out', out).code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    expect(json.parameters.overrides).toEqual({ IC50: 20 });
    const rows = readCsv(join(out, 'endpoints.csv'));
    // Menopause at day 0 raises the placebo marker toward 150 % (k_out 0.5/day: settled within a month).
    expect(Number(rows.find((r) => r.arm === 'placebo' && r.endpoint === 'CTX' && r.visit_day === '30.4375')!.value)).toBeCloseTo(150, 3);
    // A weaker drug (IC50 20 mg instead of 5) suppresses the marker less than the default fixture does.
    const ctx = Number(rows.find((r) => r.arm === 'treated' && r.endpoint === 'CTX' && r.visit_day === '30.4375')!.value);
    const defaults = freshDir();
    bonesim('trial', trialFile().file, '--out', defaults);
    const ctxDefault = Number(readCsv(join(defaults, 'endpoints.csv')).find((r) => r.arm === 'treated' && r.endpoint === 'CTX' && r.visit_day === '30.4375')!.value);
    expect(ctx).toBeGreaterThan(ctxDefault + 10);
  });
});

describe('bonesim trial: bad trial files get file, field and what to do; exit 2; nothing written', () => {
  const cases: Array<[string, (t: string) => string, RegExp]> = [
    ['unknown drug', (t) => t.replace('drug: blocker,', 'drug: blockr,'), /arms\[1\]\.regimen\[0\]\.drug\): "blockr" is not a drug of model turnover\n\s+what to do: did you mean "blocker"\?/],
    ['dose without a unit', (t) => t.replace('dose: 60 mg', 'dose: 60'), /regimen\[0\]\.dose\): the dose 60 has no unit\n\s+what to do: write it with its unit/],
    ['dose of the wrong dimension', (t) => t.replace('dose: 60 mg', 'dose: 60 mL'), /regimen\[0\]\.dose\): the dose "60 mL" is .*, but blocker is dosed in mg/],
    ['zero interval', (t) => t.replace('every: 6 month', 'every: 0 day'), /regimen\[0\]\.every\): the dosing interval must be positive, got "0 day"/],
    ['negative interval', (t) => t.replace('every: 6 month', 'every: -1 month'), /regimen\[0\]\.every\): the dosing interval must be positive/],
    ['visit after the end', (t) => t.replace('visits:', 'duration: 6 month\nvisits:'), /visits\[2\]\): the visit "12 month" is after the end of the trial \(duration 6 month\)/],
    ['dose after the end', (t) => t.replace('until: 6 month', 'until: 18 month'), /regimen\[0\]\.until\): a dose at t = 547\.875 day is after the end of the trial/],
    ['data for an unknown arm', (t) => t.replace('- { arm: treated, endpoint: CTX', '- { arm: treatd, endpoint: CTX'), /data\[0\]\.arm\): the data name the arm "treatd", which the trial does not have\n\s+what to do: did you mean "treated"\?/],
    ['data for an unknown endpoint', (t) => t.replace('endpoint: CTX, visit: 1 month', 'endpoint: P1NP, visit: 1 month'), /data\[0\]\.endpoint\): the data name the endpoint "P1NP"/],
    ['data at a visit the trial does not have', (t) => t.replace('endpoint: CTX, visit: 1 month', 'endpoint: CTX, visit: 2 month'), /data\[0\]\.visit\): "2 month" is not one of the trial's visits\n\s+what to do: add it to visits:/],
    ['an endpoint the model does not have', (t) => t.replace('endpoints: [CTX,', 'endpoints: [CTXX,'), /endpoints\[0\]\): "CTXX" is not an observable or species of model turnover\n\s+what to do: did you mean "CTX"/],
    ['an unknown parameter in set:', (t) => t.replace('  - id: placebo\n    regimen: []', '  - id: placebo\n    regimen: []\n    set: { menopaus: 1 }'), /arms\[0\]\.set\.menopaus\): "menopaus" is not a parameter or input of model turnover/],
    ['a time without a unit', (t) => t.replace('visits: [1 month,', 'visits: [30,'), /visits\[0\]\): the time 30 has no unit/],
  ];
  it.each(cases)('%s', (_name, edit, message) => {
    const { file } = trialFile(edit);
    const out = join(freshDir(), 'out');
    const { code, stdout, stderr } = bonesim('trial', file, '--out', out);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    expect(stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('a model without drugs: says so and what to do', () => {
    const { file } = trialFile((t) => t.replace(`model: ${join(FIXTURES, 'turnover.yaml')}`, `model: ${resolve('models/lemaire2004.yaml')}`)
      .replace('endpoints: [CTX, BMD, { name: drug_plasma, relative: false }]', 'endpoints: [C]').replace(/data:[\s\S]*$/, ''));
    const { code, stderr } = bonesim('trial', file, '--out', freshDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/model lemaire2004 declares no drugs, so "blocker" cannot be dosed\n\s+what to do: use a model with a `drugs:` section/);
  });

  it('a model whose drug goes into an unknown species, or changes units without per_dose_unit, is refused when it loads', () => {
    const model = readFileSync(join(FIXTURES, 'turnover.yaml'), 'utf8');
    for (const [edit, message] of [
      [(m: string) => m.replace('dose_into: depot\n    dose_unit: mg', 'dose_into: deposit\n    dose_unit: mg'), /drugs\.blocker\.dose_into\): dose_into names "deposit", which is not a species/],
      [(m: string) => m.replace('dose_into: depot\n    dose_unit: mg', 'dose_into: depot\n    dose_unit: ug'), /drugs\.blocker\.dose_unit\): a dose in ug adds to depot, which is in mg\n\s+what to do: give per_dose_unit/],
    ] as const) {
      const dir = freshDir();
      writeFileSync(join(dir, 'model.yaml'), edit(model));
      writeFileSync(join(dir, 'trial.yaml'), SMALL.replace(`model: ${join(FIXTURES, 'turnover.yaml')}`, 'model: model.yaml'));
      const { code, stderr } = bonesim('trial', join(dir, 'trial.yaml'), '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });
});
