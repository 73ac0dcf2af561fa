import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEnsemble } from '../../src/ensemble/ensemble.ts';
import { BonesimError } from '../../src/errors.ts';
import { readEnsembleInputs } from '../../src/node/ensemble/inputs.ts';
import { readManifest } from '../../src/node/ensemble/manifest.ts';
import { mergeFolders } from '../../src/node/ensemble/mergeFolders.ts';
import { runChunks, type ChunkDone, type WorkerReady } from '../../src/node/ensemble/pool.ts';
import { runEnsembleFolder } from '../../src/node/ensemble/runFolder.ts';
import { verifyFolder } from '../../src/node/ensemble/verifyFolder.ts';
import { expectSameFolders, POPULATION, root, scratch } from './folders.ts';

const SOBOL = join(root, 'test', 'fixtures', 'ensembles', 'lemaire-sobol.yaml');

const options = { ensemble: { points: 30 }, chunkSize: 32, png: false };

describe('ensemble members by chunk', () => {
  it('a member is the same whichever chunk runs it (runChunk over 0..239 and over two pieces)', () => {
    const ensemble = openEnsemble(readEnsembleInputs(POPULATION), { points: 30 });
    const whole = ensemble.runChunk(0, 240);
    const copy = { state: whole.state.slice(), metrics: whole.metrics.slice(), trajectories: whole.trajectories.slice(), parameters: whole.parameters.slice() };
    const other = openEnsemble(readEnsembleInputs(POPULATION), { points: 30 });
    const a = other.runChunk(0, 101);
    const parts = { state: a.state.slice(0, 101), metrics: a.metrics.slice(0, 101 * ensemble.layout.metrics.length) };
    const b = other.runChunk(101, 139);
    expect([...parts.state, ...b.state.slice(0, 139)]).toEqual([...copy.state]);
    expect([...parts.metrics, ...b.metrics.slice(0, 139 * ensemble.layout.metrics.length)]).toEqual([...copy.metrics]);
    // Some members fail (their production cannot keep up with the removal), the rest run to the end.
    const failed = copy.state.filter((s) => s === 2).length;
    expect(failed).toBeGreaterThan(20);
    expect(failed).toBeLessThan(120);
    expect(ensemble.layout.metrics.map((m) => m.name)).toContain('bone_volume_change_end_pct');
  }, 60_000);
});

