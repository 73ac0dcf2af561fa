/**
 * The ensemble's goals (issue 12), measured: the machinery's cost over bare runs, two threads against
 * one, the whole command of a 20-parameter Sobol analysis, and the memory of a million-member run.
 * CPU seconds beside wall seconds: the machine may be shared.
 *
 * Two threads against one is measured twice: the pool's steady state (members per second while every
 * worker is past its warm-up and none has run out of work, from the pool's own per-chunk records: see
 * ensembleScaling.ts) and the whole call (workers' start-up and V8's warm-up of the generated kernels
 * included, as every command pays them); and the whole `bonesim ensemble` command on 1 and 2 threads.
 * The workers run the CLI's bundled worker (dist/cli/ensembleWorker.cjs), as the command does, not
 * bonesim's TypeScript sources through tsx.
 *
 *   node out/bench/dist/ensembleBench.mjs [--members 512] [--scaling-members 8192]
 *   ENSEMBLE_REPEATS=3  repeats of the thread runs and of the whole commands (medians reported)
 *   ENSEMBLE_FULL=1     also the whole 172,032-run Sobol commands of opg-knockout and denosumab (minutes)
 *   ENSEMBLE_MILLION=1  also the million-member population, its RSS sampled every half second
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEnsemble } from '../src/ensemble/ensemble.ts';
import { createSampler } from '../src/ensemble/sampling.ts';
import { readEnsembleInputs } from '../src/node/ensemble/inputs.ts';
import { chunkTasks, defaultChunkSize } from '../src/node/ensemble/manifest.ts';
import { chunkToParquet } from '../src/node/ensemble/parquetParts.ts';
import { scalingRun, type ScalingRun } from './ensembleScaling.ts';

// The repository (in the bundle, import.meta.url is this source file's URL: bin/build.mjs keeps it).
const root = fileURLToPath(new URL('..', import.meta.url));
const designs = join(root, 'bench', 'designs');
const bonesim = join(root, 'bin', 'bonesim.mjs');
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const members = Number(option('members', '512'));
const scalingMembers = Number(option('scaling-members', '8192'));
const repeats = Math.max(1, Number(process.env.ENSEMBLE_REPEATS ?? '3'));
// The CLI's bundled worker (bench/run.mjs builds it first); without it the pool falls back to tsx (said so in the output).
const cliWorker = join(root, 'dist', 'cli', 'ensembleWorker.cjs');
const workerScript = existsSync(cliWorker) ? cliWorker : undefined;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const timed = <T>(fn: () => T): { value: T; wall: number; cpu: number } => {
  const c = cpu();
  const t = performance.now();
  const value = fn();
  return { value, wall: (performance.now() - t) / 1000, cpu: cpu() - c };
};

// ---- the machinery over bare runs (one thread), on the 20-parameter opg-knockout Sobol design ----
const sobolFile = join(designs, 'opg-knockout-sobol-20-n256.yaml');
const inputs = readEnsembleInputs(sobolFile);
const ensemble = openEnsemble(inputs);
const sampler = createSampler(ensemble.design);
const p = new Float64Array(ensemble.prepared.compiled.parameterNames.length);
const names = ensemble.design.columns;
const bare = (count = members) => {
  for (let i = 0; i < count; i++) {
    sampler.parameters(i, p);
    const parameters: Record<string, number> = {};
    for (const c of names) parameters[c.name] = p[c.index];
    try {
      ensemble.prepared.run({ parameters, report: 'end' });
    } catch {
      // a failed member: the bare loop has no status to keep
    }
  }
};
const machinery = () => {
  const chunk = ensemble.runChunk(0, members);
  return chunkToParquet(ensemble.layout, chunk, { design: 'bench', chunk: 0, first: 0, count: members });
};
// Warm both paths first (V8 optimises each), then alternate three times and keep the medians.
bare();
machinery();
const bareTimes: number[] = [];
const machineryTimes: number[] = [];
for (let r = 0; r < 3; r++) {
  bareTimes.push(timed(() => bare()).cpu);
  machineryTimes.push(timed(machinery).cpu);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const overhead = { members, bare_cpu_seconds: median(bareTimes), ensemble_cpu_seconds: median(machineryTimes), overhead: median(machineryTimes) / median(bareTimes) - 1 };

// ---- two worker threads against one, same chunks, same bytes ----
// Chunks as the command makes them for this many members; one and two threads alternate, `repeats` times each.
const tasks = chunkTasks(scalingMembers, defaultChunkSize(scalingMembers));
const runs: ScalingRun[] = [];
for (let r = 0; r < repeats; r++) for (const t of [1, 2]) runs.push(await scalingRun(inputs, tasks, t, { workerScript, warmMembers: 1024 }));
const of = (t: number) => runs.filter((r) => r.threads === t);
const steady = (t: number) => median(of(t).map((r) => r.steady.members_per_second));
const whole = (t: number) => median(of(t).map((r) => r.members_per_second));
const brief = ({ bytes: _bytes, ...rest }: ScalingRun) => rest;
const threads = {
  members: scalingMembers,
  chunk_size: tasks[0].count,
  repeats,
  worker: workerScript ? 'dist/cli/ensembleWorker.cjs' : 'TypeScript sources through tsx (no CLI bundle)',
  steady_members_per_second: { one: steady(1), two: steady(2) },
  steady_speedup: steady(2) / steady(1),
  whole_members_per_second: { one: whole(1), two: whole(2) },
  whole_speedup: whole(2) / whole(1),
  identical_parts: of(1)[0].bytes.every((b, k) => Buffer.from(b).equals(Buffer.from(of(2)[0].bytes[k]))),
  runs: runs.map(brief),
};

// Bare runs of every member of the design (warm, this thread): what the whole command is compared with.
const bareAll = timed(() => bare(ensemble.layout.members));

// ---- whole commands ----
const command = (design: string, out: string, extra: string[] = []) => {
  rmSync(out, { recursive: true, force: true });
  const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'node', bonesim, 'ensemble', design, '--out', out, '--no-png', '-q', ...extra], { encoding: 'utf8', cwd: root });
  const last = child.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { design: design.replace(`${root}/`, ''), args: extra.join(' '), exit: child.status, wall_seconds: last[0], cpu_seconds: last[1] + last[2], max_rss_mb: last[3] / 1024, load: loadavg()[0], summary: child.stdout.trim().split('\n')[0] };
};
const scratch = mkdtempSync(join(tmpdir(), 'bonesim-ensemble-bench-'));
// The n256 Sobol design on one thread and on two, alternating; the medians, and every run.
const sobolRuns: Array<ReturnType<typeof command>> = [];
for (let r = 0; r < repeats; r++) for (const t of [1, 2]) sobolRuns.push(command(sobolFile, join(scratch, `sobol-n256-${t}`), ['--threads', String(t)]));
const commandMedian = (t: number) => {
  const these = sobolRuns.filter((c) => c.args === `--threads ${t}`);
  return { threads: t, wall_seconds: median(these.map((c) => c.wall_seconds)), cpu_seconds: median(these.map((c) => c.cpu_seconds)), exit: Math.max(...these.map((c) => c.exit ?? 1)), summary: these[0].summary };
};
const sobolCommand = {
  design: sobolFile.replace(`${root}/`, ''),
  members: ensemble.layout.members,
  one: commandMedian(1),
  two: commandMedian(2),
  speedup: commandMedian(1).wall_seconds / commandMedian(2).wall_seconds,
  // The whole one-thread command (node and bonesim loaded, worker start-up and V8's warm-up, Parquet parts written,
  // summaries and report) over bare warm runs of the same members on one thread.
  bare_all_members: { wall_seconds: bareAll.wall, cpu_seconds: bareAll.cpu },
  overhead_over_bare: { wall: commandMedian(1).wall_seconds / bareAll.wall - 1, cpu: commandMedian(1).cpu_seconds / bareAll.cpu - 1 },
  runs: sobolRuns,
};
const full = process.env.ENSEMBLE_FULL === '1'
  ? [command(join(designs, 'opg-knockout-sobol-20.yaml'), join(scratch, 'sobol-opg')), command(join(designs, 'denosumab-sobol-20.yaml'), join(scratch, 'sobol-denosumab'))]
  : [];

// ---- a million members: RSS over time ----
let million: unknown;
if (process.env.ENSEMBLE_MILLION === '1') {
  const out = join(scratch, 'million');
  const started = performance.now();
  const child = spawn('node', [bonesim, 'ensemble', join(designs, 'million-toy.yaml'), '--out', out, '--no-png', '-q', '--points', '11'], { cwd: root, stdio: 'ignore' });
  const samples: Array<[number, number]> = [];
  const timer = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (rss) samples.push([(performance.now() - started) / 1000, Number(rss[1]) / 1024]);
    } catch {
      // the process has ended
    }
  }, 500);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const quarter = Math.max(1, samples.length >> 2);
  const mean = (xs: Array<[number, number]>) => xs.reduce((s, x) => s + x[1], 0) / xs.length;
  million = {
    exit: code, seconds: (performance.now() - started) / 1000, samples: samples.length,
    rss_mb_first_quarter: mean(samples.slice(0, quarter)), rss_mb_last_quarter: mean(samples.slice(-quarter)),
    rss_mb_max: Math.max(...samples.map((s) => s[1])), rss_mb_series: samples.filter((_, k) => k % Math.max(1, samples.length >> 4) === 0).map(([t, m]) => [Number(t.toFixed(1)), Math.round(m)]),
  };
}
rmSync(scratch, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ overhead, threads, sobol_command: sobolCommand, commands: full, million }) + '\n');
