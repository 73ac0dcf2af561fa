/**
 * The ensemble's goals (issue 12), measured: the machinery's cost over bare runs, two threads against
 * one, the whole command of a 20-parameter Sobol analysis, and the memory of a million-member run.
 * CPU seconds beside wall seconds: the machine may be shared.
 *
 *   node out/bench/dist/ensembleBench.mjs [--members 512]
 *   ENSEMBLE_FULL=1     also the whole 172,032-run Sobol commands of opg-knockout and denosumab (minutes)
 *   ENSEMBLE_MILLION=1  also the million-member population, its RSS sampled every half second
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEnsemble } from '../src/ensemble/ensemble.ts';
import { createSampler } from '../src/ensemble/sampling.ts';
import { readEnsembleInputs } from '../src/node/ensemble/inputs.ts';
import { chunkToParquet } from '../src/node/ensemble/parquetParts.ts';
import { runChunks } from '../src/node/ensemble/pool.ts';

// The repository (in the bundle, import.meta.url is this source file's URL: bin/build.mjs keeps it).
const root = fileURLToPath(new URL('..', import.meta.url));
const designs = join(root, 'bench', 'designs');
const bonesim = join(root, 'bin', 'bonesim.mjs');
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const members = Number(option('members', '512'));
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
const bare = () => {
  for (let i = 0; i < members; i++) {
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
  bareTimes.push(timed(bare).cpu);
  machineryTimes.push(timed(machinery).cpu);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const overhead = { members, bare_cpu_seconds: median(bareTimes), ensemble_cpu_seconds: median(machineryTimes), overhead: median(machineryTimes) / median(bareTimes) - 1 };

// ---- two worker threads against one, same chunks, same bytes ----
const tasks = Array.from({ length: 16 }, (_, chunk) => ({ chunk, first: chunk * (members / 8), count: members / 8 }));
const threadRun = async (threads: number) => {
  const bytes: Uint8Array[] = [];
  const started = performance.now();
  await runChunks(tasks, { inputs, design: 'bench', threads }, { chunk: (done) => (bytes[done.chunk] = done.files.members) });
  return { seconds: (performance.now() - started) / 1000, bytes };
};
await threadRun(2); // warm: thread start, code cache
const one = await threadRun(1);
const two = await threadRun(2);
const threads = {
  members: 2 * members,
  one_thread_seconds: one.seconds,
  two_threads_seconds: two.seconds,
  speedup: one.seconds / two.seconds,
  identical_parts: one.bytes.every((b, k) => Buffer.from(b).equals(Buffer.from(two.bytes[k]))),
};

// ---- whole commands ----
const command = (design: string, out: string, extra: string[] = []) => {
  rmSync(out, { recursive: true, force: true });
  const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'node', bonesim, 'ensemble', design, '--out', out, '--no-png', '-q', ...extra], { encoding: 'utf8', cwd: root });
  const last = child.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { design: design.replace(`${root}/`, ''), exit: child.status, wall_seconds: last[0], cpu_seconds: last[1] + last[2], max_rss_mb: last[3] / 1024, summary: child.stdout.trim().split('\n')[0] };
};
const scratch = mkdtempSync(join(tmpdir(), 'bonesim-ensemble-bench-'));
const sobolSmall = command(sobolFile, join(scratch, 'sobol-n256'));
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
process.stdout.write(JSON.stringify({ overhead, threads, commands: [sobolSmall, ...full], million }) + '\n');
