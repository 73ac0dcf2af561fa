// Issue 16: names you can discover (ids everywhere, describe, suggestions by meaning), every
// problem of a file in one pass, flags validated like fields, time units in expectations, steady --at.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-discover-'));
function scratchScenario(body: string): string {
  const file = join(freshDir(), 'scratch.yaml');
  writeFileSync(file, body);
  return file;
}

describe('ids everywhere', () => {
  it('run, steady and describe take the ids `bonesim list` shows', () => {
    const out = freshDir();
    const run = bonesim('run', 'lemaire-baseline', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+lemaire-baseline /);
    const steady = bonesim('steady', 'pivonka2008');
    expect(steady.code).toBe(0);
    expect(steady.stdout).toContain('OCa  8.0696e-4 pM');
  });

  it('list shows the shipped trials, and describe reads a trial by its id: arms, regimens with their dose counts, visits, endpoints', () => {
    const list = bonesim('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^trials \(/m);
    expect(list.stdout).toMatch(/^ {2}freedom\s+FREEDOM.*\[bone-rankl-clinical\]$/m);
    const text = bonesim('describe', 'freedom');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^trial freedom: FREEDOM/);
    // FREEDOM: 60 mg every 6 months from day 0 to month 30 is six doses, the last at 30 x 30.4375 days.
    expect(text.stdout).toContain('denosumab 60 mg, 6 doses from 0 day to 913.125 day');
    expect(text.stdout).toMatch(/^ {2}placebo: .*\n {4}no drug$/m);
    expect(text.stdout).toMatch(/^model bone-rankl-clinical: /m);
    const json = JSON.parse(bonesim('describe', 'freedom', '--format', 'json').stdout);
    expect(json.trial.arms.map((a: { id: string }) => a.id)).toEqual(['placebo', 'denosumab-60']);
    expect(json.trial.arms[1].regimen).toEqual([{ drug: 'denosumab', dose: '60 mg', doses: 6, from: '0 day', until: '913.125 day' }]);
    expect(json.trial.dataPoints).toBe(json.trial.arms.reduce((n: number, a: { dataPoints: number }) => n + a.dataPoints, 0));
  });

  it('a reader that stops early ends nothing in a crash: `bonesim list | true` exits 0 in silence', () => {
    // `true` exits before bonesim writes, so every write meets a closed pipe (EPIPE).
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" bin/bonesim.mjs list | true; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 120_000 });
    expect(piped.stdout.trim()).toBe('exit 0');
    expect(piped.stderr).toBe('');
  });

  it('a misspelt id gets the closest id', () => {
    const { code, stderr } = bonesim('run', 'denosumb');
    expect(code).toBe(2);
    expect(stderr).toContain('no file and no scenario with id "denosumb"');
    expect(stderr).toContain('did you mean "denosumab"?');
  });
});

describe('bonesim describe', () => {
  it('lists species, parameters with unit, range and source, modules, inputs, roles and observables', () => {
    const { code, stdout } = bonesim('describe', 'bone-rankl');
    expect(code).toBe(0);
    for (const heading of ['species (', 'parameters (', 'modules (', 'inputs (', 'roles:', 'observables (']) expect(stdout).toContain(heading);
    expect(stdout).toMatch(/\n {2}on_\w+\s+on\s+\S/);
  });

  it('--format json gives the same for programs, with every parameter of the model', () => {
    const { code, stdout } = bonesim('describe', 'lemaire2004', '--format', 'json');
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as { model: { parameters: Array<{ name: string; unit: string; source: string; range: number[] }>; inputs: Array<{ name: string }> } };
    const k = data.model.parameters.find((p) => p.name === 'K_LP')!;
    expect(k.unit).toBeTruthy();
    expect(k.source).toBeTruthy();
    expect(k.range[0]).toBeCloseTo(0.5 * 3e6, -3);
    expect(data.model.inputs.map((i) => i.name)).toContain('I_P');
  });

  it('describes a scenario: its model, events (a repeating one once, with its count) and expectations', () => {
    const { code, stdout } = bonesim('describe', 'denosumab', '--format', 'json');
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as { scenario: { model: string; events: Array<{ times?: number }>; expect: unknown[] } };
    expect(data.scenario.model).toBe('bone-rankl');
    expect(data.scenario.events.some((e) => (e.times ?? 1) > 1)).toBe(true);
    expect(data.scenario.expect.length).toBeGreaterThan(0);
  });
});

