import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/node/ensemble/manifest.ts';
import { runEnsembleFolder } from '../../src/node/ensemble/runFolder.ts';
import { expectSameFolders, POPULATION, root, scratch } from '../ensemble/folders.ts';

const slurmDir = process.env.BONESIM_SLURM_DIR ?? '/tmp/bonesim-slurm';
const env = { ...process.env, SLURM_CONF: join(slurmDir, 'slurm.conf') };
const sh = (command: string, args: string[], cwd = root) => spawnSync(command, args, { cwd, env, encoding: 'utf8' });

/**
 * The README's Slurm job array against a real single-node Slurm (Debian's slurm-wlm and munge, started by
 * test/slurm/start-slurm.sh, which .ci/run calls first; started here too when it is not running): four
 * array tasks each run one share, a dependent job merges them, and the merged folder is byte for byte
 * what one unsharded run writes.
 */
describe('a Slurm job array', () => {
  it('runs four shares as array tasks, merges them in a dependent job, and equals one unsharded run', async () => {
    if (sh('sinfo', ['-h']).status !== 0) {
      const started = sh('bash', [join(root, 'test', 'slurm', 'start-slurm.sh')]);
      expect(started.status, `${started.stdout}${started.stderr}\nSlurm is needed: run test/slurm/start-slurm.sh as root (it installs slurm-wlm and munge)`).toBe(0);
    }
    const work = scratch('slurm');
    const out = join(work, 'run');
    const script = join(root, 'ensembles', 'slurm', 'array.sbatch');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(readFileSync(script, 'utf8').trim());
    const bonesim = `node ${join(root, 'bin', 'bonesim.mjs')}`;
    const submit = spawnSync('sbatch', ['--parsable', '--array=0-3', '--cpus-per-task=1', script], {
      cwd: work, encoding: 'utf8', env: { ...env, DESIGN: POPULATION, OUT: out, BONESIM: bonesim },
    });
    expect(submit.status, submit.stderr).toBe(0);
    const array = submit.stdout.trim().split(';')[0];
    const merge = sh('sbatch', ['--parsable', `--dependency=afterok:${array}`, '--wrap', `${bonesim} merge ${out} --out ${join(out, 'merged')} --no-png`], work);
    expect(merge.status, merge.stderr).toBe(0);
    const mergeJob = merge.stdout.trim().split(';')[0];
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && sh('squeue', ['-h', '-j', `${array},${mergeJob}`]).stdout.trim()) await new Promise((r) => setTimeout(r, 300));
    expect(sh('squeue', ['-h', '-j', `${array},${mergeJob}`]).stdout.trim(), 'jobs still queued or running').toBe('');
    const logs = spawnSync('sh', ['-c', 'cat slurm-*.out'], { cwd: work, encoding: 'utf8' }).stdout;
    for (let i = 0; i < 4; i++) {
      const share = readManifest(join(out, `share-${i}-of-4`));
      expect(share?.complete, logs).toBe(true);
      expect(share!.share).toMatchObject({ index: i, count: 4 });
    }
    expect(readManifest(join(out, 'merged'))?.complete, logs).toBe(true);

    const whole = join(scratch('slurm-whole'), 'out');
    await runEnsembleFolder(POPULATION, { out: whole, threads: 0, png: false, ensemble: { points: 200 } });
    expectSameFolders(whole, join(out, 'merged'));
  }, 240_000);
});
