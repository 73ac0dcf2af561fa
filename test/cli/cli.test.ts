import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-cli-'));

describe('bonesim --version', () => {
  it("prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = bonesim(flag);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
      expect(stderr).toBe('');
    }
  });
});

describe('bonesim run', () => {
  it('writes CSV, JSON and SVG for the Lemaire PTH scenario and exits 0', () => {
    const out = freshDir();
    const { code, stdout } = bonesim('run', 'scenarios/lemaire-pth-injection.yaml', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok\s+lemaire-pth-injection .* expectations 5\/5/);
    const csv = readFileSync(join(out, 'lemaire-pth-injection.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time [day],R [pM],B [pM],C [pM],BV [%],PTH [pM],OPG [pM],RANKL [pM],RANK_occupancy [1],TGFb_occupancy [1],formation [%/day],resorption [%/day]');
    expect(csv).toHaveLength(144); // header + days 0..140, with days 20 and 80 (the events) twice: just before and just after
    expect(csv.filter((row) => row.startsWith('20,'))).toHaveLength(2);
    expect(csv[143].startsWith('140,')).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'lemaire-pth-injection.json'), 'utf8'));
    expect(json.model.id).toBe('lemaire2004');
    expect(json.solver).toMatchObject({ method: 'auto', ran: ['dp5'], rtol: 1e-8 });
    expect(json.stats.steps).toBeGreaterThan(0);
    expect(json.events.map((e: { time: number }) => e.time)).toEqual([20, 80]);
    expect(json.passed).toBe(true);
    expect(json.versions.odex).toBe('2.0.4');
    expect(json.series.C.values).toHaveLength(143);
    const svg = readFileSync(join(out, 'lemaire-pth-injection.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect((svg.match(/class="panel"/g) ?? []).length).toBe(11);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 1 when an expectation fails, and says which', () => {
    const { code, stdout } = bonesim('run', 'test/fixtures/failing-expectation.yaml', '--out', freshDir(), '--format', 'csv');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL failing-expectation/);
    expect(stdout).toMatch(/failed: BV\(end\) > 101 {2}\[BV\(end\) = 100; 101 = 101\]/);
  });

  it('exits 2 for malformed YAML, naming the file and line, and writes nothing', () => {
    const out = freshDir();
    const { code, stderr } = bonesim('run', 'test/fixtures/bad/yaml-unclosed-bracket.yaml', '--out', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: test\/fixtures\/bad\/yaml-unclosed-bracket\.yaml:\d+:\d+: this is not valid YAML/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('exits 2 for an unknown parameter, with the field, line and a suggestion', () => {
    const { code, stderr } = bonesim('run', 'test/fixtures/bad/event-unknown-target.yaml', '--out', freshDir());
    expect(code).toBe(2);
    expect(stderr).toContain('event-unknown-target.yaml:8:12 (events[0].set.K_LQ): "K_LQ" is not a species, parameter or input of model lemaire2004');
    expect(stderr).toContain('what to do: did you mean "K_LP" (maximal RANKL per active osteoblast)?');
  });

  it('exits 3 when the run drives a population negative, and writes nothing', () => {
    const out = freshDir();
    const { code, stderr } = bonesim('run', 'test/fixtures/lemaire-lc8-infeasible.yaml', '--out', out);
    expect(code).toBe(3);
    expect(stderr).toMatch(/R \(responding \(precursor\) osteoblasts \(ROB\)\) became negative at t = 2\d\.\d+ day/);
    expect(existsSync(join(out, 'lemaire-lc8-infeasible.csv'))).toBe(false);
  });

  it('--keep-partial keeps the trajectory up to the failure as NAME.failed.csv, and the run still fails', () => {
    const out = freshDir();
    const { code, stderr } = bonesim('run', 'test/fixtures/lemaire-lc8-infeasible.yaml', '--out', out, '--keep-partial');
    expect(code).toBe(3);
    expect(stderr).toMatch(/became negative at t = 2\d\.\d+ day/);
    expect(stderr).toContain('it is not a result');
    expect(existsSync(join(out, 'lemaire-lc8-infeasible.csv'))).toBe(false);
    const rows = readFileSync(join(out, 'lemaire-lc8-infeasible.failed.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    const failedAt = Number(/became negative at t = ([\d.]+) day/.exec(stderr)![1]);
    const last = rows[rows.length - 1];
    // Up to the failure (removal starts on day 20, R reaches 0 about 0.69 days later), not past it.
    expect(last[0]).toBeGreaterThanOrEqual(20);
    expect(last[0]).toBeLessThanOrEqual(failedAt + 1e-6);
    // R at rest before the removal, near zero at the end: the collapse the error reports.
    expect(rows[1][1]).toBeCloseTo(7.734e-4, 6);
    expect(Math.abs(last[1])).toBeLessThan(1e-3 * rows[1][1]);
  });

  it('exits 2 for an unknown output format or option', () => {
    expect(bonesim('run', 'scenarios/lemaire-baseline.yaml', '--format', 'xls').code).toBe(2);
    expect(bonesim('run', '--no-such-option').code).toBe(2);
  });
});

describe('bonesim validate and list', () => {
  it('validates models and scenarios', () => {
    const { code, stdout } = bonesim('validate', 'models/lemaire2004.yaml', 'scenarios/lemaire-pth-injection.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok {3}models\/lemaire2004\.yaml: model lemaire2004 \(4 species, 22 parameters/);
    expect(stdout).toMatch(/ok {3}scenarios\/lemaire-pth-injection\.yaml: scenario lemaire-pth-injection on lemaire2004 \(140 day, 2 events, 5 expectations\)/);
  });

  it('exits 2 on a bad file', () => {
    expect(bonesim('validate', 'test/fixtures/bad/event-unknown-target.yaml').code).toBe(2);
  });

  it('validates trials, fits and ensemble designs as what they are, and names the wrong field of a bad one', () => {
    const { code, stdout } = bonesim('validate', 'trials/freedom.yaml', 'fits/shared.yaml', 'ensembles/opg-knockout-sobol.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok {3}trials\/freedom\.yaml: trial freedom on bone-rankl-clinical \(2 arms, 5 visits, 7 data points\)/);
    expect(stdout).toMatch(/ok {3}fits\/shared\.yaml: fit bone-rankl-shared on bone-rankl-clinical \(10 parameters, 4 trials\)/);
    expect(stdout).toMatch(/ok {3}ensembles\/opg-knockout-sobol\.yaml: ensemble design opg-knockout-sobol of scenario opg-knockout \(2,048 members, sobol\)/);
    const dir = mkdtempSync(join(tmpdir(), 'bonesim-validate-'));
    const trial = join(dir, 'unknown-drug.yaml');
    writeFileSync(trial, readFileSync('trials/freedom.yaml', 'utf8').replace('drug: denosumab', 'drug: aspirin'));
    const bad = bonesim('validate', trial);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown-drug.yaml');
    expect(bad.stderr).toMatch(/aspirin/);
  });

  it('lists models and scenarios with their titles', () => {
    const { code, stdout } = bonesim('list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/lemaire2004\s+Osteoblast-osteoclast interactions/);
    expect(stdout).toMatch(/pivonka2008\s+Bone cell populations/);
    expect(stdout).toMatch(/lemaire-pth-injection\s+Continuous PTH administration on days 20-80 \(Lemaire 2004\)\s+\[lemaire2004\]/);
  });
});