describe('suggestions by meaning, and every problem in one pass', () => {
  it("Lemaire's I_P on pivonka2008 suggests its PTH input, and names the inputs", () => {
    const file = scratchScenario('id: s\nmodel: pivonka2008\nduration: 10 day\nparameters: { I_P: 5 }\n');
    const { code, stderr } = bonesim('validate', file);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean "P_PTH_d" (exogenous PTH dosing)?');
    expect(stderr).toContain("The model's inputs: P_PTH_d, P_OPG_d, P_RANKL_d, P_TGFb_d.");
  });

  it('a parameter given to add: is said to be a parameter, with what to write instead', () => {
    const file = scratchScenario('id: s\nmodel: lemaire2004\nduration: 10 day\nevents:\n  - { at: 1 day, add: { K_LP: 1 } }\n');
    const { stderr } = bonesim('validate', file);
    expect(stderr).toContain('"K_LP" is a parameter of model lemaire2004, not a species');
    expect(stderr).toContain('use `set:` to change a parameter or input');
  });

  it('reports all the problems of a file at once, each with its line', () => {
    const file = scratchScenario('id: s\nmodel: lemaire2004\nduration: 10 day\nparameters: { D_Q: 1, k_X: 2 }\ninitial: { OCa: 1 }\nexpect: [ "Q(end) > 0" ]\n');
    const { code, stderr } = bonesim('validate', file);
    expect(code).toBe(2);
    expect(stderr).toContain('4 problems:');
    expect(stderr).toMatch(/:4:\d+ \(parameters\.D_Q\)/);
    expect(stderr).toMatch(/:4:\d+ \(parameters\.k_X\)/);
    expect(stderr).toMatch(/:5:\d+ \(initial\.OCa\)/);
    expect(stderr).toMatch(/:6:\d+ \(expect\[0\]\)/);
  });

  it('a missing time_unit says it is missing, not "got undefined undefined"', () => {
    const file = scratchScenario('id: m\ntitle: m\ncitation: m\nspecies: { x: { initial: 1, unit: pM, description: x } }\nparameters: {}\nrates: { x: 0 }\n');
    const { code, stderr } = bonesim('validate', file);
    expect(code).toBe(2);
    expect(stderr).toContain('(time_unit): required field is missing (one of');
    expect(stderr).not.toContain('undefined');
  });
});

describe('flags are checked like the fields they override', () => {
  it.each([['0', 'must be above 0'], ['abc', 'expected a number'], ['-1', 'must be above 0'], ['1e10', 'rtol must be at most 0.1']])('--rtol %s: exit 2 and the reason', (value, words) => {
    const { code, stderr } = bonesim('run', 'lemaire-baseline', `--rtol=${value}`, '--out', freshDir());
    expect(code).toBe(2);
    expect(stderr).toContain(words);
  });
});

describe('times with units everywhere', () => {
  it('time_of_max(C) > 3 week is read in the model unit', () => {
    const file = scratchScenario(['id: tu', 'model: lemaire2004', 'duration: 140 day', "inputs: { I_P: 't > 20 and t <= 80 ? 1000 : 0' }",
      'expect:', '  - time_of_max(C) > 3 week', '  - time_of_max(C) < 12 week', '  - time_of_max(C) < end - 8 week'].join('\n'));
    const { code, stdout } = bonesim('run', file, '--out', freshDir());
    expect(code).toBe(0);
    expect(stdout).toContain('expectations 3/3');
  });

  it('steady --at evaluates the scenario as it stands then (PTH on from day 20 to 80)', () => {
    const during = bonesim('steady', 'lemaire-pth-injection', '--at', '50 day', '--json');
    const after = bonesim('steady', 'lemaire-pth-injection', '--at', '100');
    expect(during.code).toBe(0);
    const report = JSON.parse(during.stdout) as { steadyStates: Array<{ changes: Record<string, number>; y: number[] }> };
    expect(report.steadyStates).toHaveLength(1);
    expect(report.steadyStates[0].changes.I_P).toBe(1000);
    expect(report.steadyStates[0].y[2]).toBeGreaterThan(3 * 9.1275e-4);
    expect(after.stdout).toContain('at t = 100 day');
    expect(after.stdout).toMatch(/C\s+9\.1275e-4 pM/);
    expect(bonesim('steady', 'lemaire-pth-injection', '--at', '500 day').stderr).toContain('outside the scenario');
  });
});
