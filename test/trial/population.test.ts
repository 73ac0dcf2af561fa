import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrial } from '../../src/cli/trialFiles.ts';
import { memberParameters } from '../../src/ensemble/sampling.ts';
import { prepareTrial } from '../../src/trial/runTrial.ts';

// A trial with population: FILE (a population design) runs every member through every arm, each against its own
// baseline, and reports the 5th, 50th and 95th percentiles beside the typical patient.

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const FILE = 'test/fixtures/trial/small-population.yaml';

describe('trial populations', () => {
  it('writes p05, p50 and p95 per arm, endpoint and visit: each member against her own baseline, the median the members\' median', () => {
    const out = mkdtempSync(join(tmpdir(), 'bonesim-population-'));
    const { code, stderr } = bonesim('trial', FILE, '--out', out, '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [header, ...rows] = readFileSync(join(out, 'endpoints.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('arm,endpoint,visit_day,value,p05,p50,p95');
    const parsed = rows.map((r) => r.split(','));
    for (const [arm, endpoint, , value, p05, p50, p95] of parsed) {
      expect(Number(p05)).toBeLessThanOrEqual(Number(p50));
      expect(Number(p50)).toBeLessThanOrEqual(Number(p95));
      // Placebo members stay at their own baselines, whatever their parameters.
      if (arm === 'placebo' && endpoint !== 'drug_plasma') for (const v of [value, p05, p50, p95]) expect(Number(v)).toBeCloseTo(100, 6);
    }
    // The median against the members run one by one as typical patients with their own parameters.
    const { trial, model } = loadTrial(FILE);
    if (trial.population === 'typical') throw new Error('expected a population');
    const { design, members } = trial.population;
    expect(members).toBe(40);
    const prepared = prepareTrial({ ...trial, population: 'typical' }, model);
    const p = new Float64Array(design.parameterNames.length);
    const ctx: number[] = [];
    for (let i = 0; i < members; i++) {
      memberParameters(design, i, p);
      const run = prepared.run({ IC50: p[design.parameterNames.indexOf('IC50')], k_out: p[design.parameterNames.indexOf('k_out')] });
      ctx.push(run.arms[1].atVisits.CTX[0]);
    }
    ctx.sort((a, b) => a - b);
    const median = (ctx[19] + ctx[20]) / 2;
    const row = parsed.find((r) => r[0] === 'treated' && r[1] === 'CTX' && r[2] === '30.4375')!;
    expect(Number(row[5])).toBeCloseTo(median, 4);
    expect(Number(row[4])).toBeLessThan(Number(row[6]) - 5);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect((html.match(/class="population-band"/g) ?? []).length).toBe(2 * 3);
    expect(html).toContain('population: turnover-population (40 members');
  });

  it('refuses a population that is neither typical nor a design file: file, field, what to do, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bonesim-population-'));
    const file = join(dir, 'trial.yaml');
    writeFileSync(file, readFileSync(FILE, 'utf8').replace('population: population.yaml', 'population: typicl').replace('model: turnover.yaml', `model: ${join(process.cwd(), 'test/fixtures/trial/turnover.yaml')}`));
    const { code, stderr } = bonesim('trial', file, '--out', join(dir, 'out'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/\(population\): population "typicl" is neither typical nor a design file/);
    expect(stderr).toMatch(/what to do: write population: typical, or the path of a population design/);
  });
});
