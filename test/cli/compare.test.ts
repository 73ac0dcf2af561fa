import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareCommand } from '../../src/cli/compare.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-compare-'));
let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('bonesim compare', () => {
  it('writes the report, charts, metrics and aligned trajectories, and prints the summary', async () => {
    const out = freshDir();
    const code = await compareCommand(['scenarios/lemaire-pth-injection.yaml', 'scenarios/pivonka-baseline.yaml'], { out, observables: 'bone_volume,active_osteoclasts,rankl' });
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['charts', 'metrics.csv', 'metrics.json', 'report.html', 'trajectories.csv']);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(
      ['active-osteoclasts', 'bone-volume', 'overview', 'rankl'].flatMap((n) => [`${n}.png`, `${n}.svg`]));
    expect(readFileSync(join(out, 'charts', 'overview.png')).subarray(1, 4).toString()).toBe('PNG');

    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^scenario,title,model,reference,bv_change_end \[%\],bv_change_end_time \[day\],/);
    expect(csv[1]).toMatch(/^lemaire-pth-injection,.*,lemaire2004,lemaire2004-steady-state,-0\.1\d+,140,/);
    const json = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(json.format).toBe('bonesim-metrics/1');
    expect(json.runs.map((r: { model: string; isBaseline: boolean }) => [r.model, r.isBaseline])).toEqual([['lemaire2004', false], ['pivonka2008', true]]);
    const peak = json.metrics[0].populations.find((p: { role: string }) => p.role === 'active_osteoclasts').peak;
    expect(peak.fold).toBeGreaterThan(3);
    expect(peak.time).toBeGreaterThan(20);
    expect(peak.time).toBeLessThanOrEqual(80); // osteoclasts climb until the infusion stops

    // Different durations (140 days, 10 years) on one grid: the shorter run's columns end at day 140.
    const trajectories = readFileSync(join(out, 'trajectories.csv'), 'utf8').trim().split('\n');
    expect(trajectories[0]).toBe('time [day],bone_volume:lemaire-pth-injection [%],bone_volume:pivonka-baseline [%],'
      + 'active_osteoclasts:lemaire-pth-injection [pM],active_osteoclasts:pivonka-baseline [pM],rankl:lemaire-pth-injection [pM],rankl:pivonka-baseline [pM]');
    expect(trajectories).toHaveLength(1 + 3654); // days 0..3652 and 3652.5 (ten Julian years)
    expect(trajectories[141].split(',')[1]).not.toBe('');
    expect(trajectories[142].split(',')[1]).toBe('');

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect((html.match(/<figure class="chart/g) ?? []).length).toBe(3);
    expect(stdout).toMatch(/scenario\s+BV 1 y\s+BV 5 y\s+BV 10 y\s+BV end\s+OC peak/);
    expect(stdout).toMatch(/Continuous PTH administration on days 20-80 \(Lemaire 2004\)\s+\u2013\s+\u2013\s+\u2013\s+\u22120\.1 %\s+4\.0\d\u00d7/);
    expect(stdout).toContain(`report: ${join(out, 'report.html')}`);
    expect(stderr).toMatch(/\[2\/2\] pivonka-baseline \(pivonka2008\)/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an unknown observable, naming the choices, and writes nothing', async () => {
    const out = freshDir();
    const code = await compareCommand(['scenarios/lemaire-pth-injection.yaml'], { out, observables: 'osteocytes' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/"osteocytes" is not an observable of the compared runs\n {2}what to do: choose from: bone_volume/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('exits 3 and writes nothing when one run fails numerically', async () => {
    const out = freshDir();
    const code = await compareCommand(['scenarios/lemaire-baseline.yaml', 'test/fixtures/lemaire-lc8-infeasible.yaml'], { out, quiet: true });
    expect(code).toBe(3);
    expect(stderr).toMatch(/became negative/);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('is a bonesim command, measuring against --baseline', () => {
    const out = freshDir();
    const run = spawnSync(process.execPath, ['bin/bonesim.mjs', 'compare', 'scenarios/lemaire-pth-injection.yaml', '--baseline', 'scenarios/lemaire-baseline.yaml',
      '--observables', 'bone_volume', '--log', '--out', out, '-q'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(json.runs.map((r: { scenario: string; reference: string }) => [r.scenario, r.reference])).toEqual([
      ['lemaire-baseline', 'lemaire-baseline'], ['lemaire-pth-injection', 'lemaire-baseline']]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="log-scale" class="scale-toggle" checked');
    expect(readFileSync(join(out, 'charts', 'bone-volume.svg'), 'utf8')).toContain('%, log scale');
  });
});
