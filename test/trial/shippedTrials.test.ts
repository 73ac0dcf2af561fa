import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The shipped trials run on the shipped model: every arm, every endpoint at every visit, every data point beside a
// model value. How close the model comes is the model's business (test/models/); this checks the trial files and
// the tools on them.

const shippedHasDrugs = 'drugs' in (parse(readFileSync('models/bone-rankl-clinical.yaml', 'utf8')) as object);
const TRIALS = readdirSync('trials').filter((f) => f.endsWith('.yaml')).sort();

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!shippedHasDrugs)('the shipped trials (need models/bone-rankl-clinical.yaml with drugs:)', () => {
  it('ships the four trials of issue 11', () => {
    expect(TRIALS).toEqual(['denosumab-phase2.yaml', 'freedom.yaml', 'pth-infusion-horwitz2011.yaml', 'teriparatide-neer2001.yaml']);
  });

  it.each(TRIALS)('%s runs: every arm, endpoint and visit, and every data point with a finite model value', (file) => {
    const trial = parse(readFileSync(join('trials', file), 'utf8'));
    const out = mkdtempSync(join(tmpdir(), 'bonesim-shipped-'));
    const { code, stderr } = bonesim('trial', join('trials', file), '--out', out, '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = readFileSync(join(out, 'endpoints.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + trial.arms.length * trial.endpoints.length * trial.visits.length);
    for (const row of rows.slice(1)) expect(Number.isFinite(Number(row.split(',')[3]))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    expect(json.data).toHaveLength(trial.data.length);
    for (const d of json.data) expect(Number.isFinite(d.model)).toBe(true);
    expect(json.trial.source).toBeTruthy();
  });
});