describe('bonesim ensemble output folders', () => {
  it('one thread and two worker threads write the same bytes; DuckDB reads the Parquet parts with the same numbers', async () => {
    const here = scratch('ensemble-t0');
    const threads = scratch('ensemble-t2');
    const one = await runEnsembleFolder(POPULATION, { ...options, out: here, threads: 0 });
    const two = await runEnsembleFolder(POPULATION, { ...options, out: threads, threads: 2 });
    expect(one.state).toBe('complete');
    expect(two.ran).toBe(240);
    expectSameFolders(here, threads);
    expect(verifyFolder(here)).toMatchObject({ ok: true, members: 240, expected: 240, complete: true });

    const summary = one.summary!;
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
    const members = `read_parquet('${here}/members/*.parquet')`;
    const counts = await rows(`select status, count(*) as n from ${members} group by status order by status`);
    expect(counts).toEqual([...(summary.failed ? [{ status: 'failed', n: String(summary.failed) }] : []), { status: 'ok', n: String(summary.ok) }]);
    const [check] = await rows(`select count(*) as n, min(member) as lo, max(member) as hi, count(distinct member) as distinct_members,
      avg(bone_volume_change_end_pct) as mean, count(bone_volume_change_end_pct) as present,
      count(*) filter (where status = 'failed' and reason like 'numerical: R (responding%' and time > 20 and time < 80) as explained from ${members}`);
    expect(check).toMatchObject({ n: '240', lo: '0', hi: '239', distinct_members: '240', present: String(summary.ok), explained: String(summary.failed) });
    const bone = summary.metrics.find((m) => m.metric.name === 'bone_volume_change_end_pct')!.distribution;
    expect(Number(check.mean)).toBeCloseTo(bone.mean, 10);
    const trajectories = `read_parquet('${here}/trajectories/*.parquet')`;
    const [shape] = await rows(`select count(*) as n, count(distinct time) as times, count(BV) as present from ${trajectories}`);
    const T = one.manifest.layout.times.length;
    expect(shape).toEqual({ n: String(240 * T), times: String(T), present: String(summary.ok * T) });
    // The median bone volume at the end, exact here (240 members), is DuckDB's too (type 7 quantile = quantile_cont).
    const [median] = await rows(`select quantile_cont(BV, 0.5) as m from ${trajectories} where time = ${one.manifest.layout.times[T - 1]} and BV is not null`);
    const band = summary.bands!.series.find((s) => s.name === 'BV')!.percentiles.find((p) => p.percentile === 50)!.values;
    expect(Number(median.m)).toBeCloseTo(band[T - 1], 10);
    connection.closeSync();
  }, 120_000);

  it('a Sobol design: the indices computed on two worker threads are the bytes of one thread\'s', async () => {
    const here = scratch('ensemble-sobol-t0');
    const threads = scratch('ensemble-sobol-t2');
    const one = await runEnsembleFolder(SOBOL, { ...options, out: here, threads: 0 });
    const two = await runEnsembleFolder(SOBOL, { ...options, out: threads, threads: 2 });
    expect(two.ran).toBe(256);
    expectSameFolders(here, threads);
    const sobol = one.summary!.sobol!;
    expect(sobol.length).toBe(one.manifest.layout.metrics.length);
    expect(sobol[0].indices.parameters).toEqual(['D_R', 'k_B', 'd_B']);
    expect(sobol[0].indices.second).toBeDefined();
  }, 120_000);

  it('the pool says which thread ran each chunk, when, and that thread\'s own CPU time', async () => {
    const inputs = readEnsembleInputs(POPULATION);
    const tasks = Array.from({ length: 6 }, (_, chunk) => ({ chunk, first: chunk * 40, count: 40 }));
    const ready: WorkerReady[] = [];
    const done: ChunkDone[] = [];
    const began = performance.timeOrigin + performance.now();
    await runChunks(tasks, { inputs, options: { points: 30 }, design: 'test', threads: 2 }, { ready: (r) => ready.push(r), chunk: (d) => done.push(d) });
    const ended = performance.timeOrigin + performance.now();
    expect(ready.map((r) => r.worker).sort()).toEqual([0, 1]);
    for (const r of ready) expect(began <= r.createdAt && r.createdAt <= r.openedAt && r.openedAt <= r.readyAt && r.readyAt <= ended).toBe(true);
    expect(done.map((d) => d.chunk).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const d of done) {
      expect([0, 1]).toContain(d.worker);
      expect(d.startedAt).toBeLessThanOrEqual(d.finishedAt);
      expect(d.startedAt).toBeGreaterThanOrEqual(began);
      expect(d.finishedAt).toBeLessThanOrEqual(ended);
      // The thread's own time (Linux: /proc/thread-self), never more than the chunk's wall time plus a clock tick.
      if (process.platform === 'linux') expect(d.cpuMilliseconds).toBeLessThanOrEqual(d.finishedAt - d.startedAt + 10.5);
    }
    // One thread's chunks do not overlap in time.
    for (const k of [0, 1]) {
      const mine = done.filter((d) => d.worker === k).sort((a, b) => a.startedAt - b.startedAt);
      for (let i = 1; i < mine.length; i++) expect(mine[i].startedAt).toBeGreaterThanOrEqual(mine[i - 1].finishedAt);
    }
  }, 120_000);

  it('shares merged are byte for byte what one unsharded run writes', async () => {
    const whole = scratch('ensemble-whole');
    await runEnsembleFolder(POPULATION, { ...options, out: whole, threads: 0 });
    const shares = scratch('ensemble-shares');
    for (let index = 0; index < 3; index++) {
      const outcome = await runEnsembleFolder(POPULATION, { ...options, out: join(shares, `share-${index}-of-3`), threads: 0, shard: { index, count: 3 } });
      expect(outcome.state).toBe('share-complete');
      expect(verifyFolder(join(shares, `share-${index}-of-3`)).ok).toBe(true);
    }
    // Missing a share: refused, naming it.
    const partial = scratch('ensemble-partial');
    await expect(mergeFolders([join(shares, 'share-0-of-3'), join(shares, 'share-2-of-3')], join(partial, 'merged'))).rejects.toThrow(/chunks are missing[\s\S]*share 1\/3/);
    const merged = join(scratch('ensemble-merged'), 'out');
    await mergeFolders([shares], merged, { png: false });
    expectSameFolders(whole, merged);
    expect(readManifest(merged)!.share).toBeNull();
  }, 120_000);

  it('a damaged part fails verification and the rerun repairs it; another design is refused the folder', async () => {
    const dir = scratch('ensemble-damage');
    await runEnsembleFolder(POPULATION, { ...options, out: dir, threads: 0 });
    const reference = scratch('ensemble-damage-ref');
    cpSync(dir, reference, { recursive: true });
    const part = join(dir, 'members', 'part-00003.parquet');
    const bytes = readFileSync(part);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(part, bytes);
    const check = verifyFolder(dir);
    expect(check.ok).toBe(false);
    expect(check.problems).toContain('members/part-00003.parquet changed since it was written (checksum)');
    const logged: string[] = [];
    const again = await runEnsembleFolder(POPULATION, { ...options, out: dir, threads: 0, log: (line) => logged.push(line) });
    expect(again.ran).toBe(32);
    expect(logged.join('\n')).toMatch(/chunk 3: .* changed since written: running it again/);
    expectSameFolders(reference, dir);
    // Same folder, other options: refused (exit 2), nothing touched.
    await expect(runEnsembleFolder(POPULATION, { ...options, chunkSize: 16, out: dir, threads: 0 })).rejects.toThrow(BonesimError);
    expectSameFolders(reference, dir);
  }, 120_000);
});
