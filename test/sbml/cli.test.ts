import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-sbml-'));
const biomodel = (name: string) => ['../shared/biomodels', '/work/shared/biomodels'].map((d) => join(d, name)).find((p) => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
})!;

describe('bonesim run FILE.xml', () => {
  it('runs an SBML file for --duration with a unit (converted to the model\'s unit) and writes columns named by SBML id', () => {
    const out = freshDir();
    const { code, stdout } = bonesim('run', biomodel('BIOMD0000000148_url.xml'), '--duration', '20 week', '--output-every', '1 week', '--out', out, '--format', 'csv,json');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok\s+BIOMD0000000148_url /);
    const csv = readFileSync(join(out, 'BIOMD0000000148_url.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 4)).toEqual(['time [day]', 'x1 [unknown]', 'x2 [unknown]', 'x1_bar [unknown]']);
    expect(csv).toHaveLength(22);
    expect(csv[21].startsWith('140,')).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'BIOMD0000000148_url.json'), 'utf8'));
    expect(json.events.map((e: { label: string }) => e.label)).toContain('SBML event event_0000003');
  });

  it('takes a bare number in the model\'s own time unit (seconds when the file declares none, or --time-unit)', () => {
    const out = freshDir();
    const file = biomodel('BIOMD0000000278_url.xml');
    expect(bonesim('run', file, '--duration', '10', '--output-every', '5', '--out', out, '--format', 'csv').code).toBe(0);
    expect(readFileSync(join(out, 'BIOMD0000000278_url.csv'), 'utf8').split('\n')[0]).toMatch(/^time \[second\],R \[unknown\]/);
    expect(bonesim('run', file, '--duration', '10', '--time-unit', 'day', '--out', out, '--format', 'csv').code).toBe(0);
    expect(readFileSync(join(out, 'BIOMD0000000278_url.csv'), 'utf8').split('\n')[0]).toMatch(/^time \[day\]/);
  });

  it('exits 2 for malformed XML and for an unknown id, naming the element, and writes nothing', () => {
    const out = freshDir();
    const malformed = bonesim('run', 'test/fixtures/sbml/malformed.xml', '--duration', '10', '--out', out);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^error: test\/fixtures\/sbml\/malformed\.xml:6:\d+: the file is not well-formed XML/);
    const unknown = bonesim('run', 'test/fixtures/sbml/unknown-id.xml', '--duration', '10', '--out', out);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown-id\.xml:\d+: "kdeg" is not an id of the model in the kineticLaw of reaction "degradation"/);
    expect(bonesim('run', biomodel('BIOMD0000000148_url.xml'), '--out', out).stderr).toMatch(/an SBML file has no run length/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('bonesim import FILE.xml', () => {
  it('writes a model file and a scenario with the SBML events, which bonesim runs', () => {
    const dir = freshDir();
    const model = join(dir, 'models', 'komarova-sbml.yaml');
    const { code, stdout } = bonesim('import', biomodel('BIOMD0000000148_url.xml'), '--out', model, '--duration', '400 day');
    expect(code).toBe(0);
    expect(stdout).toContain('the 4 SBML events became state events of scenario komarova-sbml');
    const scenario = join(dir, 'scenarios', 'komarova-sbml.yaml');
    expect(readFileSync(scenario, 'utf8')).toContain('model: ../models/komarova-sbml.yaml');
    const run = bonesim('run', scenario, '--out', join(dir, 'out'), '--format', 'csv');
    expect(run.code).toBe(0);
    expect(bonesim('validate', model).code).toBe(0);
  });

  it('a scenario may name the SBML file itself as its model (its events join the scenario\'s)', () => {
    const dir = freshDir();
    const scenario = join(dir, 'komarova.yaml');
    writeFileSync(scenario, [
      'id: komarova-from-sbml', 'title: Komarova 2003 from its SBML file', 'description: the curated model run as a scenario',
      `model: ${biomodel('BIOMD0000000148_url.xml')}`, 'duration: 400 day', 'output_every: 10 day', 'start: initial',
      'expect:', '  - that: min(x1) < 1.0606', '    why: the osteoclast burst undershoots the steady state x1_bar = 1.0607 once',
    ].join('\n'));
    const { code, stdout } = bonesim('run', scenario, '--out', join(dir, 'out'), '--format', 'json');
    expect(code).toBe(0);
    expect(stdout).toContain('expectations 1/1');
    const json = JSON.parse(readFileSync(join(dir, 'out', 'komarova-from-sbml.json'), 'utf8'));
    expect(json.events.some((e: { label: string }) => e.label === 'SBML event event_0000002')).toBe(true);
  });

  it('exits 2 and writes nothing when the SBML holds what a model file cannot (a delayed event)', () => {
    const dir = freshDir();
    const file = join(dir, 'delayed.xml');
    writeFileSync(file, readFileSync('test/fixtures/sbml/unknown-id.xml', 'utf8')
      .replace('<ci> kdeg </ci>', '<cn> 0.1 </cn>')
      .replace('</listOfReactions>', `</listOfReactions>
    <listOfEvents><event id="dose" useValuesFromTriggerTime="true">
      <trigger initialValue="true" persistent="true"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><gt/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time"> t </csymbol><cn> 1 </cn></apply></math></trigger>
      <delay><math xmlns="http://www.w3.org/1998/Math/MathML"><cn> 2 </cn></math></delay>
      <listOfEventAssignments><eventAssignment variable="A"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn> 5 </cn></math></eventAssignment></listOfEventAssignments>
    </event></listOfEvents>`));
    const { code, stderr } = bonesim('import', file, '--out', join(dir, 'models', 'delayed.yaml'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/SBML event "dose" has a delay, which bonesim scenario events cannot represent/);
    expect(readdirSync(dir)).toEqual(['delayed.xml']);
    // bonesim run follows SBML event semantics instead.
    const run = bonesim('run', file, '--duration', '5', '--out', join(dir, 'out'), '--format', 'csv');
    expect(run.code).toBe(0);
    const rows = readFileSync(join(dir, 'out', 'delayed.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
    const at = (t: number) => rows.find((r) => Math.abs(r[0] - t) < 1e-9)!;
    expect(at(3)[1]).toBeCloseTo(5, 9);
    expect(at(2.95)[1]).toBeCloseTo(Math.exp(-0.1 * 2.95), 6);
  });
});
