import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shareFromOptions } from '../../src/cli/ensemble.ts';
import { readManifest } from '../../src/node/ensemble/manifest.ts';
import { expectSameFolders, modifiedTimes, POPULATION, root, scratch } from '../ensemble/folders.ts';

const bonesim = join(root, 'bin', 'bonesim.mjs');
const run = (...args: string[]) => spawnSync('node', [bonesim, ...args], { encoding: 'utf8', cwd: root });
/** Many small chunks on two threads, so a kill lands between chunks and inside them. */
const FLAGS = ['--points', '30', '--chunk-size', '4', '--threads', '2', '--no-png'];

/** Start the ensemble, wait until a few chunks are written, then a random moment more, and send the signal. */
async function interrupt(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; partsAtKill: number }> {
  const child = spawn('node', [bonesim, 'ensemble', POPULATION, '--out', out, ...FLAGS], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  const parts = () => (existsSync(join(out, 'manifest.json')) ? (readManifest(out)?.parts.length ?? 0) : 0);
  const started = Date.now();
  while (parts() < 3 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 150)));
  const partsAtKill = parts();
  child.kill(signal);
  return { ...(await exited), stderr, partsAtKill };
}

describe('bonesim ensemble on the command line', () => {
  it('killed with SIGKILL at a random point, the same command resumes: no member lost, none run again, the output byte-identical to an uninterrupted run', async () => {
    const reference = join(scratch('cli-reference'), 'out');
    const uninterrupted = run('ensemble', POPULATION, '--out', reference, ...FLAGS);
    expect(uninterrupted.status, uninterrupted.stderr).toBe(0);
    const total = readManifest(reference)!.chunks;

    const out = join(scratch('cli-killed'), 'out');
    const killed = await interrupt(out, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const after = readManifest(out)!;
    expect(after.complete).toBe(false);
    expect(after.parts.length).toBeGreaterThanOrEqual(killed.partsAtKill);
    expect(after.parts.length).toBeLessThan(total);
    // A chunk is written when both its parts are (members, then trajectories, then the manifest entry).
    const trajectories = existsSync(join(out, 'trajectories')) ? modifiedTimes(out, 'trajectories') : new Map<string, number>();
    const before = new Map([...modifiedTimes(out, 'members')].filter(([name]) => trajectories.has(name)));
    const resumed = run('ensemble', POPULATION, '--out', out, ...FLAGS);
    expect(resumed.status, resumed.stderr).toBe(0);
    // The chunks written before the kill (listed, or on disk just before their manifest entry) were kept, not run again.
    const kept = resumed.stderr.match(/240 members, (\d+) done before \(resumed\)/);
    expect(kept).not.toBeNull();
    expect(Number(kept![1])).toBe(4 * before.size);
    const now = modifiedTimes(out, 'members');
    for (const [name, time] of before) expect(now.get(name), name).toBe(time);
    expectSameFolders(reference, out);
    expect(run('ensemble', '--verify', out).status).toBe(0);
  }, 240_000);

  it('Ctrl-C stops between chunks with exit 130 and a note; the rerun completes the same output', async () => {
    const reference = join(scratch('cli-reference-int'), 'out');
    expect(run('ensemble', POPULATION, '--out', reference, ...FLAGS).status).toBe(0);
    const out = join(scratch('cli-interrupted'), 'out');
    const stopped = await interrupt(out, 'SIGINT');
    if (readManifest(out)!.complete) return expect.unreachable('the run finished before the signal arrived');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/run the same command again to resume/);
    expect(run('ensemble', POPULATION, '--out', out, ...FLAGS).status).toBe(0);
    expectSameFolders(reference, out);
  }, 240_000);

  it('exit codes: bad flags and designs 2, every member refused 2, a damaged folder fails --verify', () => {
    const out = join(scratch('cli-codes'), 'out');
    expect(run('ensemble', POPULATION).stderr).toMatch(/--out DIR is required/);
    expect(run('ensemble', POPULATION).status).toBe(2);
    expect(run('ensemble', POPULATION, '--out', out, '--shard', '4/4').status).toBe(2);
    expect(run('ensemble', POPULATION, '--out', out, '--threads', 'many').status).toBe(2);
    const sensitivity = run('sensitivity', POPULATION, '--out', out);
    expect(sensitivity.status).toBe(2);
    expect(sensitivity.stderr).toMatch(/set analysis.mode to local, morris or sobol/);
    const refused = run('ensemble', join(root, 'test', 'fixtures', 'ensembles', 'lemaire-refused.yaml'), '--out', out, '--no-png');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/20 x input: D_R = … is outside the values it may take/);
    expect(run('ensemble', '--verify', out).status).toBe(0);
    const part = join(out, 'members', 'part-00000.parquet');
    spawnSync('truncate', ['-s', '100', part]);
    const verify = run('ensemble', '--verify', out);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toMatch(/members\/part-00000.parquet changed since it was written/);
    expect(readFileSync(join(out, 'summary', 'failures.csv'), 'utf8')).toMatch(/^reason,count\n"?input: D_R = …/);
  }, 120_000);

  it('the share comes from --shard, a Slurm array task or a Kubernetes indexed job', () => {
    expect(shareFromOptions({ shard: '2/5' }, {})).toEqual({ index: 2, count: 5 });
    expect(shareFromOptions({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ index: 3, count: 4 });
    expect(shareFromOptions({}, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
    expect(shareFromOptions({}, { JOB_COMPLETION_INDEX: '1', BONESIM_SHARDS: '3' })).toEqual({ index: 1, count: 3 });
    expect(shareFromOptions({ shards: '6' }, { JOB_COMPLETION_INDEX: '5' })).toEqual({ index: 5, count: 6 });
    expect(() => shareFromOptions({}, { JOB_COMPLETION_INDEX: '1' })).toThrow(/--shards N/);
    expect(() => shareFromOptions({}, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '2' })).toThrow(/steps by 2/);
    expect(shareFromOptions({ shard: 'all' }, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toBeUndefined();
    expect(shareFromOptions({}, {})).toBeUndefined();
  });
});
