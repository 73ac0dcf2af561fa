import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-export-'));

describe('bonesim export --sbml', () => {
  it('writes a model named by its id as SBML Level 3 Version 2 and says what SBML does not carry', () => {
    const out = join(freshDir(), 'sub', 'lemaire2004.xml');
    const { code, stdout, stderr } = bonesim('export', 'lemaire2004', '--sbml', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^wrote ${out.replace(/[.]/g, '\\.')}: model lemaire2004 as SBML Level 3 Version 2\n`));
    expect(stdout).toContain('not carried by SBML');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<sbml xmlns="http:\/\/www.sbml.org\/sbml\/level3\/version2\/core" level="3" version="2">/);
    expect(xml).toContain('<rateRule variable="C">');
  });

  it('takes a model file, a scenario file or a bundled scenario\'s id', () => {
    const dir = freshDir();
    expect(bonesim('export', 'models/komarova2003.yaml', '--sbml', join(dir, 'k.xml'), '--quiet')).toMatchObject({ code: 0, stdout: '' });
    const scenario = bonesim('export', 'scenarios/lemaire-pth-injection.yaml', '--sbml', join(dir, 'pth.xml'));
    expect(scenario.code).toBe(0);
    expect(scenario.stdout).toMatch(/scenario lemaire-pth-injection on model lemaire2004/);
    expect(scenario.stdout).toMatch(/Run settings: duration 140 day, output every 1 day/);
    expect(readFileSync(join(dir, 'pth.xml'), 'utf8')).toContain('<event id="event0" name="PTH infusion starts at t = 20 day" useValuesFromTriggerTime="false">');
    expect(bonesim('export', 'denosumab', '--sbml', join(dir, 'den.xml')).code).toBe(0);
    expect(readFileSync(join(dir, 'den.xml'), 'utf8')).toContain('model bone-rankl with the scenario denosumab');
  });

  it('exits 2 for an unknown id, a missing file or no --sbml, and writes nothing', () => {
    const dir = freshDir();
    const unknown = bonesim('export', 'lemaire2005', '--sbml', join(dir, 'x.xml'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no file and no scenario or model with id "lemaire2005"[^]*did you mean "lemaire2004"/);
    expect(bonesim('export', 'models/nothing.yaml', '--sbml', join(dir, 'x.xml')).stderr).toMatch(/^error: models\/nothing.yaml: file not found/);
    const noOut = bonesim('export', 'lemaire2004');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--sbml: say where to write the SBML/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 for a scenario SBML cannot carry (stop: true), naming the event, and writes nothing', () => {
    const dir = freshDir();
    const { code, stderr } = bonesim('export', 'test/fixtures/sbml/lemaire-stop.yaml', '--sbml', join(dir, 'stop.xml'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: test\/fixtures\/sbml\/lemaire-stop\.yaml \(events\[1\]\.stop\): the event "bone loss" ends the run \(stop: true\), which SBML cannot express/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to overwrite the model it reads', () => {
    const dir = freshDir();
    const model = join(dir, 'lemaire2004.yaml');
    copyFileSync('models/lemaire2004.yaml', model);
    const before = readFileSync(model, 'utf8');
    const { code, stderr } = bonesim('export', model, '--sbml', model);
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to overwrite the input file/);
    expect(readFileSync(model, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['lemaire2004.yaml']);
    expect(existsSync(join(dir, 'lemaire2004.xml'))).toBe(false);
  });
});
